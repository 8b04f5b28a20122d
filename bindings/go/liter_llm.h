/*
 * liter_llm.h -- the C ABI of libliter_llm: one LLM client engine for every language.
 *
 * JSON in, JSON out. Requests and responses are OpenAI's wire shapes ("chat", "embed",
 * "models", ...), so new fields need no new symbols. liter_llm's own per-call options
 * ("timeout", "max_retries", "fallbacks", "context_window_fallbacks",
 * "content_policy_fallbacks", "extra_body", "extra_headers", "api_key", "base_url",
 * "provider", "drop_params", "traceparent", "tracestate", "output_file") ride in the same request object
 * and are never sent upstream in the body. "traceparent"/"tracestate" (W3C trace context)
 * make the engine's spans children of the host's span, and go upstream as headers to
 * providers that take them (all but Bedrock). "output_file" (bytes answers)
 * streams the answer into a file. Native providers (Anthropic, Gemini, Vertex, Azure,
 * Bedrock, Cohere, Mistral, Voyage, Jina, watsonx) take the same OpenAI-shaped requests
 * and answer in the same shapes.
 *
 * ERRORS TRAVEL IN-BAND. Every call that can fail returns a JSON envelope:
 *   {"ok":true,"data":...}
 *   {"ok":false,"error":{"label":"rate_limited","message":"...","retryable":true,
 *                        "status":429,"retry_after":1.5,"provider":"openai",
 *                        "model":"gpt-4o","request_id":"..."}}
 * (fields other than label, message and retryable appear only when known). There is no
 * thread-local "last error": goroutines and virtual threads move between OS threads.
 *
 * META. The envelope of a call (and the final envelope of a stream) also carries, beside
 * "data" or "error", how the call was served:
 *   "meta":{"deployment":"east","provider":"azure","model":"gpt-4o",
 *           "attempts":[{"deployment":"west","provider":"openai","model":"gpt-4o",
 *                        "label":"service_unavailable","status":503,"latency_ms":3.1},
 *                       {"deployment":"east",...,"label":null,"status":null,...}],
 *           "fallbacks":["gpt-4o-mini"],"latency_ms":12.5,"ttft_ms":4.2}
 * "deployment" is null for a model that is no deployment group; every attempt made is
 * listed with its error label (null for the one that answered); "fallbacks" names the
 * fallback models used; "ttft_ms" (time to the first chunk) appears for streams; "cost" of
 * an answered chat or embed: {"usd":"0.00575","breakdown":{...},"priced_as":"openai/gpt-4o",
 * "source":...}, or {"usd":null,"reason":...} when the model has no price; "cache_hit"
 * (true when the response cache answered); "warnings" (soft budgets crossed);
 * "request_id" (the provider's x-request-id or kin) and "rate_limit" (the answer's
 * x-ratelimit-*, anthropic-ratelimit-* and ratelimit-* headers by lower-cased name), when
 * the provider sent them. An error
 * envelope carries "meta" when the call got as far as the pipeline.
 *
 * Stable labels (one exception type per label in every binding):
 *   invalid_request, authentication, permission_denied, not_found,
 *   context_window_exceeded, content_policy, rate_limited, budget_exceeded, timeout,
 *   connection, server_error, service_unavailable, stream_incomplete, invalid_response,
 *   unsupported, cancelled, invalid_argument, init_failed, internal, hook_rejected.
 *
 * OWNERSHIP. Every `char *` returned is a NUL-terminated UTF-8 string owned by the caller
 * and released with literllm_free(). NULL is returned only when memory ran out, or when
 * the embedded runtime's own start-up code failed: treat NULL as label "internal".
 * Input strings are borrowed for the duration of the call only.
 *
 * LABEL PARENTS: an error of the first label is also one of the second in every binding
 * (a subclass, or errors.Is in Go), so catching the parent catches it:
 *   context_window_exceeded -> invalid_request
 *   content_policy -> invalid_request
 *   service_unavailable -> server_error
 *
 * HANDLES are opaque uint64_t values, never 0 when valid. A freed, foreign or made-up
 * handle gives an "invalid_argument" envelope, never a crash. Freeing 0, an unknown handle
 * or the same handle twice is harmless.
 *
 * THREADS. Every function may be called from any thread, concurrently. The first call
 * (other than literllm_abi_version and literllm_free) starts the embedded Python runtime
 * once; a start-up failure gives "init_failed" envelopes with a message saying how to fix
 * it, never a process exit. Network I/O runs on one library-owned thread; a blocking call
 * waits without holding any lock other callers need.
 *
 * LIMITS. A request or config larger than LITERLLM_MAX_INPUT_BYTES is rejected with
 * "invalid_argument" before it is parsed; so are invalid UTF-8, NaN/Infinity literals,
 * lone surrogates and nesting deeper than the runtime can parse.
 */
