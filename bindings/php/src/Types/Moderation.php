<?php
declare(strict_types=1);

namespace LiterLlm\Types;

use LiterLlm\Meta;
use LiterLlm\Response;

/** A moderation verdict per input. */
final class Moderation extends Response
{
    /** The provider's id, or null. */
    public readonly ?string $id;

    /** The model, or null. */
    public readonly ?string $model;

    /** @var list<ModerationResult> one result per input */
    public readonly array $results;

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
        $this->results = Read::list($data, 'results', static fn (array $x): ModerationResult => new ModerationResult($x));
    }

    /** Whether any input was flagged. */
    public function flagged(): bool
    {
        foreach ($this->results as $r) {
            if ($r->flagged) {
                return true;
            }
        }
        return false;
    }
}
