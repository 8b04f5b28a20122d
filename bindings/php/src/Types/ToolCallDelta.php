<?php
declare(strict_types=1);

namespace LiterLlm\Types;

/** A piece of a tool call in a stream: the first names it, the rest append to its arguments. */
final class ToolCallDelta extends Record
{
    /** Which tool call of the message. */
    public readonly int $index;

    /** The call's id (first piece), or null. */
    public readonly ?string $id;

    /**
     * Read a parsed object; a field of the wrong type is an InvalidResponseException.
     *
     * @param array<string, mixed> $data
     */
    public function __construct(array $data)
    {
        parent::__construct($data);
        $this->index = Read::int($data, 'index') ?? 0;
        $this->id = Read::str($data, 'id');
    }

    /** The function's name (first piece), or null. */
    public function name(): ?string
    {
        return Read::str(Read::obj($this->data, 'function') ?? [], 'name');
    }

    /** A piece of the arguments ("" when none). */
    public function arguments(): string
    {
        return Read::str(Read::obj($this->data, 'function') ?? [], 'arguments') ?? '';
    }
}