#ifndef LITER_LLM_H
#define LITER_LLM_H

#include <stddef.h>
#include <stdint.h>

#define LITERLLM_VERSION_MAJOR 0
#define LITERLLM_VERSION_MINOR 1
#define LITERLLM_VERSION_PATCH 0
#define LITERLLM_VERSION "0.1.0"
/* Bumped on any incompatible change of this header; compare with literllm_abi_version(). */
#define LITERLLM_ABI_VERSION 1
/* Largest accepted request or config text, in bytes (16 MiB). */
#define LITERLLM_MAX_INPUT_BYTES (16u * 1024u * 1024u)

/* Symbols are exported by the library with default visibility; the declarations below
   carry no macros, so the same text feeds cffi and PHP's FFI::cdef. */
#if defined(_WIN32)
#define LITERLLM_API __declspec(dllimport)
#else
#define LITERLLM_API __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* LITERLLM_DECLS_BEGIN */

/* The ABI version of the loaded library (LITERLLM_ABI_VERSION of the header it was built
   with). Pure C: never starts the runtime. A binding checks it before anything else. */
int literllm_abi_version(void);

/* Envelope with {"library":"0.1.0","abi":1,"python":"3.11.7","venv":"/path/of/its/venv",
   "providers":N,"ops":[...]} ("venv": the Python environment the library started in:
   LITER_LLM_VENV, else the venv the installed library lies in, else the one it was built in).
   Starts the runtime. Caller frees the result. */
char *literllm_version(void);

