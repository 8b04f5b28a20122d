<?php
declare(strict_types=1);

namespace LiterLlm\Types;

use LiterLlm\Meta;
use LiterLlm\Response;

/** Documents ranked by relevance to a query, best first. */
final class RerankResponse extends Response
{
    /** The provider's id, or null. */
    public readonly ?string $id;

    /** @var list<RerankResult> the ranking */
    public readonly array $results;

    /** Token usage, or null. */
    public readonly ?Usage $usage;

    /**
     * Read a parsed response; a field of the wrong type is an InvalidResponseException.
     *
     * @param array<string, mixed> $data
     */
    public function __construct(array $data, ?Meta $meta = null)
    {
        parent::__construct($data, $meta);
        $this->id = Read::str($data, 'id');
        $this->results = Read::list($data, 'results', static fn (array $x): RerankResult => new RerankResult($x));
        $this->usage = ($o = Read::obj($data, 'usage')) === null ? null : new Usage($o);
    }
}
