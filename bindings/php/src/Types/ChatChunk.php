<?php
declare(strict_types=1);

namespace LiterLlm\Types;

/** One chunk of a streamed chat (OpenAI's chunk shape). */
final class ChatChunk extends Record
{
    /** The stream's id, or null. */
    public readonly ?string $id;

    /** The model, or null. */
    public readonly ?string $model;

    /** @var list<ChunkChoice> the choices' deltas (empty in a usage-only chunk) */
    public readonly array $choices;

    /** Token usage (the last chunk, when the provider sends it), or null. */
    public readonly ?Usage $usage;

    /**
     * Read a parsed object; a field of the wrong type is an InvalidResponseException.
     *
     * @param array<string, mixed> $data
     */
    public function __construct(array $data)
    {
        parent::__construct($data);
        $this->id = Read::str($data, 'id');
        $this->model = Read::str($data, 'model');
        $this->choices = Read::list($data, 'choices', static fn (array $x): ChunkChoice => new ChunkChoice($x));
        $this->usage = ($o = Read::obj($data, 'usage')) === null ? null : new Usage($o);
    }

    /** The first choice's text in this chunk ("" when none). */
    public function content(): string
    {
        return $this->choices[0]->delta->content ?? '';
    }
}
