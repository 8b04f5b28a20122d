<?php
declare(strict_types=1);

namespace LiterLlm\Types;

/** The model's message in a chat response. */
final class ResponseMessage extends Record
{
    /** "assistant". */
    public readonly ?string $role;

    /** The text, or null (a turn of tool calls only). */
    public readonly ?string $content;

    /** A refusal's text, or null. */
    public readonly ?string $refusal;

    /** @var list<ToolCall> the tools the model called (empty when none) */
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
        $this->toolCalls = Read::list($data, 'tool_calls', static fn (array $x): ToolCall => new ToolCall($x));
    }

    /**
     * This answer as a request message, to send back in the next turn: its text and tool
     * calls (not its reasoning, which providers refuse as input).
     *
     * @return array{role: string, content?: string, tool_calls?: list<array<string, mixed>>}
     */
    public function toParam(): array
    {
        $m = ['role' => 'assistant'];
        if ($this->content !== null) {
            $m['content'] = $this->content;
        }
        if ($this->toolCalls !== []) {
            $m['tool_calls'] = array_map(static fn (ToolCall $c): array => $c->data, $this->toolCalls);
        }
        return $m;
    }
}
