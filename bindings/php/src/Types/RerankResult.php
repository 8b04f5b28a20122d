<?php
declare(strict_types=1);

namespace LiterLlm\Types;

/** One document's place in a ranking. */
final class RerankResult extends Record
{
    /** The document's index in the request. */
    public readonly int $index;

    /** Its score (higher is more relevant). */
    public readonly float $relevanceScore;

    /**
     * Read a parsed object; a field of the wrong type is an InvalidResponseException.
     *
     * @param array<string, mixed> $data
     */
    public function __construct(array $data)
    {
        parent::__construct($data);
        $this->index = Read::int($data, 'index') ?? 0;
        $this->relevanceScore = Read::float($data, 'relevance_score') ?? 0.0;
    }

    /** The document when "return_documents" asked for it, else null. */
    public function document(): mixed
    {
        return $this->data['document'] ?? null;
    }
}
