<?php
declare(strict_types=1);

namespace LiterLlm;

use LiterLlm\Exception\InvalidArgumentException;
use LiterLlm\Exception\LiterLlmException;
use LiterLlm\Types;

/**
 * Every operation of a client, written once on top of callWithMeta() and stream(): the real
 * Client and the test double (Testing\ClientFake) share them.
 *
 * @psalm-import-type CallOptions from ClientInterface
 * @phpstan-import-type CallOptions from ClientInterface
 */
trait Operations
{
    /**
     * @param array<string, mixed>|object $request
     * @throws LiterLlmException
     */
    abstract public function callWithMeta(string $op, array|object $request = []): Response;

    /**
     * @param array<string, mixed>|object $request
     * @return \Generator<int, array<string, mixed>, mixed, Response>
     */
    abstract public function stream(array|object $request, string $op = 'chat'): \Generator;

    /**
     * Any op of the C ABI ("chat", "embed", "models", "moderate", "images", ...).
     *
     * @param array<string, mixed>|object $request
     * @return array<string, mixed>
     * @throws LiterLlmException
     */
    public function call(string $op, array|object $request = []): array
    {
        return $this->callWithMeta($op, $request)->data;
    }

    /**
     * The request with the options' keys added; a key the request already has is an error.
     *
     * @param array<string, mixed>|object $request
     * @param CallOptions $options
     * @return array<string, mixed>|object
     */
    public static function withOptions(array|object $request, array $options): array|object
    {
        if ($options === []) {
            return $request;
        }
        $body = is_array($request) ? $request : (array)json_decode((string)json_encode($request), true);
        foreach ($options as $k => $v) {
            if (array_key_exists($k, $body)) {
                throw new InvalidArgumentException([
                    'label' => 'invalid_argument',
                    'message' => sprintf('"%s" is set both in the request and in the options', $k),
                    'retryable' => false,
                ]);
            }
            $body[$k] = $v;
        }
        return $body;
    }

    /**
     * A chat completion.
     *
     * @param array<string, mixed>|object $request a chat request (model, messages, ...)
     * @param CallOptions $options per-call options (timeout in seconds, max_retries, ...)
     */
    public function chat(array|object $request, array $options = []): Types\ChatCompletion
    {
        $r = $this->callWithMeta('chat', self::withOptions($request, $options));
        return new Types\ChatCompletion($r->data, $r->meta);
    }

    /**
     * A streamed chat: yields typed chunks; the generator's return value is the accumulated
     * completion. Leaving the loop early (or destroying the generator) closes the upstream
     * request.
     *
     * @param array<string, mixed>|object $request
     * @param CallOptions $options
     * @return \Generator<int, Types\ChatChunk, mixed, Types\ChatCompletion>
     */
    public function chatStream(array|object $request, array $options = []): \Generator
    {
        $events = $this->stream(self::withOptions($request, $options));
        foreach ($events as $chunk) {
            yield new Types\ChatChunk($chunk);
        }
        $final = $events->getReturn();
        return new Types\ChatCompletion($final->data, $final->meta);
    }

    /**
     * What a usage (OpenAI's shape) costs for a "provider/model", offline, from the shipped
     * catalog and the client's "pricing" overrides.
     *
     * @param array{prompt_tokens?: int, completion_tokens?: int, prompt_tokens_details?: array<string, int>, completion_tokens_details?: array<string, int>} $usage
     */
    public function cost(string $model, array $usage): Cost
    {
        return Cost::fromArray($this->call('cost', ['model' => $model, 'usage' => $usage]))
            ?? throw new Exception\InvalidResponseException(['label' => 'invalid_response', 'message' => 'no cost']);
    }

    /**
     * How many tokens a request is for its model; "exact" => true asks the provider where it can.
     *
     * @param array{model: string, messages?: list<array<string, mixed>>, tools?: list<array<string, mixed>>, text?: string, exact?: bool} $request
     */
    public function countTokens(array $request): TokenCount
    {
        return TokenCount::fromArray($this->call('count_tokens', $request));
    }

    /**
     * Spend and counters of the client's budgets and rate limits: the global scope, every
     * deployment, and the model and caller key given.
     *
     * @return array{state: string, budgets: list<array<string, mixed>>, rate_limits: list<array<string, mixed>>}
     */
    public function usage(?string $model = null, ?string $key = null): array
    {
        $req = [];
        if ($model !== null) {
            $req['model'] = $model;
        }
        if ($key !== null) {
            $req['key'] = $key;
        }
        /** @var array{state: string, budgets: list<array<string, mixed>>, rate_limits: list<array<string, mixed>>} */
        return $this->call('usage', $req);
    }

    /**
     * This client's Prometheus metrics in the text exposition format (config
     * `'telemetry' => ['metrics' => true]`). Serve it from a /metrics route.
     *
     * @throws LiterLlmException
     */
    public function metrics(): string
    {
        return (string)$this->call('metrics', new \stdClass())['text'];
    }

    /**
     * @param array<string, mixed>|object $request model and input
     * @param CallOptions $options
     */
    public function embed(array|object $request, array $options = []): Types\Embeddings
    {
        $r = $this->callWithMeta('embed', self::withOptions($request, $options));
        return new Types\Embeddings($r->data, $r->meta);
    }

