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
final class Client implements ClientInterface
{
    use Operations;

    private int $handle = 0;

    /**
     * @param array{
     *     provider?: string, api_key?: string, api_key_env?: string, base_url?: string,
     *     headers?: array<string, string>, max_retries?: int<0, 20>, timeout?: float|int,
     *     connect_timeout?: float|int, read_timeout?: float|int, stream_idle_timeout?: float|int,
     *     fallbacks?: list<string>, context_window_fallbacks?: list<string>,
     *     content_policy_fallbacks?: list<string>, max_fallbacks?: int, drop_params?: bool,
     *     providers?: array<string, array<string, mixed>>, deployments?: list<array<string, mixed>>,
     *     router?: array<string, mixed>, cooldown?: array<string, mixed>, health?: array<string, mixed>,
     *     pricing?: array<string, array<string, string>>, rate_limits?: list<array<string, mixed>>,
     *     budgets?: list<array<string, mixed>>, cache?: array<string, mixed>, state?: array<string, mixed>,
     *     telemetry?: array<string, mixed>, ...
     * } $config keys as in the C header; times in seconds
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
