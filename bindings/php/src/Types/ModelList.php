<?php
declare(strict_types=1);

namespace LiterLlm\Types;

use LiterLlm\Meta;
use LiterLlm\Response;

/** A provider's models. */
final class ModelList extends Response
{
    /** @var list<Model> the models */
    public readonly array $models;

    /**
     * Read a parsed response; a field of the wrong type is an InvalidResponseException.
     *
     * @param array<string, mixed> $data
     */
    public function __construct(array $data, ?Meta $meta = null)
    {
        parent::__construct($data, $meta);
        $this->models = Read::list($data, 'data', static fn (array $x): Model => new Model($x));
    }
}
