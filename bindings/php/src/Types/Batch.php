<?php
declare(strict_types=1);

namespace LiterLlm\Types;

use LiterLlm\Meta;
use LiterLlm\Response;

/** A batch of requests run offline. */
final class Batch extends Response
{
    /** Its id. */
    public readonly ?string $id;

    /** Validating, in_progress, finalizing, completed, failed, expired, cancelling, cancelled. */
    public readonly ?string $status;

    /** The endpoint its requests call, or null. */
    public readonly ?string $endpoint;

    /** The file of requests, or null. */
    public readonly ?string $inputFileId;

    /** The file of results once there is one, or null. */
    public readonly ?string $outputFileId;

    /** The file of failed requests once there is one, or null. */
    public readonly ?string $errorFileId;

    /** Unix seconds, or null. */
    public readonly ?int $createdAt;

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
        $this->endpoint = Read::str($data, 'endpoint');
        $this->inputFileId = Read::str($data, 'input_file_id');
        $this->outputFileId = Read::str($data, 'output_file_id');
        $this->errorFileId = Read::str($data, 'error_file_id');
        $this->createdAt = Read::int($data, 'created_at');
    }

    /** @return array{total: int, completed: int, failed: int}|null how many requests are done and failed */
    public function requestCounts(): ?array
    {
        $c = Read::obj($this->data, 'request_counts');
        return $c === null ? null : [
            'total' => Read::int($c, 'total') ?? 0,
            'completed' => Read::int($c, 'completed') ?? 0,
            'failed' => Read::int($c, 'failed') ?? 0,
        ];
    }
}
