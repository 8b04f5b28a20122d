<?php
declare(strict_types=1);

namespace LiterLlm\Types;

use LiterLlm\Meta;
use LiterLlm\Response;

/** The answer to a delete (a file, a stored response). */
final class Deleted extends Response
{
    /** What was deleted, or null. */
    public readonly ?string $id;

    /** Whether it was deleted. */
    public readonly bool $deleted;

    /**
     * Read a parsed response; a field of the wrong type is an InvalidResponseException.
     *
     * @param array<string, mixed> $data
     */
    public function __construct(array $data, ?Meta $meta = null)
    {
        parent::__construct($data, $meta);
        $this->id = Read::str($data, 'id');
        $this->deleted = Read::bool($data, 'deleted') ?? false;
    }
}
