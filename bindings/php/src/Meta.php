<?php
declare(strict_types=1);

namespace LiterLlm;

/**
 * How the library served a call: the deployment, provider and model that answered, every
 * attempt with its error label, the fallback models used, and the latency.
 */
final class Meta
{
    /**
     * @param list<Attempt> $attempts every attempt, in order
     * @param list<string> $fallbacks the fallback models used, in order
     * @param array<string, mixed> $raw the meta object as the library sent it
     */
    public function __construct(
        public readonly ?string $deployment,
        public readonly ?string $provider,
        public readonly ?string $model,
        public readonly array $attempts,
        public readonly array $fallbacks,
        public readonly ?float $latencyMs,
        public readonly ?float $ttftMs,
        public readonly array $raw,
        public readonly ?Cost $cost = null,
        public readonly bool $cacheHit = false,
        /** @var list<string> soft budgets the call crossed */
        public readonly array $warnings = [],
        /** The provider's request id of the answer (x-request-id and kin), or null. */
        public readonly ?string $requestId = null,
        /** @var array<string, string> the answer's rate-limit headers by lower-cased name (x-ratelimit-remaining-requests, ...) */
        public readonly array $rateLimit = [],
    ) {
    }

    /** @param mixed $m an envelope's "meta" object; null when there is none */
    public static function fromArray(mixed $m): ?self
    {
        if (!is_array($m)) {
            return null;
        }
        $attempts = [];
        foreach ((array)($m['attempts'] ?? []) as $a) {
            $a = (array)$a;
            $attempts[] = new Attempt(
                $a['deployment'] ?? null,
                (string)($a['provider'] ?? ''),
                (string)($a['model'] ?? ''),
                $a['label'] ?? null,
                isset($a['status']) ? (int)$a['status'] : null,
                isset($a['latency_ms']) ? (float)$a['latency_ms'] : null,
            );
        }
        return new self(
            $m['deployment'] ?? null,
            $m['provider'] ?? null,
            $m['model'] ?? null,
            $attempts,
            array_values(array_map('strval', (array)($m['fallbacks'] ?? []))),
            isset($m['latency_ms']) ? (float)$m['latency_ms'] : null,
            isset($m['ttft_ms']) ? (float)$m['ttft_ms'] : null,
            $m,
            Cost::fromArray($m['cost'] ?? null),
            (bool)($m['cache_hit'] ?? false),
            array_values(array_map('strval', (array)($m['warnings'] ?? []))),
            isset($m['request_id']) ? (string)$m['request_id'] : null,
            array_map('strval', (array)($m['rate_limit'] ?? [])),
        );
    }
}