/* Create a client (a configuration plus its own connection pool).
   config_json: a JSON object, or NULL for defaults. Keys: "provider" (of bare model
   names, default "openai"), "api_key", "api_key_env", "base_url", "headers",
   "max_retries" (default 2), "timeout" (total seconds, default 600), "connect_timeout",
   "read_timeout", "stream_idle_timeout", "fallbacks" (model names tried in order),
   "providers" ({"name": {"api_key","api_key_env","base_url","headers", and provider
   settings: "api_version","deployment","azure_ad_token" (azure), "anthropic_version",
   "project","location","access_token","credentials_file" (vertex), "region",
   "aws_access_key_id","aws_secret_access_key","aws_session_token","aws_profile",
   "aws_auth" (bedrock), ...}}), "max_connections", "drop_params" (drop request
   parameters a provider cannot take instead of answering "unsupported").
   Routing: "deployments" ([{"id","model_name","model","weight","rpm","tpm","priority",
   and any key of a "providers" entry}]: a request whose model is a model_name routes
   among its deployments), "router" ({"strategy": "simple_shuffle" | "round_robin" |
   "least_busy" | "latency" | "usage" | "priority" | "cost"}), "context_window_fallbacks", "content_policy_fallbacks",
   "max_fallbacks" (default 5), "cooldown" ({"allowed_fails":3,"window":60,"seconds":30},
   or false), "health" ({"interval":0,"probe":"models"|"chat","window":60,
   "failure_rate":0.5,"min_requests":5,"passive":true}). See the README's Routing section.
   Cost and tokens: "pricing" ({"provider/model": {"input_mtok":"0.5","output_mtok":"2",
   "cache_read_mtok", "cache_write_mtok", ..., "context_window": N}}: decimal strings, over
   the shipped catalog), "base_model" (a provider or deployment setting: the catalog model
   to price by), "tokenizers_dir" (first place to look for tokenizer files),
   "context_check" (default true: a chat prompt longer than the model's known context
   window is "context_window_exceeded" before any network call).
   Limits, budgets, cache: "rate_limits" ([{"scope":"deployment"|"model"|"key"|"global",
   "rpm":N,"tpm":N,"window":60}], sliding windows), "on_limit" ("wait" up to the deadline,
   or "reject": "rate_limited" with the real retry_after), "max_in_flight" ({"openai":64}:
   per provider or deployment id, this process), "budgets" ([{"scope":"global"|"model"|
   "key","limit_usd":"100.00","window":"total"|"daily"|"monthly"|"rolling_<N>h",
   "mode":"hard"|"soft"}]: hard reserves the worst case, "budget_exceeded" before sending),
   "cache" ({"ttl":300,"max_entries":10000}), "state" ({"redis_url":"redis://...",
   "on_unavailable":"fail_closed"|"fail_open","timeout":1,"prefix":"liter_llm:"}: shared
   by every process; unreachable Redis is "service_unavailable" when fail_closed). A
   request names its caller with "user" or "metadata":{"key":...}; per call,
   "cache":{"no_cache":true,"no_store":true,"ttl":s}. "usage" op: {"model":..,"key":..}
   (both optional) -> the spend and counters of every budget and rate limit.
   Observability: "telemetry" ({"metrics":true} keeps Prometheus counters for the
   "metrics" op; "otel":true makes OpenTelemetry GenAI spans and metrics, exported by
   "exporter": "otlp" with "endpoint":"http://collector:4318" (OTLP/HTTP, needs the
   otel-export extra) or "jsonl" with "path" (one JSON object per span), "service_name";
   "capture_content":true puts prompts and answers on spans; "log_level":"debug"|"info"|
   "warning"|"error" with "log_file" (else stderr) writes structured JSON log lines).
   Unknown keys are an error.
   out_client: receives the handle (0 on failure); must not be NULL.
   Returns an envelope {"ok":true,"data":{"client":H}} or the error. Caller frees it. */
char *literllm_client_new(const char *config_json, uint64_t *out_client);

/* Free a client and its connection pool; in-flight async calls of it are cancelled (their
   done callbacks still run, with "cancelled"). Free its streams first. Harmless on 0,
   unknown or already-freed handles. */
void literllm_client_free(uint64_t client);

