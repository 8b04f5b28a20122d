<?php
declare(strict_types=1);

namespace LiterLlm\Types;

/** A call the model made to one of the request's tools. */
final class ToolCall extends Record
{
    /** The call's id, which the tool message answering it names. */
    public readonly ?string $id;

    /** "function". */
    public readonly ?string $type;

    /**
     * Read a parsed object; a field of the wrong type is an InvalidResponseException.
     *
     * @param array<string, mixed> $data
     */
    public function __construct(array $data)
    {
        parent::__construct($data);
        $this->id = Read::str($data, 'id');
        $this->type = Read::str($data, 'type');
    }

    /** The function called, or null. */
    public function name(): ?string
    {
        return Read::str(Read::obj($this->data, 'function') ?? [], 'name');
    }

    /** Its arguments as JSON text ("" when none). */
    public function arguments(): string
    {
        return Read::str(Read::obj($this->data, 'function') ?? [], 'arguments') ?? '';
    }

    /**
     * Its arguments decoded.
     *
     * @return array<string, mixed>
     * @throws \JsonException when the model wrote invalid JSON
     */
    public function decodedArguments(): array
    {
        $a = $this->arguments();
        return $a === '' ? [] : (array)json_decode($a, true, 512, JSON_THROW_ON_ERROR);
    }
}
