<?php
declare(strict_types=1);

namespace LiterLlm;

/**
 * What a liter_llm client offers: depend on this in your code, and use Testing\ClientFake
 * (no native library needed) in your tests.
 *
 * Per-call options (the C header's), over the client's configuration; times in seconds:
 *
 * @psalm-type CallOptions = array{
 *     timeout?: float|int,
 *     max_retries?: int<0, 20>,
 *     fallbacks?: list<string>,
 *     context_window_fallbacks?: list<string>,
 *     content_policy_fallbacks?: list<string>,
 *     max_fallbacks?: int,
 *     extra_headers?: array<string, string>,
 *     extra_body?: array<string, mixed>,
 *     api_key?: string,
 *     base_url?: string,
 *     provider?: string,
 *     drop_params?: bool,
 *     cache?: array{no_cache?: bool, no_store?: bool, ttl?: float|int},
 *     traceparent?: string,
 *     tracestate?: string,
 * }
 * @phpstan-type CallOptions array{timeout?: float|int, max_retries?: int<0, 20>, fallbacks?: list<string>, context_window_fallbacks?: list<string>, content_policy_fallbacks?: list<string>, max_fallbacks?: int, extra_headers?: array<string, string>, extra_body?: array<string, mixed>, api_key?: string, base_url?: string, provider?: string, drop_params?: bool, cache?: array{no_cache?: bool, no_store?: bool, ttl?: float|int}, traceparent?: string, tracestate?: string}
 */
interface ClientInterface
{
    public function callWithMeta(string $op, array|object $request = []): Response;

    /** @return \Generator<int, array<string, mixed>, mixed, Response> */
    public function stream(array|object $request, string $op = 'chat'): \Generator;

    public function call(string $op, array|object $request = []): array;

    /** @param CallOptions $options */
    public function chat(array|object $request, array $options = []): Types\ChatCompletion;

    /**
     * @param CallOptions $options
     * @return \Generator<int, Types\ChatChunk, mixed, Types\ChatCompletion>
     */
    public function chatStream(array|object $request, array $options = []): \Generator;

    public function cost(string $model, array $usage): Cost;

    public function countTokens(array $request): TokenCount;

    public function usage(?string $model = null, ?string $key = null): array;

    public function metrics(): string;

    /** @param CallOptions $options */
    public function embed(array|object $request, array $options = []): Types\Embeddings;

    public function models(?string $provider = null): Types\ModelList;

    public function images(array $request): Types\ImagesResponse;

    public function imageEdit(array $request): Types\ImagesResponse;

    public function speech(array $request, ?string $toFile = null): Binary;

    public function transcribe(array $request): Types\Transcription;

    public function translate(array $request): Types\Transcription;

    public function moderate(array $request): Types\Moderation;

    public function rerank(array $request): Types\RerankResponse;

    public function uploadFile(File $file, string $purpose): Types\FileObject;

    public function listFiles(array $query = []): Types\FileList;

    public function retrieveFile(string $fileId): Types\FileObject;

    public function fileContent(string $fileId, ?string $toFile = null): Binary;

    public function deleteFile(string $fileId): Types\Deleted;

    public function createBatch(array $request): Types\Batch;

    public function retrieveBatch(string $batchId): Types\Batch;

    public function listBatches(array $query = []): Types\BatchList;

    public function cancelBatch(string $batchId): Types\Batch;

    public function createResponse(array $request): Types\ResponseObject;

    /** @return \Generator<int, array<string, mixed>, mixed, Types\ResponseObject> */
    public function streamResponse(array $request): \Generator;

    public function retrieveResponse(string $responseId): Types\ResponseObject;

    public function cancelResponse(string $responseId): Types\ResponseObject;

    public function deleteResponse(string $responseId): Types\Deleted;

    public function close(): void;
}
