<?php
declare(strict_types=1);

namespace LiterLlm;

use LiterLlm\Exception\LiterLlmException;

/**
 * Every operation of a client, written once on top of callWithMeta() and stream(): the real
 * Client and the test double (Testing\ClientFake) share them.
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

    /** @param array<string, mixed>|object $request a chat request (model, messages, ...) */
    public function chat(array|object $request): Response
    {
        return $this->callWithMeta('chat', $request);
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

    /** @param array<string, mixed>|object $request model and input */
    public function embed(array|object $request): Response
    {
        return $this->callWithMeta('embed', $request);
    }

    /** The model list of a provider (null: the client's default provider). */
    public function models(?string $provider = null): Response
    {
        return $this->callWithMeta('models', $provider === null ? [] : ['provider' => $provider]);
    }

    // ------------------------------------------------------------------ endpoints

    /** @param array<string, mixed> $request model, prompt, n, size, ... */
    public function images(array $request): Response
    {
        return $this->callWithMeta('images', $request);
    }

    /** @param array<string, mixed> $request model, prompt, image (a File or a list), mask */
    public function imageEdit(array $request): Response
    {
        return $this->callWithMeta('image_edit', $request);
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
    public function transcribe(array $request): Response
    {
        return $this->callWithMeta('transcribe', $request);
    }

    /** @param array<string, mixed> $request model, file (a File), ...: the text in English */
    public function translate(array $request): Response
    {
        return $this->callWithMeta('translate', $request);
    }

    /** @param array<string, mixed> $request model, input */
    public function moderate(array $request): Response
    {
        return $this->callWithMeta('moderate', $request);
    }

    /** @param array<string, mixed> $request model, query, documents, top_n, return_documents */
    public function rerank(array $request): Response
    {
        return $this->callWithMeta('rerank', $request);
    }

    public function uploadFile(File $file, string $purpose): Response
    {
        return $this->callWithMeta('file_upload', ['file' => $file, 'purpose' => $purpose]);
    }

    /** @param array<string, mixed> $query purpose, limit, after, order */
    public function listFiles(array $query = []): Response
    {
        return $this->callWithMeta('file_list', $query ?: new \stdClass());
    }

    public function retrieveFile(string $fileId): Response
    {
        return $this->callWithMeta('file_retrieve', ['file_id' => $fileId]);
    }

    public function fileContent(string $fileId, ?string $toFile = null): Binary
    {
        $req = ['file_id' => $fileId];
        if ($toFile !== null) {
            $req['output_file'] = $toFile;
        }
        return Binary::fromResponse($this->callWithMeta('file_content', $req));
    }

    public function deleteFile(string $fileId): Response
    {
        return $this->callWithMeta('file_delete', ['file_id' => $fileId]);
    }

    /** @param array<string, mixed> $request input_file_id, endpoint, completion_window, metadata */
    public function createBatch(array $request): Response
    {
        return $this->callWithMeta('batch_create', $request + ['completion_window' => '24h']);
    }

    public function retrieveBatch(string $batchId): Response
    {
        return $this->callWithMeta('batch_retrieve', ['batch_id' => $batchId]);
    }

    /** @param array<string, mixed> $query limit, after */
    public function listBatches(array $query = []): Response
    {
        return $this->callWithMeta('batch_list', $query ?: new \stdClass());
    }

    public function cancelBatch(string $batchId): Response
    {
        return $this->callWithMeta('batch_cancel', ['batch_id' => $batchId]);
    }

    /** @param array<string, mixed> $request the Responses API's body: model, input, ... */
    public function createResponse(array $request): Response
    {
        return $this->callWithMeta('responses', $request);
    }

    /**
     * A streamed response: yields its events (arrays with a "type"); the generator's return
     * value is the final Response.
     *
     * @param array<string, mixed> $request
     * @return \Generator<int, array<string, mixed>, mixed, Response>
     */
    public function streamResponse(array $request): \Generator
    {
        return $this->stream($request, 'responses');
    }

    public function retrieveResponse(string $responseId): Response
    {
        return $this->callWithMeta('response_retrieve', ['response_id' => $responseId]);
    }

    public function cancelResponse(string $responseId): Response
    {
        return $this->callWithMeta('response_cancel', ['response_id' => $responseId]);
    }

    public function deleteResponse(string $responseId): Response
    {
        return $this->callWithMeta('response_delete', ['response_id' => $responseId]);
    }
}
