<?php
declare(strict_types=1);

namespace LiterLlm;

/**
 * What a call cost in USD, by token kind. Amounts are decimal strings, exact as the library
 * computed them (use bcmath or brick/math for arithmetic, never floats). A model without a
 * price has a null $usd and a $reason: a cost is never guessed.
 */
final class Cost
{
    /** @param array<string, string> $breakdown the amount per token kind */
    public function __construct(
        public readonly ?string $usd,
        public readonly array $breakdown,
        public readonly ?string $pricedAs,
        public readonly ?string $source,
        public readonly ?string $reason,
    ) {
    }

    public function isKnown(): bool { return $this->usd !== null; }

    /** @param mixed $c a "cost" object; null when there is none */
    public static function fromArray(mixed $c): ?self
    {
        if (!is_array($c)) {
            return null;
        }
        return new self(
            isset($c['usd']) ? (string)$c['usd'] : null,
            array_map('strval', (array)($c['breakdown'] ?? [])),
            $c['priced_as'] ?? null,
            $c['source'] ?? null,
            $c['reason'] ?? null,
        );
    }
}
