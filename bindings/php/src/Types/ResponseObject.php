<?php
declare(strict_types=1);

namespace LiterLlm\Types;

use LiterLlm\Meta;
use LiterLlm\Response;

/** A Responses API response (outputText() gives its text). */
final class ResponseObject extends Response
{
    /** Its id. */
    public readonly ?string $id;

    /** Completed, in_progress, failed, cancelled, incomplete, .... */
    public readonly ?string $status;

    /** The model, or null. */
    public readonly ?string $model;

    /** @var list<array<string, mixed>> the output items as parsed JSON (messages, function calls, reasoning, ...) */
    public readonly array $output;

    /** Token usage (input and output tokens), or null. */
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
        $this->status = Read::str($data, 'status');
        $this->model = Read::str($data, 'model');
        $this->output = Read::list($data, 'output', static fn (array $x): array => $x);
        $this->usage = ($o = Read::obj($data, 'usage')) === null ? null : new Usage($o);
    }
}
