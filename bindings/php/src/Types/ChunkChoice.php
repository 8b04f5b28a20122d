<?php
declare(strict_types=1);

namespace LiterLlm\Types;

/** One choice's delta in a stream chunk. */
final class ChunkChoice extends Record
{
    /** The choice. */
    public readonly int $index;

    /** What this chunk adds. */
    public readonly Delta $delta;

    /** Set on the choice's last chunk, else null. */
    public readonly ?string $finishReason;

    /**
     * Read a parsed object; a field of the wrong type is an InvalidResponseException.
     *
     * @param array<string, mixed> $data
     */
    public function __construct(array $data)
    {
        parent::__construct($data);
        $this->index = Read::int($data, 'index') ?? 0;
        $this->delta = new Delta(Read::obj($data, 'delta') ?? []);
        $this->finishReason = Read::str($data, 'finish_reason');
    }
}