/* One blocking call. op (anything else: "invalid_argument"):
     sent to a provider, OpenAI's request and answer shapes:
       "chat", "embed", "models", "moderate", "images", "image_edit", "speech",
       "transcribe", "translate", "rerank" (Cohere's shape: {"model","query","documents",
       "top_n"} -> {"results":[{"index","relevance_score","document"?}],"usage"}),
       "file_upload", "file_list", "file_retrieve", "file_content", "file_delete",
       "batch_create", "batch_retrieve", "batch_list", "batch_cancel",
       "responses" (the Responses API; streamed too), "response_retrieve",
       "response_cancel", "response_delete", "count_tokens";
     answered locally: "cost", "usage", "metrics".
   Each provider serves the ops its row declares (README, provider matrix); any other is
   "unsupported" naming provider and op, before anything is sent. Ops on a stored object
   take its id in the request: "file_id", "batch_id", "response_id"; list ops take their
   query ("purpose", "limit", "after", "order") as the request's keys.
   request_json: a JSON object; for "chat" with "model" ("provider/model" or a bare name)
   and "messages".
   FILES IN ("file" of transcribe/translate/file_upload, "image" and "mask" of image_edit):
     "/path/to/audio.mp3" or {"path":"...","filename"?,"content_type"?}: streamed from disk
       by the library (the file is never read into memory whole; use it for large files);
     {"data":"<base64>","filename":"a.mp3","content_type"?}: bytes carried in the JSON
       (the file name tells providers the format; the type is guessed from it if absent).
     A list of files ("image":[...]) is sent as repeated parts. A missing, unreadable or
     non-regular file, or data that is not base64, is "invalid_argument"; nothing is sent.
   BYTES OUT ("speech", "file_content"): data is {"content_type":"audio/mpeg","bytes":N,
     "data":"<base64>"}; with the call option "output_file":"/path" the body is streamed
     into that file instead (written beside it and renamed when complete, so a cut-off
     body leaves no file under that name) and data is {"content_type","bytes","path"}.
     Bodies read whole are bounded by "max_response_bytes"; output_file has no bound.
   Transcriptions asked for as "text", "srt" or "vtt" come back as {"text":"..."}.
   "cost" (offline): {"model":"provider/model","usage":{...}} or {"model":...,"response":
   {...}}, optional "at" (ISO 8601, for hour-of-day prices) ->
   {"model":..,"usd":"0.00575","breakdown":{"input":"0.0025",...},"priced_as":..,
   "source":..}, or "usd":null with a "reason" when the model has no price (never a 0).
   "count_tokens": {"model":..,"messages":[..],"tools":[..]} or {"model":..,"text":".."},
   optional "exact":true (the provider's endpoint: Anthropic, Gemini, Vertex; refused
   "unsupported" where no count can be exact) -> {"model":..,"input_tokens":N,
   "tokenizer":"o200k","is_estimate":false,"method":"local"|"provider",
   "context_window":N|null,"fits":true|false|null}.
   "metrics" (telemetry.metrics on): {} -> {"content_type":"text/plain; version=0.0.4; ...",
   "text":"# HELP liter_llm_requests_total ..."}: Prometheus text of this client's requests,
   latency, time to first chunk, attempts, tokens, cost, cache hits and limit rejections.
   Returns the envelope whose data is the provider's OpenAI-shaped response, with "meta".
   Retries (408/409/429/5xx/connection), routing and fallbacks happen inside. Caller frees. */
char *literllm_call(uint64_t client, const char *op, const char *request_json);

/* Called once per stream chunk, on the thread that called literllm_stream.
   chunk_json: an OpenAI "chat.completion.chunk" object (op "chat") or a Responses API
   event with its "type" (op "responses"), `len` bytes long and also
   NUL-terminated; valid only during the call (copy it). Return 0 to go on, non-zero to
   cancel the stream (the upstream request is closed). */
typedef int (*literllm_chunk_cb)(const char *chunk_json, size_t len, void *user_data);

/* A blocking streamed call (op "chat" or "responses"; another op is "unsupported"): cb
   runs for every chunk, then the final envelope is returned: data is the accumulated
   chat.completion (content, tool calls, usage, finish_reason) or the final response of a
   "responses" stream (its response.completed event's), or the error; label "cancelled"
   when cb asked to stop, "stream_incomplete" when the stream ended without its terminal
   marker ([DONE], response.completed). A stream is retried only before its first chunk.
   Caller frees. */
char *literllm_stream(uint64_t client, const char *op, const char *request_json,
                      literllm_chunk_cb cb, void *user_data);

/* A pull stream, for hosts without safe callbacks (PHP). out_stream receives the handle
   (0 on failure). Returns {"ok":true,"data":{"stream":S}} or the error. Caller frees. */
char *literllm_stream_open(uint64_t client, const char *op, const char *request_json,
                           uint64_t *out_stream);

/* The next event of a pull stream; blocks until it is there:
     {"ok":true,"data":{"chunk":{...}}}                  one chunk
     {"ok":true,"data":{"done":true,"response":{...}},"meta":{...}}   the end: the accumulated
                                                               response and how it was served
     {"ok":false,"error":{...}}                          the end, failed
   After the end, "invalid_argument". Caller frees. */
