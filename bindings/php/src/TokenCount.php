<?php
declare(strict_types=1);

namespace LiterLlm;

/** How many tokens a request is for its model; $isEstimate is false only for the model's own count. */
final class TokenCount
{
    /** @param array<string, mixed> $raw the answer as the library sent it */
    public function __construct(
        public readonly string $model,
        public readonly int $inputTokens,
        public readonly ?string $tokenizer,
        public readonly bool $isEstimate,
        public readonly string $method,
        public readonly ?int $contextWindow,
        public readonly ?bool $fits,
        public readonly array $raw,
    ) {
    }

    /** @param array<string, mixed> $d */
    public static function fromArray(array $d): self
    {
        return new self(
            (string)($d['model'] ?? ''),
            (int)($d['input_tokens'] ?? 0),
            $d['tokenizer'] ?? null,
            (bool)($d['is_estimate'] ?? true),
            (string)($d['method'] ?? ''),
            isset($d['context_window']) ? (int)$d['context_window'] : null,
            isset($d['fits']) ? (bool)$d['fits'] : null,
            $d,
        );
    }
}
