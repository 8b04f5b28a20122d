<?php
declare(strict_types=1);

namespace LiterLlm\Types;

use LiterLlm\Meta;
use LiterLlm\Response;

/** A chat completion (also the accumulated result of a stream). */
final class ChatCompletion extends Response
{
    /** The provider's id, or null. */
    public readonly ?string $id;

    /** The model that answered. */
    public readonly ?string $model;

    /** Unix seconds, or null. */
    public readonly ?int $created;

    /** @var list<Choice> the choices (one unless "n" asked for more) */
    public readonly array $choices;

    /** Token usage, or null when the provider sent none. */
    public readonly ?Usage $usage;

    /** The backend configuration, or null. */
    public readonly ?string $systemFingerprint;

    /**
     * Read a parsed response; a field of the wrong type is an InvalidResponseException.
     *
     * @param array<string, mixed> $data
     */
    public function __construct(array $data, ?Meta $meta = null)
    {
        parent::__construct($data, $meta);
        $this->id = Read::str($data, 'id');
        $this->model = Read::str($data, 'model');
        $this->created = Read::int($data, 'created');
        $this->choices = Read::list($data, 'choices', static fn (array $x): Choice => new Choice($x));
        $this->usage = ($o = Read::obj($data, 'usage')) === null ? null : new Usage($o);
        $this->systemFingerprint = Read::str($data, 'system_fingerprint');
    }

    /** The first choice's text, or null. */
    public function content(): ?string
    {
        return $this->choices[0]->message->content ?? null;
    }

    /** Why the first choice stopped, or null. */
    public function finishReason(): ?string
    {
        return $this->choices[0]->finishReason ?? null;
    }

    /** @return list<ToolCall> the first choice's tool calls (empty when none) */
    public function toolCalls(): array
    {
        return $this->choices[0]->message->toolCalls ?? [];
    }

    /** @return array{role: string, content?: string, tool_calls?: list<array<string, mixed>>} the first choice's message as a request message */
    public function message(): array
    {
        return isset($this->choices[0]) ? $this->choices[0]->message->toParam() : ['role' => 'assistant'];
    }
}
