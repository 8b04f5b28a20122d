package dev.literllm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.ref.Cleaner;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A liter_llm client: a configuration plus its own connection pool in the library. Thread-safe.
 *
 * <pre>{@code
 * try (var client = LiterLlmClient.builder().maxRetries(2).build()) {
 *     ChatCompletion r = client.chat(new ChatRequest("openai/gpt-4o-mini", List.of(Message.user("Hi"))));
 *     client.chatAsync(request).thenAccept(c -> System.out.println(c.content()));
 *     try (ChatStream s = client.chatStream(request)) { s.forEachRemaining(System.out::println); }
 * }
 * }</pre>
 *
 * {@link #chatAsync} uses the C ABI's async call: no thread waits per request, and virtual
 * threads never pin their carrier. Run with {@code --enable-native-access=ALL-UNNAMED}.
 */
public class LiterLlmClient implements AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create();
    private final AtomicLong handle;
    private final Cleaner.Cleanable cleanable;
    /** Keys of this client's hooks in Native.HOOKS (dropped when the client is freed). */
    private final java.util.Queue<Long> hookKeys = new java.util.concurrent.ConcurrentLinkedQueue<>();

    private LiterLlmClient(Map<String, Object> config) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.JAVA_LONG);
            MemorySegment env = (MemorySegment) Native.CLIENT_NEW.invokeExact(
                    Native.utf8(arena, toJson(config)), out);
            Native.check(Native.take(env));
            handle = new AtomicLong(out.get(ValueLayout.JAVA_LONG, 0));
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
        AtomicLong h = handle;
        java.util.Queue<Long> keys = hookKeys;
        cleanable = CLEANER.register(this, () -> free(h, keys)); // the safety net for an unclosed client
    }

    /** A client without the library: the test double's ({@link FakeLlmClient}). */
    LiterLlmClient() {
        handle = new AtomicLong(0);
        cleanable = () -> { };
    }

    /** A builder for the configuration (keys as in the C header). */
    public static Builder builder() { return new Builder(); }

    /** Library version information. */
    public static JsonNode version() {
        try {
            return Native.check(Native.take((MemorySegment) Native.VERSION.invokeExact()));
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    private static void free(AtomicLong h, java.util.Queue<Long> hookKeys) {
        long v = h.getAndSet(0);
        if (v != 0) {
            try {
                Native.CLIENT_FREE.invokeExact(v);
            } catch (Throwable ignored) {
                // freeing never fails on the C side
            }
        }
        for (Long k; (k = hookKeys.poll()) != null; ) Native.HOOKS.remove(k);
    }

    /**
     * Run {@code hook} before each call is sent, replacing the one set before ({@code null}
     * removes it). A hook that throws refuses the call: it fails with
     * {@link HookRejectedException} and nothing is sent.
     */
    public void onRequest(CallHook hook) { setHook("on_request", hook); }

    /** Run {@code hook} after each answered call (a stream's final answer); null removes it. */
    public void onResponse(CallHook hook) { setHook("on_response", hook); }

    /** Run {@code hook} after each failed call; null removes it. */
    public void onError(CallHook hook) { setHook("on_error", hook); }

    private void setHook(String event, CallHook hook) {
        long key = hook == null ? 0 : Native.KEYS.getAndIncrement();
        if (hook != null) {
            Native.HOOKS.put(key, hook);
            hookKeys.add(key); // a replaced hook may still run for a call in flight: kept till close
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fn = hook == null ? MemorySegment.NULL : Native.HOOK_STUB;
            Native.check(Native.take((MemorySegment) Native.SET_HOOK.invokeExact(
                    live(), Native.utf8(arena, event), fn, MemorySegment.ofAddress(key))));
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** This client's Prometheus metrics, in the text exposition format (needs
     *  {@code telemetry: {"metrics": true}} in the config). */
    public String metrics() { return call("metrics", Map.of()).path("text").asText(); }

    private long live() {
        long h = handle.get();
        if (h == 0) throw ErrorMap.of("invalid_argument", "client is closed");
        return h;
    }

    static String toJson(Object request) {
        Objects.requireNonNull(request, "request");
        if (request instanceof String s) return s;
        try {
            return Json.MAPPER.writeValueAsString(request);
        } catch (JsonProcessingException e) {
            throw ErrorMap.of("invalid_argument", "request cannot be written as JSON: " + e.getMessage());
        }
    }

    /** Any op of the C ABI, blocking; the request is a record, map, JsonNode or JSON text. */
    public JsonNode call(String op, Object request) { return callWithMeta(op, request).data(); }

    /** {@link #callWithMeta(String, Object)} with per-call options. */
    public CallResult callWithMeta(String op, Object request, CallOptions options) {
        return callWithMeta(op, withOptions(request, options));
    }

    /** {@link #callWithMetaAsync(String, Object)} with per-call options. */
    public CompletableFuture<CallResult> callWithMetaAsync(String op, Object request, CallOptions options) {
        return callWithMetaAsync(op, withOptions(request, options));
    }

    /** The request with the options' keys added; a key the request already has is an error. */
    static Object withOptions(Object request, CallOptions options) {
        if (options == null || options.asMap().isEmpty()) return request;
        JsonNode body = Json.MAPPER.valueToTree(request instanceof String s ? readTree(s) : Objects.requireNonNull(request, "request"));
        if (!(body instanceof com.fasterxml.jackson.databind.node.ObjectNode o)) {
            throw ErrorMap.of("invalid_argument", "request must be a JSON object");
        }
        for (var e : options.asMap().entrySet()) {
            if (o.has(e.getKey())) {
                throw ErrorMap.of("invalid_argument", "'" + e.getKey() + "' is set both in the request and in CallOptions");
            }
            o.set(e.getKey(), Json.MAPPER.valueToTree(e.getValue()));
        }
        return o;
    }

    /** Like {@link #call}, with how the call was served (deployment, attempts, latency). */
    public CallResult callWithMeta(String op, Object request) {
        Objects.requireNonNull(op, "op");
        String body = toJson(request);
        try (Arena arena = Arena.ofConfined()) {
            return Native.checkResult(Native.take((MemorySegment) Native.CALL.invokeExact(
                    live(), Native.utf8(arena, op), Native.utf8(arena, body))));
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /**
     * Any op without blocking a thread. Cancelling the returned future cancels the upstream
     * request.
     */
    public CompletableFuture<JsonNode> callAsync(String op, Object request) {
        return mapped(callWithMetaAsync(op, request), CallResult::data);
    }

    /** {@link #callAsync} with how the call was served. */
    public CompletableFuture<CallResult> callWithMetaAsync(String op, Object request) {
        Objects.requireNonNull(op, "op");
        String body = toJson(request);
        long key = Native.KEYS.getAndIncrement();
        long h = live();
        var requestId = new AtomicLong(-1);
        CompletableFuture<CallResult> future = new CompletableFuture<>() {
            @Override
            public boolean cancel(boolean mayInterrupt) {
                long rid = requestId.get();
                if (rid >= 0 && handle.get() != 0) {
                    try {
                        Native.take((MemorySegment) Native.CANCEL.invokeExact(h, rid));
                    } catch (Throwable ignored) {
                        // the request already ended
                    }
                }
                return super.cancel(mayInterrupt);
            }
        };
        Native.PENDING.put(key, future);
        try (Arena arena = Arena.ofConfined()) {
            JsonNode ack = Native.check(Native.take((MemorySegment) Native.CALL_ASYNC.invokeExact(
                    h, Native.utf8(arena, op), Native.utf8(arena, body), Native.DONE_STUB,
                    MemorySegment.ofAddress(key))));
            requestId.set(ack.path("request_id").asLong());
        } catch (Throwable t) {
            Native.PENDING.remove(key); // refused: the callback never runs
            throw Native.rethrow(t);
        }
        return future;
    }

    /** A chat completion, blocking. */
    public ChatCompletion chat(ChatRequest request) { return chat(request, CallOptions.NONE); }

    /** A chat completion with per-call options, blocking. */
    public ChatCompletion chat(ChatRequest request, CallOptions options) {
        CallResult r = callWithMeta("chat", Objects.requireNonNull(request, "request"), options);
        return ChatCompletion.of(r.data(), r.meta());
    }

    /** A chat completion without blocking a thread; cancelling the future cancels the call. */
    public CompletableFuture<ChatCompletion> chatAsync(ChatRequest request) { return chatAsync(request, CallOptions.NONE); }

    /** {@link #chatAsync(ChatRequest)} with per-call options. */
    public CompletableFuture<ChatCompletion> chatAsync(ChatRequest request, CallOptions options) {
        return mapped(callWithMetaAsync("chat", Objects.requireNonNull(request, "request"), options),
                r -> ChatCompletion.of(r.data(), r.meta()));
    }

    /** {@code f} mapped; cancelling the result cancels {@code f} (and the upstream request). */
    private static <T> CompletableFuture<T> mapped(CompletableFuture<CallResult> f,
                                                   java.util.function.Function<CallResult, T> fn) {
        CompletableFuture<T> out = f.thenApply(fn);
        out.whenComplete((r, t) -> { if (out.isCancelled()) f.cancel(true); });
        return out;
    }

    /** A streamed chat; close the stream to stop early. */
    public ChatStream chatStream(Object request) { return new ChatStream(stream("chat", request)); }

    /** A streamed chat with per-call options. */
    public ChatStream chatStream(Object request, CallOptions options) {
        return new ChatStream(stream("chat", withOptions(request, options)));
    }

    /**
     * A streamed chat as a {@link java.util.concurrent.Flow.Publisher}: each subscriber opens
     * its own stream, chunks are read as the subscriber requests them (no thread blocks), and
     * cancelling the subscription closes the upstream request.
     */
    public java.util.concurrent.Flow.Publisher<ChatChunk> chatPublisher(Object request) {
        JsonNode body = requestJson(request);
        return subscriber -> chatStream(body).publisher().subscribe(subscriber);
    }

    /** Any streamed op ("chat", "responses") as raw events; close the stream to stop early. */
    public EventStream stream(String op, Object request) {
        String body = toJson(request);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.JAVA_LONG);
            Native.check(Native.take((MemorySegment) Native.STREAM_OPEN.invokeExact(
                    live(), Native.utf8(arena, Objects.requireNonNull(op, "op")), Native.utf8(arena, body), out)));
            return new EventStream(new EventStream.NativeSource(out.get(ValueLayout.JAVA_LONG, 0)));
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** A request as the JSON object it is sent as. */
    static JsonNode requestJson(Object request) {
        Object r = request instanceof String s ? readTree(s) : Objects.requireNonNull(request, "request");
        return Json.MAPPER.valueToTree(r);
    }

    /** A streamed chat with a callback per chunk; returns the accumulated completion. */
    public ChatCompletion chatStream(Object request, Consumer<ChatChunk> onChunk) {
        try (ChatStream s = chatStream(request)) {
            s.forEachRemaining(onChunk);
            return s.response();
        }
    }

    /**
     * What a usage (OpenAI's shape) costs for a "provider/model", offline, from the shipped
     * catalog and the client's "pricing" overrides.
     */
    public Cost cost(String model, Object usage) {
        Map<String, Object> req = new LinkedHashMap<>();
        req.put("model", Objects.requireNonNull(model, "model"));
        req.put("usage", Objects.requireNonNull(usage, "usage"));
        return Cost.of(call("cost", req));
    }

    /**
     * How many tokens a request is for its model: a map or record with "model" and
     * "messages" (and "tools") or "text"; "exact": true asks the provider where it can.
     */
    public TokenCount countTokens(Object request) {
        return TokenCount.of(call("count_tokens", Objects.requireNonNull(request, "request")));
    }

    /**
     * Spend and counters of the client's budgets and rate limits: the global scope, every
     * deployment, and the model and caller key given (null for none). USD amounts are exact
     * decimals.
     */
    public UsageReport usage(String model, String key) {
        Map<String, Object> req = new LinkedHashMap<>();
        if (model != null) req.put("model", model);
        if (key != null) req.put("key", key);
        return UsageReport.of(call("usage", req));
    }

    /** Embeddings; the request has "model" and "input". */
    public Embeddings embed(Object request) { return embed(request, CallOptions.NONE); }

    /** Embeddings with per-call options. */
    public Embeddings embed(Object request, CallOptions options) {
        CallResult r = callWithMeta("embed", request, options);
        return Embeddings.of(r.data(), r.meta());
    }

    /** Embeddings without blocking a thread; cancelling the future cancels the call. */
    public CompletableFuture<Embeddings> embedAsync(Object request) { return embedAsync(request, CallOptions.NONE); }

    /** {@link #embedAsync(Object)} with per-call options. */
    public CompletableFuture<Embeddings> embedAsync(Object request, CallOptions options) {
        return mapped(callWithMetaAsync("embed", request, options), r -> Embeddings.of(r.data(), r.meta()));
    }

    /** The model list of a provider (null: the client's default). */
    public ModelList models(String provider) {
        Map<String, Object> req = new LinkedHashMap<>();
        if (provider != null) req.put("provider", provider);
        CallResult r = callWithMeta("models", req);
        return ModelList.of(r.data(), r.meta());
    }

    // ------------------------------------------------------------------ endpoints
    // Requests are maps, records, JsonNodes or JSON text in OpenAI's shape; a file field
    // ("file", "image", "mask") takes a FileInput.

    /** Image generation: "model", "prompt", "n", "size", ... */
    public ImagesResponse images(Object request) { return typed("images", request, ImagesResponse::of); }

    /** Image edit: "model", "prompt", "image" (a FileInput or a list), "mask". */
    public ImagesResponse imageEdit(Object request) { return typed("image_edit", request, ImagesResponse::of); }

    /** Text to speech: "model", "input", "voice", ...; the audio bytes. */
    public Binary speech(Object request) { return Binary.of(callWithMeta("speech", request)); }

    /** Text to speech streamed into a file (complete, or not there at all); the bytes never enter the JVM. */
    public Binary speechToFile(Object request, java.nio.file.Path file) {
        return Binary.of(callWithMeta("speech", withOption(request, "output_file", file.toAbsolutePath().toString())));
    }

    /** Audio to text: "model", "file" (a FileInput), "language", "response_format", ... */
    public Transcription transcribe(Object request) { return typed("transcribe", request, Transcription::of); }

    /** Audio to English text; like {@link #transcribe}. */
    public Transcription translate(Object request) { return typed("translate", request, Transcription::of); }

    /** Moderation: "model", "input". */
    public Moderation moderate(Object request) { return typed("moderate", request, Moderation::of); }

    /** Rerank: "model", "query", "documents", "top_n", "return_documents"; results best first. */
    public RerankResponse rerank(Object request) { return typed("rerank", request, RerankResponse::of); }

    /** Upload a file for a purpose ("batch", "fine-tune", ...). */
    public FileObject uploadFile(FileInput file, String purpose) {
        Map<String, Object> req = new LinkedHashMap<>();
        req.put("file", Objects.requireNonNull(file, "file"));
        req.put("purpose", Objects.requireNonNull(purpose, "purpose"));
        return typed("file_upload", req, FileObject::of);
    }

    /** The uploaded files ("purpose", "limit", "after", "order" as a query; an empty map for all). */
    public FileList listFiles(Map<String, ?> query) { return typed("file_list", query, FileList::of); }

    public FileObject retrieveFile(String fileId) { return typed("file_retrieve", Map.of("file_id", fileId), FileObject::of); }

    /** A file's bytes. */
    public Binary fileContent(String fileId) { return Binary.of(callWithMeta("file_content", Map.of("file_id", fileId))); }

    public Deleted deleteFile(String fileId) { return typed("file_delete", Map.of("file_id", fileId), Deleted::of); }

    /** A batch: "input_file_id", "endpoint", "completion_window" ("24h" when absent), "metadata". */
    public Batch createBatch(Object request) {
        JsonNode body = Json.MAPPER.valueToTree(request instanceof String s ? readTree(s) : request);
        if (body instanceof com.fasterxml.jackson.databind.node.ObjectNode o && !o.has("completion_window")) {
            o.put("completion_window", "24h");
        }
        return typed("batch_create", body, Batch::of);
    }

    public Batch retrieveBatch(String batchId) { return typed("batch_retrieve", Map.of("batch_id", batchId), Batch::of); }

    /** Batches ("limit", "after"; an empty map for the first page). */
    public BatchList listBatches(Map<String, ?> query) { return typed("batch_list", query, BatchList::of); }

    public Batch cancelBatch(String batchId) { return typed("batch_cancel", Map.of("batch_id", batchId), Batch::of); }

    /** The Responses API: "model", "input", "instructions", ... */
    public ResponseResult createResponse(Object request) { return ResponseResult.of(callWithMeta("responses", request)); }

    /** A streamed response: iterate its events (each with a "type"); the final response after. */
    public EventStream responseStream(Object request) { return stream("responses", request); }

    public ResponseResult retrieveResponse(String id) { return ResponseResult.of(callWithMeta("response_retrieve", Map.of("response_id", id))); }

    public ResponseResult cancelResponse(String id) { return ResponseResult.of(callWithMeta("response_cancel", Map.of("response_id", id))); }

    public Deleted deleteResponse(String id) { return typed("response_delete", Map.of("response_id", id), Deleted::of); }

    /** An op's answer as a typed response. */
    private <T> T typed(String op, Object request, java.util.function.BiFunction<JsonNode, Meta, T> of) {
        CallResult r = callWithMeta(op, request);
        return of.apply(r.data(), r.meta());
    }

    private static Object readTree(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw ErrorMap.of("invalid_argument", "request is not JSON: " + e.getOriginalMessage());
        }
    }

    private static JsonNode withOption(Object request, String key, String value) {
        JsonNode body = Json.MAPPER.valueToTree(request instanceof String s ? readTree(s) : request);
        if (!(body instanceof com.fasterxml.jackson.databind.node.ObjectNode o)) {
            throw ErrorMap.of("invalid_argument", "request must be a JSON object");
        }
        o.put(key, value);
        return o;
    }

    /** Free the client; in-flight async calls complete with CancelledException. Idempotent. */
    @Override
    public void close() { cleanable.clean(); }

    /** Builds a client configuration. */
    public static final class Builder {
        private final Map<String, Object> config = new LinkedHashMap<>();

        /** Any configuration key of the C header. */
        public Builder set(String key, Object value) { config.put(Objects.requireNonNull(key), value); return this; }
        /** The provider of bare model names. */
        public Builder provider(String p) { return set("provider", p); }
        /** An OpenAI-compatible base URL. */
        public Builder baseUrl(String u) { return set("base_url", u); }
        /** An API key (else the provider's environment variable). */
        public Builder apiKey(String k) { return set("api_key", k); }
        /** Retries of retryable failures (0..20). */
        public Builder maxRetries(int n) {
            if (n < 0 || n > 20) throw new IllegalArgumentException("maxRetries must be 0..20");
            return set("max_retries", n);
        }
        /** A call's whole deadline by default (every attempt, retry wait and fallback). */
        public Builder timeout(java.time.Duration d) { return set("timeout", seconds("timeout", d)); }
        /** The time to connect. */
        public Builder connectTimeout(java.time.Duration d) { return set("connect_timeout", seconds("connectTimeout", d)); }
        /** The longest wait for a response's next bytes. */
        public Builder readTimeout(java.time.Duration d) { return set("read_timeout", seconds("readTimeout", d)); }
        /** The longest wait for a stream's next chunk. */
        public Builder streamIdleTimeout(java.time.Duration d) {
            return set("stream_idle_timeout", seconds("streamIdleTimeout", d));
        }

        private static double seconds(String name, java.time.Duration d) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be positive");
            return d.toNanos() / 1e9;
        }
        /** The client. */
        public LiterLlmClient build() { return new LiterLlmClient(config); }
    }
}