    /** The model list of a provider (null: the client's default provider). */
    public function models(?string $provider = null): Types\ModelList
    {
        $r = $this->callWithMeta('models', $provider === null ? [] : ['provider' => $provider]);
        return new Types\ModelList($r->data, $r->meta);
    }

    /**
     * An op's answer as a typed response.
     *
     * @template T of Response
     * @param array<string, mixed>|object $request
     * @param class-string<T> $class
     * @return T
     */
    private function typed(string $op, array|object $request, string $class): Response
    {
        $r = $this->callWithMeta($op, $request);
        return new $class($r->data, $r->meta);
    }

    // ------------------------------------------------------------------ endpoints

    /** @param array<string, mixed> $request model, prompt, n, size, ... */
    public function images(array $request): Types\ImagesResponse
    {
        return $this->typed('images', $request, Types\ImagesResponse::class);
    }

    /** @param array<string, mixed> $request model, prompt, image (a File or a list), mask */
    public function imageEdit(array $request): Types\ImagesResponse
    {
        return $this->typed('image_edit', $request, Types\ImagesResponse::class);
    }

    /**
     * Text to speech: the audio bytes; with $toFile the audio is streamed into that file
     * (complete, or not there at all) and never passes through PHP.
     *
     * @param array<string, mixed> $request model, input, voice, response_format, ...
     */
    public function speech(array $request, ?string $toFile = null): Binary
    {
        if ($toFile !== null) {
            $request['output_file'] = $toFile;
        }
        return Binary::fromResponse($this->callWithMeta('speech', $request));
    }

    /** @param array<string, mixed> $request model, file (a File), language, response_format, ... */
    public function transcribe(array $request): Types\Transcription
    {
        return $this->typed('transcribe', $request, Types\Transcription::class);
    }

    /** @param array<string, mixed> $request model, file (a File), ...: the text in English */
    public function translate(array $request): Types\Transcription
    {
        return $this->typed('translate', $request, Types\Transcription::class);
    }

    /** @param array<string, mixed> $request model, input */
    public function moderate(array $request): Types\Moderation
    {
        return $this->typed('moderate', $request, Types\Moderation::class);
    }

    /** @param array<string, mixed> $request model, query, documents, top_n, return_documents */
    public function rerank(array $request): Types\RerankResponse
    {
        return $this->typed('rerank', $request, Types\RerankResponse::class);
    }

    public function uploadFile(File $file, string $purpose): Types\FileObject
    {
        return $this->typed('file_upload', ['file' => $file, 'purpose' => $purpose], Types\FileObject::class);
    }

    /** @param array<string, mixed> $query purpose, limit, after, order */
    public function listFiles(array $query = []): Types\FileList
    {
        return $this->typed('file_list', $query ?: new \stdClass(), Types\FileList::class);
    }

    public function retrieveFile(string $fileId): Types\FileObject
    {
        return $this->typed('file_retrieve', ['file_id' => $fileId], Types\FileObject::class);
    }

    public function fileContent(string $fileId, ?string $toFile = null): Binary
    {
        $req = ['file_id' => $fileId];
        if ($toFile !== null) {
            $req['output_file'] = $toFile;
        }
        return Binary::fromResponse($this->callWithMeta('file_content', $req));
    }

    public function deleteFile(string $fileId): Types\Deleted
    {
        return $this->typed('file_delete', ['file_id' => $fileId], Types\Deleted::class);
    }

    /** @param array<string, mixed> $request input_file_id, endpoint, completion_window, metadata */
    public function createBatch(array $request): Types\Batch
    {
        return $this->typed('batch_create', $request + ['completion_window' => '24h'], Types\Batch::class);
    }

    public function retrieveBatch(string $batchId): Types\Batch
    {
        return $this->typed('batch_retrieve', ['batch_id' => $batchId], Types\Batch::class);
    }

    /** @param array<string, mixed> $query limit, after */
    public function listBatches(array $query = []): Types\BatchList
    {
        return $this->typed('batch_list', $query ?: new \stdClass(), Types\BatchList::class);
    }

    public function cancelBatch(string $batchId): Types\Batch
    {
        return $this->typed('batch_cancel', ['batch_id' => $batchId], Types\Batch::class);
    }

    /** @param array<string, mixed> $request the Responses API's body: model, input, ... */
    public function createResponse(array $request): Types\ResponseObject
    {
        return $this->typed('responses', $request, Types\ResponseObject::class);
    }

    /**
     * A streamed response: yields its events (arrays with a "type"); the generator's return
     * value is the final Response.
     *
     * @param array<string, mixed> $request
     * @return \Generator<int, array<string, mixed>, mixed, Types\ResponseObject>
     */
    public function streamResponse(array $request): \Generator
    {
        $events = $this->stream($request, 'responses');
        yield from $events;
        $final = $events->getReturn();
        return new Types\ResponseObject($final->data, $final->meta);
    }

    public function retrieveResponse(string $responseId): Types\ResponseObject
    {
        return $this->typed('response_retrieve', ['response_id' => $responseId], Types\ResponseObject::class);
    }

    public function cancelResponse(string $responseId): Types\ResponseObject
    {
        return $this->typed('response_cancel', ['response_id' => $responseId], Types\ResponseObject::class);
    }

    public function deleteResponse(string $responseId): Types\Deleted
    {
        return $this->typed('response_delete', ['response_id' => $responseId], Types\Deleted::class);
    }
}
