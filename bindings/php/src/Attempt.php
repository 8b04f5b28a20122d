<?php
declare(strict_types=1);

namespace LiterLlm;

/** One try of one deployment or model; $label is null for the attempt that answered. */
final class Attempt
{
    public function __construct(
        public readonly ?string $deployment,
        public readonly string $provider,
        public readonly string $model,
        public readonly ?string $label,
        public readonly ?int $status,
        public readonly ?float $latencyMs,
    ) {
    }
}
