<?php
declare(strict_types=1);

namespace LiterLlm\Exception;

/**
 * Base of every liter_llm error. One subclass per stable label (see ErrorMap::CLASSES).
 */
class LiterLlmException extends \RuntimeException
{
    private ?\LiterLlm\Meta $meta = null;

    /** @param array<string, mixed> $error the envelope's "error" object */
    public function __construct(private readonly array $error)
    {
        parent::__construct((string)($error['message'] ?? 'liter_llm error'), (int)($error['status'] ?? 0));
    }

    /** The stable label, e.g. "rate_limited". */
    public function getLabel(): string { return (string)($this->error['label'] ?? 'internal'); }

    /** The provider's HTTP status, if there was one. */
    public function getStatus(): ?int { return isset($this->error['status']) ? (int)$this->error['status'] : null; }

    /** Seconds the provider asked us to wait, if it said. */
    public function getRetryAfter(): ?float { return isset($this->error['retry_after']) ? (float)$this->error['retry_after'] : null; }

    public function isRetryable(): bool { return (bool)($this->error['retryable'] ?? false); }

    public function getProvider(): ?string { return $this->error['provider'] ?? null; }

    public function getModel(): ?string { return $this->error['model'] ?? null; }

    public function getRequestId(): ?string { return $this->error['request_id'] ?? null; }

    /** What was tried before the call failed (attempts with their labels), or null. */
    public function getMeta(): ?\LiterLlm\Meta { return $this->meta; }

    /** @internal set by the checked layer from the envelope */
    public function withMeta(?\LiterLlm\Meta $meta): static
    {
        $this->meta = $meta;
        return $this;
    }
}
