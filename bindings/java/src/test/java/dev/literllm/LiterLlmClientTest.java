package dev.literllm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LiterLlmClientTest {
    static final HttpClient HTTP = HttpClient.newHttpClient();

    static String mock() {
        String u = System.getenv("LITER_LLM_MOCK_URL");
        if (u == null || u.isEmpty()) fail("LITER_LLM_MOCK_URL is not set: run through `make test-java`");
        return u;
    }

    record Run(String name, String id) {
        String baseUrl() { return mock() + "/s/" + name + "/" + id + "/v1"; }
    }

    static Run run(String name) { return new Run(name, "java" + UUID.randomUUID().toString().substring(0, 12)); }

    static LiterLlmClient client(Run r, JsonNode extra) {
        var b = LiterLlmClient.builder();
        if (extra != null) extra.fields().forEachRemaining(e -> b.set(e.getKey(), Native.JSON.convertValue(e.getValue(), Object.class)));
        return b.baseUrl(r.baseUrl()).apiKey("test-key").build();
    }

    static JsonNode log(Run r) throws IOException, InterruptedException {
        var resp = HTTP.send(HttpRequest.newBuilder(URI.create(mock() + "/_log/" + r.name + "/" + r.id)).build(),
                HttpResponse.BodyHandlers.ofString());
        return Native.JSON.readTree(resp.body());
    }

    /** The most requests of a run the mock had in flight at once. */
    static int peak(Run r) throws IOException, InterruptedException {
        var resp = HTTP.send(HttpRequest.newBuilder(URI.create(mock() + "/_peak/" + r.name + "/" + r.id)).build(),
                HttpResponse.BodyHandlers.ofString());
        return Native.JSON.readTree(resp.body()).get("peak").asInt();
    }

    static String subset(JsonNode expected, JsonNode actual, String path) {
        if (expected.isObject()) {
            if (!actual.isObject()) return path + ": expected an object";
            for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
                var e = it.next();
                if (!actual.has(e.getKey())) return path + "." + e.getKey() + ": missing";
                String d = subset(e.getValue(), actual.get(e.getKey()), path + "." + e.getKey());
                if (d != null) return d;
            }
            return null;
        }
        if (expected.isArray()) {
            if (!actual.isArray() || actual.size() != expected.size()) return path + ": list length differs";
            for (int i = 0; i < expected.size(); i++) {
                String d = subset(expected.get(i), actual.get(i), path + "[" + i + "]");
                if (d != null) return d;
            }
            return null;
        }
        boolean same = expected.isNumber() && actual.isNumber()
                ? expected.asDouble() == actual.asDouble() : expected.equals(actual);
        return same ? null : path + ": expected " + expected + ", got " + actual;
    }

    static Stream<JsonNode> fixtures() throws IOException {
        List<JsonNode> all = new ArrayList<>();
        try (var files = Files.list(Path.of("../../tests/fixtures"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                Native.JSON.readTree(f.toFile()).forEach(all::add);
            }
        }
        assertTrue(all.size() >= 40);
        return all.stream();
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("fixtures")
    void fixture(JsonNode c) throws Exception {
        Run r = run(c.get("name").asText());
        JsonNode ex = c.get("expect");
        JsonNode data = null;
        Meta meta = null;
        LiterLlmException error = null;
        int chunks = 0;
        try (var client = client(r, c.get("config"))) {
            String req = c.get("request").toString();
            if (c.get("stream").asBoolean()) {
                try (EventStream s = client.stream(c.get("op").asText(), req)) {
                    while (s.hasNext()) {
                        JsonNode ev = s.next();
                        if (c.get("op").asText().equals("chat")) TypedFixtures.chunk(ev);
                        chunks++;
                    }
                    data = s.result().data();
                    meta = s.result().meta();
                }
            } else {
                CallResult res = client.callWithMetaAsync(c.get("op").asText(), req).join();
                data = res.data();
                meta = res.meta();
            }
        } catch (CompletionException e) {
            error = (LiterLlmException) e.getCause();
        } catch (LiterLlmException e) {
            error = e;
        }
        if (error != null) meta = error.meta();
        if (ex.get("ok").asBoolean()) {
            assertNull(error, () -> "unexpected error");
            if (ex.has("response")) assertNull(subset(ex.get("response"), data, "response"));
            TypedFixtures.check(c.get("op").asText(), data, meta);
        } else {
            assertNotNull(error, "expected an error");
            String label = ex.get("label").asText();
            assertEquals(ErrorMap.CLASSES.get(label).apply(ex).getClass(), error.getClass());
            assertEquals(label, error.label());
            if (ex.has("status")) assertEquals(ex.get("status").asInt(), error.status());
        }
        if (ex.has("chunks")) assertEquals(ex.get("chunks").asInt(), chunks);
        if (ex.has("attempts")) assertEquals(ex.get("attempts").asInt(), log(r).size());
        if (ex.has("meta")) {
            assertNotNull(meta, "no meta");
            assertNull(subset(ex.get("meta"), meta.raw(), "meta"));
        }
    }

    @Test
    void typedCountTokens() {
        try (var c = client(run("tokens_local_openai"), null)) {
            var msgs = List.of(Map.of("role", "system", "content", "You are terse."),
                    Map.of("role", "user", "content", "Hello, world!"));
            TokenCount n = c.countTokens(Map.of("model", "openai/gpt-4o", "messages", msgs));
            assertEquals(19, n.inputTokens());
            assertEquals("o200k", n.tokenizer());
            assertFalse(n.isEstimate());
            assertEquals(128000, n.contextWindow());
            assertTrue(n.fits());
            assertThrows(UnsupportedException.class,
                    () -> c.countTokens(Map.of("model", "cohere/command-r-plus", "text", "x", "exact", true)));
        }
    }

    @Test
    void budgetAndUsage() {
        Run r = run("budget_within_hard");
        try (var c = LiterLlmClient.builder().baseUrl(r.baseUrl()).apiKey("test-key")
                .set("pricing", Map.of("openai/budget-m", Map.of("input_mtok", "1000", "output_mtok", "1000")))
                .set("budgets", List.of(Map.of("scope", "global", "limit_usd", "1.00", "window", "daily"))).build()) {
            // a hard budget reserves the worst case: the request gives max_tokens
            CallResult done = c.callWithMeta("chat", Map.of("model", "openai/budget-m",
                    "messages", List.of(Map.of("role", "user", "content", "hi")), "max_tokens", 3));
            assertEquals(new java.math.BigDecimal("0.012"), done.meta().cost().usd());
            assertFalse(done.meta().cacheHit());
            UsageReport u = c.usage(null, null);
            assertEquals(new java.math.BigDecimal("0.012"), u.budgets().get(0).spentUsd());
            assertEquals("global", u.budgets().get(0).scope());
            assertEquals("memory", u.state());
        }
    }

    @Test
    void typedCost() {
        try (var c = client(run("chat_meta_cost"), null)) {
            var usage = Map.of("prompt_tokens", 1200, "completion_tokens", 300,
                    "prompt_tokens_details", Map.of("cached_tokens", 200));
            Cost cost = c.cost("openai/gpt-4o", usage);
            assertEquals(new java.math.BigDecimal("0.00575"), cost.usd());
            assertEquals(new java.math.BigDecimal("0.003"), cost.breakdown().get("output"));
            assertEquals("openai/gpt-4o", cost.pricedAs());
            Cost unknown = c.cost("openai/my-private-model", usage);
            assertFalse(unknown.known());
            assertNotNull(unknown.reason());
            ChatCompletion r = c.chat(new ChatRequest("openai/gpt-4o", List.of(Message.user("hi"))));
            assertEquals(new java.math.BigDecimal("0.00575"), r.meta().cost().usd());
        }
    }

    @Test
    void routingMetaIsTyped() {
        Run r = run("route_failover_503");
        var deps = List.of(
                Map.of("id", "east", "model_name", "chat-default", "model", "openai/east-m", "priority", 0),
                Map.of("id", "west", "model_name", "chat-default", "model", "openai/west-m", "priority", 1));
        try (var c = LiterLlmClient.builder().baseUrl(r.baseUrl()).apiKey("test-key")
                .set("deployments", deps).set("router", Map.of("strategy", "priority")).build()) {
            ChatCompletion done = c.chat(new ChatRequest("chat-default", List.of(Message.user("hi"))));
            Meta m = done.meta();
            assertEquals("west", m.deployment());
            assertEquals("west-m", m.model());
            assertEquals(2, m.attempts().size());
            assertEquals(new Meta.Attempt("east", "openai", "east-m", "service_unavailable", 503,
                    m.attempts().get(0).latencyMs()), m.attempts().get(0));
            assertNull(m.attempts().get(1).label());
            assertTrue(m.latencyMs() >= 0);
        }
    }

    static final ChatRequest HI = new ChatRequest("openai/gpt-4o-mini", List.of(Message.user("hi")));

    @Test
    void typedChatAndStreamForms() {
        try (var c = client(run("chat_basic"), null)) {
            ChatCompletion r = c.chat(HI);
            assertEquals("Hello there!", r.content());
            assertEquals(4, r.usage().cachedTokens());
            assertEquals(12, r.usage().totalTokens());
            assertEquals("req_chat_basic", r.meta().requestId());
            assertEquals("4999", r.meta().rateLimit().get("x-ratelimit-remaining-requests"));
        }
        try (var c = client(run("stream_basic"), null)) {
            var text = new StringBuilder();
            ChatCompletion done = c.chatStream(HI, ch -> text.append(ch.content()));
            assertEquals("Hello world!", text.toString());
            assertEquals("Hello world!", done.content());
        }
        try (var c = client(run("stream_basic"), null); var s = c.chatStream(HI); var st = s.stream()) {
            assertEquals(6, st.count());
        }
    }

    @Test
    void thousandVirtualThreadsDoNotPin() throws Exception {
        Run r = run("chat_slow_100ms");
        try (var c = client(r, null)) {
            c.chatAsync(HI).join();
            var ok = new AtomicInteger();
            long t0 = System.nanoTime();
            try (var exec = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 1000; i++) {
                    exec.submit(() -> {
                        if ("Hello there!".equals(c.chatAsync(HI).join().content())) ok.incrementAndGet();
                    });
                }
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            int peak = peak(r);
            System.out.println("1000 virtual threads x chatAsync against a 100 ms upstream: " + ms
                    + " ms, " + peak + " in flight at once at the mock");
            assertEquals(1000, ok.get());
            // overlap as the mock saw it, not by a clock: pinned carriers would allow a handful
            assertTrue(peak >= 16, "the mock saw at most " + peak + " requests at once: carriers pinned?");
        }
    }

    static void waitDisconnected(Run r) throws Exception {
        long until = System.currentTimeMillis() + 3000;
        while (System.currentTimeMillis() < until) {
            JsonNode l = log(r);
            if (l.size() > 0 && l.get(0).get("disconnected").asBoolean()) return;
            Thread.sleep(20);
        }
        fail("upstream connection was not closed");
    }

    @Test
    void cancellingTheFutureStopsTheUpstream() throws Exception {
        Run r = run("error_timeout_deadline");
        try (var c = LiterLlmClient.builder().baseUrl(r.baseUrl()).apiKey("k").maxRetries(0).build()) {
            CompletableFuture<ChatCompletion> f = c.chatAsync(HI);
            Thread.sleep(100);
            assertTrue(f.cancel(true));
            assertThrows(CancellationException.class, f::join);
            waitDisconnected(r);
        }
    }

    @Test
    void closingAStreamStopsTheUpstream() throws Exception {
        Run r = run("stream_idle_timeout");
        try (var c = LiterLlmClient.builder().baseUrl(r.baseUrl()).apiKey("k").set("stream_idle_timeout", 30).build()) {
            ChatStream s = c.chatStream(HI);
            assertTrue(s.hasNext());
            s.next();
            s.close();
            s.close();
            waitDisconnected(r);
        }
    }

    @Test
    void misuse() throws IOException {
        var c = client(run("chat_basic"), null);
        assertThrows(NullPointerException.class, () -> c.chat(null));
        assertThrows(NullPointerException.class, () -> c.call(null, "{}"));
        assertThrows(NullPointerException.class, () -> new ChatRequest(null, List.of()));
        assertThrows(InvalidArgumentException.class, () -> c.call("frobnicate", "{}"));
        assertThrows(InvalidArgumentException.class, () -> c.call("chat", "{not json"));
        assertThrows(InvalidArgumentException.class, () -> LiterLlmClient.builder().set("colour", "blue").build());
        assertThrows(IllegalArgumentException.class, () -> LiterLlmClient.builder().maxRetries(-1));
        var e = assertThrows(CompletionException.class, () -> c.chatAsync(new ChatRequest("m", List.of())).join());
        assertInstanceOf(InvalidArgumentException.class, e.getCause());
        c.close();
        c.close();
        assertThrows(InvalidArgumentException.class, () -> c.chat(HI));
        assertThrows(InvalidArgumentException.class, () -> c.chatAsync(HI));
        assertThrows(InvalidArgumentException.class, () -> c.chatStream(HI));
        assertEquals(headerLabels(), ErrorMap.CLASSES.keySet());
    }

    /** The stable labels as include/liter_llm.h lists them. */
    static java.util.Set<String> headerLabels() throws IOException {
        String h = Files.readString(Path.of("../../include/liter_llm.h"));
        String list = h.substring(h.indexOf("Stable labels"), h.indexOf("OWNERSHIP"));
        return java.util.regex.Pattern.compile("[a-z]+(?:_[a-z]+)*").matcher(list.substring(list.indexOf(':') + 1))
                .results().map(java.util.regex.MatchResult::group).collect(java.util.stream.Collectors.toSet());
    }

    @Test
    void hooksMetricsAndTraceContext() throws Exception {
        Run r = run("chat_basic");
        try (var c = client(r, Native.JSON.readTree("{\"telemetry\":{\"metrics\":true}}"))) {
            List<JsonNode> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
            c.onRequest(ev -> {
                seen.add(ev);
                if (ev.path("request").toString().contains("forbidden")) throw new IllegalStateException("blocked by policy");
            });
            c.onResponse(seen::add);
            c.onError(seen::add);
            String tp = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
            var hi = List.of(Map.of("role", "user", "content", "hi"));
            c.call("chat", Map.of("model", "openai/gpt-4o-mini", "messages", hi, "traceparent", tp));
            var no = List.of(Map.of("role", "user", "content", "forbidden"));
            var e = assertThrows(HookRejectedException.class,
                    () -> c.call("chat", Map.of("model", "openai/gpt-4o-mini", "messages", no)));
            assertTrue(e.getMessage().contains("blocked by policy"), e.getMessage());
            assertEquals(List.of("on_request", "on_response", "on_request", "on_error"),
                    seen.stream().map(j -> j.path("hook").asText()).toList());
            assertFalse(seen.toString().contains("test-key"), "a hook saw the key");
            JsonNode upstream = log(r);
            assertEquals(1, upstream.size(), "the refused call reached the provider");
            assertEquals(tp, upstream.get(0).path("headers").path("traceparent").asText());
            c.onRequest(null);
            c.call("chat", Map.of("model", "openai/gpt-4o-mini", "messages", no));
            assertTrue(c.metrics().contains(
                    "liter_llm_requests_total{op=\"chat\",provider=\"openai\",model=\"openai/gpt-4o-mini\",deployment=\"\",outcome=\"ok\"} 2"),
                    c.metrics());
        }
    }
}
