<?php
declare(strict_types=1);

namespace LiterLlm\Types;

/** One input's moderation verdict. */
final class ModerationResult extends Record
{
    /** Whether any category was flagged. */
    public readonly bool $flagged;

    /**
     * Read a parsed object; a field of the wrong type is an InvalidResponseException.
     *
     * @param array<string, mixed> $data
     */
    public function __construct(array $data)
    {
        parent::__construct($data);
        $this->flagged = Read::bool($data, 'flagged') ?? false;
    }

    /** @return array<string, bool> each category's verdict (empty when not sent) */
    public function categories(): array
    {
        return array_filter(Read::obj($this->data, 'categories') ?? [], 'is_bool');
    }

    /** @return array<string, float> each category's score (empty when not sent) */
    public function categoryScores(): array
    {
        return array_map('floatval', array_filter(Read::obj($this->data, 'category_scores') ?? [], 'is_numeric'));
    }
}
