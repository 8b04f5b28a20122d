package dev.literllm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A test double of {@link LiterLlmClient} that needs no native library: canned answers,
 * failures and streams per op, and a record of what was sent. Pass it wherever your code
 * takes a {@code LiterLlmClient}; every typed method runs through it. Answers of one op are
 * used in order; the last repeats.
 *
 * <pre>{@code
 * var fake = new FakeLlmClient()
 *         .answer("chat", Map.of("choices", List.of(Map.of("message", Map.of("content", "Hi!")))))
 *         .fail("embed", "rate_limited");
 * new MyService(fake).run();
 * assertEquals(1, fake.sentTo("chat").size());
 * }</pre>
 */
public final class FakeLlmClient extends LiterLlmClient {
    /** A request the fake received: its op and its JSON. */
    public record Sent(String op, JsonNode request) {}

    private final Map<String, List<Supplier<CallResult>>> answers = new HashMap<>();
    private final Map<String, Integer> used = new HashMap<>();
    private final List<Sent> sent = new ArrayList<>();

    /** An empty fake: every op answers only what is queued for it. */
    public FakeLlmClient() { super(); }

    /** Queue an answer for an op: a map, record, JsonNode or JSON text (the response's data). */
    public synchronized FakeLlmClient answer(String op, Object data) {
        JsonNode d = LiterLlmClient.requestJson(data);
        return queue(op, () -> new CallResult(d, null));
    }

    /** Queue a failure: the label's exception, as the library would raise it. */
    public synchronized FakeLlmClient fail(String op, String label) {
        return queue(op, () -> { throw ErrorMap.of(label, "faked"); });
    }

    /** Queue a stream for a streamed op ("chat", "responses"): its events, then its final response. */
    public synchronized FakeLlmClient stream(String op, List<?> events, Object fin) {
        ObjectNode canned = Json.MAPPER.createObjectNode();
        var arr = canned.putArray("events");
        for (Object e : events) arr.add(LiterLlmClient.requestJson(e));
        canned.set("final", LiterLlmClient.requestJson(fin));
        return queue("stream:" + op, () -> new CallResult(canned, null));
    }

    /** Every request received, in order. */
    public synchronized List<Sent> sent() { return List.copyOf(sent); }

    /** The requests of one op, in order. */
    public synchronized List<JsonNode> sentTo(String op) {
        return sent.stream().filter(s -> s.op().equals(op)).map(Sent::request).toList();
    }

    private FakeLlmClient queue(String op, Supplier<CallResult> s) {
        answers.computeIfAbsent(Objects.requireNonNull(op, "op"), k -> new ArrayList<>()).add(s);
        return this;
    }

    private Supplier<CallResult> next(String key, String op, Object request) {
        synchronized (this) {
            sent.add(new Sent(op, LiterLlmClient.requestJson(request)));
            List<Supplier<CallResult>> l = answers.get(key);
            if (l == null || l.isEmpty()) throw new IllegalStateException("FakeLlmClient has no answer for '" + key + "'");
            int i = used.merge(key, 1, Integer::sum) - 1;
            return l.get(Math.min(i, l.size() - 1));
        }
    }

    @Override
    public CallResult callWithMeta(String op, Object request) {
        return next(Objects.requireNonNull(op, "op"), op, request).get();
    }

    @Override
    public CompletableFuture<CallResult> callWithMetaAsync(String op, Object request) {
        Supplier<CallResult> s = next(Objects.requireNonNull(op, "op"), op, request);
        try {
            return CompletableFuture.completedFuture(s.get());
        } catch (LiterLlmException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public EventStream stream(String op, Object request) {
        JsonNode canned = next("stream:" + op, op, request).get().data();
        List<JsonNode> events = new ArrayList<>();
        canned.get("events").forEach(events::add);
        JsonNode fin = canned.get("final");
        return new EventStream(new EventStream.Source() {
            private int i;

            @Override
            public CompletableFuture<CallResult> next() {
                ObjectNode env = Json.MAPPER.createObjectNode();
                if (i < events.size()) {
                    env.set("chunk", events.get(i++));
                } else {
                    env.put("done", true);
                    env.set("response", fin);
                }
                return CompletableFuture.completedFuture(new CallResult(env, null));
            }

            @Override
            public void free() {}
        });
    }

    @Override
    public void close() {}
}