char *literllm_stream_next(uint64_t stream);

/* Free a pull stream; cancels it (closing the upstream request) if it still runs.
   Harmless on 0, unknown or already-freed handles. */
void literllm_stream_free(uint64_t stream);

/* Receives the envelope of an async call (and of literllm_stream_next_async). Runs ON THE LIBRARY'S I/O THREAD: hand the result
   off (complete a future, post to a queue) and return quickly. The receiver owns `envelope`
   and frees it with literllm_free(). */
typedef void (*literllm_done_cb)(char *envelope, void *user_data);

/* Start a call without blocking. Returns {"ok":true,"data":{"request_id":N}} and later
   calls done(envelope, user_data) exactly once (also when cancelled: label "cancelled").
   If the returned envelope is an error (bad handle, op or JSON), done is never called.
   Caller frees the returned envelope. */
char *literllm_call_async(uint64_t client, const char *op, const char *request_json,
                          literllm_done_cb done, void *user_data);

/* Cancel an in-flight async call of this client. Returns {"ok":true,"data":{"cancelled":B}}:
   B is false when the request already finished or is unknown. Caller frees. */
char *literllm_cancel(uint64_t client, uint64_t request_id);

/* The next event of a pull stream without blocking: returns {"ok":true,"data":{"pending":true}}
   and later calls done(envelope, user_data) exactly once with what literllm_stream_next would
   have returned (on the library's I/O thread, or at once on this thread if the event is
   already there). One pending call per stream at a time. If the returned envelope is an
   error (bad handle, a call already pending, the stream already ended), done is never
   called. Freeing the stream while
   a call is pending answers it with "cancelled". Caller frees the returned envelope. */
char *literllm_stream_next_async(uint64_t stream, literllm_done_cb done, void *user_data);

/* A hook (literllm_client_set_hook). event_json: one JSON object, `len` bytes long and also
   NUL-terminated, valid only during the call, with every secret removed (keys, credential
   headers):
     {"hook":"on_request","request_id":"llm-..","op":"chat","stream":false,"model":..,
      "request":{...},"options":{...}}
     {"hook":"on_response",...,"response":{...},"meta":{...}}   (a stream: its final answer)
     {"hook":"on_error",...,"error":{"label":..,"message":..},"meta":{...}}
   An on_request hook returns non-zero to refuse the call: nothing is sent and the call
   fails with label "hook_rejected", whose message is the NUL-terminated text the hook
   wrote into `reason` (the library's buffer of reason_cap bytes; leave it empty for a
   default message). Other hooks' return values are ignored. Hooks run on a library worker
   thread (never the I/O thread), concurrently for concurrent calls; a hook may block or
   call this library. */
typedef int (*literllm_hook_cb)(const char *event_json, size_t len, char *reason,
                                size_t reason_cap, void *user_data);

/* Set the hook of one event of a client, replacing the one set before; hook NULL removes
   it. event: "on_request", "on_response" or "on_error". user_data is handed back as is: it
   must stay valid until the hook is replaced or removed or the client is freed, and the
   calls in flight then have finished. A client without hooks pays nothing for them.
   Returns {"ok":true,"data":{"event":..,"set":true|false}} or the error. Caller frees. */
char *literllm_client_set_hook(uint64_t client, const char *event, literllm_hook_cb hook,
                               void *user_data);

/* Free a string returned by this library. Pure C; NULL is harmless. */
void literllm_free(char *p);

/* Cancel open streams, close connection pools and join the I/O thread. Call before the
   host exits after async use (Mono otherwise hangs at exit). The runtime restarts on the
   next call. Harmless if nothing was started. */
void literllm_shutdown(void);

/* LITERLLM_DECLS_END */

#ifdef __cplusplus
}
#endif
#endif /* LITER_LLM_H */
