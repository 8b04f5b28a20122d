<?php
declare(strict_types=1);

namespace LiterLlm;

/**
 * A response as the provider sent it (OpenAI's shape): read it like an array,
 * `$r['choices'][0]['message']['content']`, or with the helpers. The typed responses
 * (Types\ChatCompletion, Types\Embeddings, ...) extend it with typed properties.
 */
class Response extends Types\Record
{
    /**
     * @param array<string, mixed> $data
     * @param Meta|null $meta how the library served it (deployment, attempts, cost, request id)
     */
    public function __construct(array $data, public readonly ?Meta $meta = null)
    {
        parent::__construct($data);
    }

    /** The first choice's text (chat), or null. */
    public function content(): ?string
    {
        return $this->data['choices'][0]['message']['content'] ?? null;
    }

    /** @return list<array<string, mixed>> the first choice's tool calls (empty when none) */
    public function toolCalls(): array
    {
        return $this->data['choices'][0]['message']['tool_calls'] ?? [];
    }

    /**
     * The first choice's message as a request message, to send back in the next turn: its
     * text and tool calls (not its reasoning, which providers refuse as input).
     *
     * @return array{role: string, content?: string, tool_calls?: list<array<string, mixed>>}
     */
    public function message(): array
    {
        $m = ['role' => 'assistant'];
        if (($c = $this->content()) !== null) {
            $m['content'] = $c;
        }
        if ($this->toolCalls() !== []) {
            $m['tool_calls'] = $this->toolCalls();
        }
        return $m;
    }

    /** The text of a Responses API response's output messages, or null. */
    public function outputText(): ?string
    {
        if (!isset($this->data['output']) || !is_array($this->data['output'])) {
            return null;
        }
        $text = '';
        foreach ($this->data['output'] as $item) {
            if (($item['type'] ?? null) !== 'message') {
                continue;
            }
            foreach ($item['content'] ?? [] as $part) {
                if (($part['type'] ?? null) === 'output_text') {
                    $text .= (string)$part['text'];
                }
            }
        }
        return $text;
    }

    /** @return array<string, mixed>|null token usage */
    public function usage(): ?array
    {
        return $this->data['usage'] ?? null;
    }
}
