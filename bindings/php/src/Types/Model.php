<?php
declare(strict_types=1);

namespace LiterLlm\Types;

/** One model of a provider. */
final class Model extends Record
{
    /** Its id, as a request names it. */
    public readonly ?string $id;

    /** Its owner, or null. */
    public readonly ?string $ownedBy;

    /** Unix seconds, or null. */
    public readonly ?int $created;

    /**
     * Read a parsed object; a field of the wrong type is an InvalidResponseException.
     *
     * @param array<string, mixed> $data
     */
    public function __construct(array $data)
    {
        parent::__construct($data);
        $this->id = Read::str($data, 'id');
        $this->ownedBy = Read::str($data, 'owned_by');
        $this->created = Read::int($data, 'created');
    }
}
