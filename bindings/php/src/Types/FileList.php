<?php
declare(strict_types=1);

namespace LiterLlm\Types;

use LiterLlm\Meta;
use LiterLlm\Response;

/** A page of uploaded files. */
final class FileList extends Response
{
    /** @var list<FileObject> the files */
    public readonly array $files;

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
        $this->files = Read::list($data, 'data', static fn (array $x): FileObject => new FileObject($x));
        $this->hasMore = Read::bool($data, 'has_more');
    }
}
