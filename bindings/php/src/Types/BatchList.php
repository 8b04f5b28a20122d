<?php
declare(strict_types=1);

namespace LiterLlm\Types;

use LiterLlm\Meta;
use LiterLlm\Response;

/** A page of batches. */
final class BatchList extends Response
{
    /** @var list<Batch> the batches */
    public readonly array $batches;

    /** Whether another page follows, or null. */
    public readonly ?bool $hasMore;

    /**
     * Read a parsed response; a field of the wrong type is an InvalidResponseException.
     *
     * @param array<string, mixed> $data
     */
    public function __construct(array $data, ?Meta $meta = null)
    {
        parent::__construct($data, $meta);
        $this->batches = Read::list($data, 'data', static fn (array $x): Batch => new Batch($x));
        $this->hasMore = Read::bool($data, 'has_more');
    }
}
