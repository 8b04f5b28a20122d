<?php
declare(strict_types=1);

namespace LiterLlm\Types;

use LiterLlm\Meta;
use LiterLlm\Response;

/** An uploaded file. */
final class FileObject extends Response
{
    /** Its id. */
    public readonly ?string $id;

    /** Its size, or null. */
    public readonly ?int $bytes;

    /** Unix seconds, or null. */
    public readonly ?int $createdAt;

    /** Its name, or null. */
    public readonly ?string $filename;

    /** What it is for (batch, fine-tune, ...), or null. */
    public readonly ?string $purpose;

    /** Its processing status, or null. */
    public readonly ?string $status;

    /**
     * Read a parsed response; a field of the wrong type is an InvalidResponseException.
     *
     * @param array<string, mixed> $data
     */
    public function __construct(array $data, ?Meta $meta = null)
    {
        parent::__construct($data, $meta);
        $this->id = Read::str($data, 'id');
        $this->bytes = Read::int($data, 'bytes');
        $this->createdAt = Read::int($data, 'created_at');
        $this->filename = Read::str($data, 'filename');
        $this->purpose = Read::str($data, 'purpose');
        $this->status = Read::str($data, 'status');
    }
}
