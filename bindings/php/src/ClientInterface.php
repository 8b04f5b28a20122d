<?php
declare(strict_types=1);

namespace LiterLlm;

/**
 * What a liter_llm client offers: depend on this in your code, and use Testing\ClientFake
 * (no native library needed) in your tests.
 */
interface ClientInterface
{
    public function callWithMeta(string $op, array|object $request = []): Response;

    /** @return \Generator<int, array<string, mixed>, mixed, Response> */
    public function stream(array|object $request, string $op = 'chat'): \Generator;

    public function call(string $op, array|object $request = []): array;

    public function chat(array|object $request): Response;

    public function cost(string $model, array $usage): Cost;

    public function countTokens(array $request): TokenCount;

    public function usage(?string $model = null, ?string $key = null): array;

    public function metrics(): string;

    public function embed(array|object $request): Response;

    public function models(?string $provider = null): Response;

    public function images(array $request): Response;

    public function imageEdit(array $request): Response;

    public function speech(array $request, ?string $toFile = null): Binary;

    public function transcribe(array $request): Response;

    public function translate(array $request): Response;

    public function moderate(array $request): Response;

    public function rerank(array $request): Response;

    public function uploadFile(File $file, string $purpose): Response;

    public function listFiles(array $query = []): Response;

    public function retrieveFile(string $fileId): Response;

    public function fileContent(string $fileId, ?string $toFile = null): Binary;

    public function deleteFile(string $fileId): Response;

    public function createBatch(array $request): Response;

    public function retrieveBatch(string $batchId): Response;

    public function listBatches(array $query = []): Response;

    public function cancelBatch(string $batchId): Response;

    public function createResponse(array $request): Response;

    /** @return \Generator<int, array<string, mixed>, mixed, Response> */
    public function streamResponse(array $request): \Generator;

    public function retrieveResponse(string $responseId): Response;

    public function cancelResponse(string $responseId): Response;

    public function deleteResponse(string $responseId): Response;

    public function close(): void;
}
