<?php
declare(strict_types=1);

namespace LiterLlm\Types;

/** One choice of a chat completion. */
final class Choice extends Record
{
    /** Its index. */
    public readonly int $index;

    /** The answer. */
    public readonly ResponseMessage $message;

    /** Why generation stopped (stop, length, tool_calls, content_filter), or null. */
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
        $this->message = new ResponseMessage(Read::obj($data, 'message') ?? []);
        $this->finishReason = Read::str($data, 'finish_reason');
    }
}
