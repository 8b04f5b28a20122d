<?php
declare(strict_types=1);

namespace LiterLlm;

use LiterLlm\Exception\InvalidArgumentException;
use LiterLlm\Exception\LiterLlmException;

/**
 * A liter_llm client: a configuration plus its own connection pool in the library.
 *
 * ```php
 * $client = new LiterLlm\Client(['max_retries' => 2]);
 * $r = $client->chat(['model' => 'openai/gpt-4o-mini', 'messages' => [['role' => 'user', 'content' => 'Hi']]]);
 * echo $r->content();
 * foreach ($client->stream($request) as $chunk) { echo $chunk['choices'][0]['delta']['content'] ?? ''; }
 * ```
 *
 * Every failure is a LiterLlm\Exception\LiterLlmException subclass named after its label.
 *
 * Tracing: pass the incoming request's W3C `traceparent` (and `tracestate`) in a request
 * array; the engine's spans continue that trace and the provider receives it. Hooks
 * (`literllm_client_set_hook`) are not offered in PHP: the library calls hooks on its own
 * worker threads, where PHP code cannot run; use the telemetry config (logs, metrics,
 * spans) or wrap calls in PHP.
 */
final class Client
{
    private int $handle = 0;

    /**
     * @param array<string, mixed> $config provider, api_key, api_key_env, base_url, headers,
     *        max_retries, timeout, connect_timeout, stream_idle_timeout, fallbacks, providers,
     *        deployments, router, context_window_fallbacks, content_policy_fallbacks,
     *        max_fallbacks, cooldown, health (keys as in the C header)
     * @throws LiterLlmException
     */
    public function __construct(array $config = [])
    {
        $ffi = Native::ffi();
        $out = $ffi->new('uint64_t');
        $data = Native::check($ffi->literllm_client_new(Native::encode($config), \FFI::addr($out)));
        $this->handle = (int)$data['client'];
    }

    private function live(): int
    {
        if ($this->handle === 0) {
            throw new InvalidArgumentException(['label' => 'invalid_argument', 'message' => 'client is closed']);
        }
        return $this->handle;
    }

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
     * Like call(): the response, with ->meta saying how it was served.
     *
     * @param array<string, mixed>|object $request
     * @throws LiterLlmException
     */
    public function callWithMeta(string $op, array|object $request = []): Response
    {
        $json = Native::encode($request);
        [$data, $meta] = Native::checkEnvelope(Native::ffi()->literllm_call($this->live(), $op, $json));
        return new Response((array)$data, $meta);
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

    /**
     * Stream a chat (or another streamed op: "responses"): yields each chunk or event (an
     * array); the generator's return value (`$gen->getReturn()`) is the accumulated Response.
     * Built on the pull stream; a generator destroyed early frees the stream, which closes
     * the upstream request.
     *
     * @param array<string, mixed>|object $request
     * @return \Generator<int, array<string, mixed>, mixed, Response>
     * @throws LiterLlmException
     */
    public function stream(array|object $request, string $op = 'chat'): \Generator
    {
        $ffi = Native::ffi();
        $json = Native::encode($request);
        $out = $ffi->new('uint64_t');
        $data = Native::check($ffi->literllm_stream_open($this->live(), $op, $json, \FFI::addr($out)));
        $stream = (int)$data['stream'];
        try {
            while (true) {
                [$event, $meta] = Native::checkEnvelope($ffi->literllm_stream_next($stream));
                $event = (array)$event;
                if (!empty($event['done'])) {
                    return new Response((array)$event['response'], $meta);
                }
                yield (array)$event['chunk'];
            }
        } finally {
            $ffi->literllm_stream_free($stream);
        }
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

    /** Free the client and its pool. Calling it twice is harmless. */
    public function close(): void
    {
        if ($this->handle !== 0) {
            Native::ffi()->literllm_client_free($this->handle);
            $this->handle = 0;
        }
    }

    public function __destruct()
    {
        $this->close();
    }

    /** Library version information. */
    public static function version(): array
    {
        return (array)Native::check(Native::ffi()->literllm_version());
    }
}
