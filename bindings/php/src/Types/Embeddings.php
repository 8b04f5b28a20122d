<?php
declare(strict_types=1);

namespace LiterLlm\Types;

use LiterLlm\Meta;
use LiterLlm\Response;

/** An embeddings response. */
final class Embeddings extends Response
{
    /** @var list<Embedding> one embedding per input, in input order */
    public readonly array $embeddings;

    /** The model that answered. */
    public readonly ?string $model;

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
        $this->embeddings = Read::list($data, 'data', static fn (array $x): Embedding => new Embedding($x));
        $this->model = Read::str($data, 'model');
        $this->usage = ($o = Read::obj($data, 'usage')) === null ? null : new Usage($o);
    }
}
