<?php
declare(strict_types=1);

namespace LiterLlm\Types;

/** What a stream chunk adds to a message. */
final class Delta extends Record
{
    /** "assistant" on the first chunk, else null. */
    public readonly ?string $role;

    /** Text to append, or null. */
    public readonly ?string $content;

    /** Refusal text to append, or null. */
    public readonly ?string $refusal;

    /** @var list<ToolCallDelta> pieces of tool calls (empty when none) */
    public readonly array $toolCalls;

    /**
     * Read a parsed object; a field of the wrong type is an InvalidResponseException.
     *
     * @param array<string, mixed> $data
     */
    public function __construct(array $data)
    {
        parent::__construct($data);
        $this->role = Read::str($data, 'role');
        $this->content = Read::str($data, 'content');
        $this->refusal = Read::str($data, 'refusal');
        $this->toolCalls = Read::list($data, 'tool_calls', static fn (array $x): ToolCallDelta => new ToolCallDelta($x));
    }
}
