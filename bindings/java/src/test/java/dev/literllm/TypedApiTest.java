package dev.literllm;

import static dev.literllm.LiterLlmClientTest.client;
import static dev.literllm.LiterLlmClientTest.log;
import static dev.literllm.LiterLlmClientTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

class TypedApiTest {
    static final ChatRequest HI = new ChatRequest("openai/gpt-4o-mini", List.of(Message.user("hi")));

    @Test
    void callOptionsReachTheCall() throws Exception {
        var r = run("retry_503_then_ok");
        try (var c = client(r, null)) {
            var once = CallOptions.builder().maxRetries(0).timeout(Duration.ofSeconds(30)).build();
            var e = assertThrows(ServiceUnavailableException.class, () -> c.chat(HI, once));
            assertInstanceOf(ServerErrorException.class, e);
        }
        assertEquals(1, log(r).size());
        var h = run("chat_basic");
        try (var c = client(h, null)) {
            var opts = CallOptions.builder().extraHeaders(Map.of("x-team", "search")).build();
            assertEquals("Hello there!", c.chatAsync(HI, opts).join().content());
        }
        assertEquals("search", log(h).path(0).path("headers").path("x-team").asText());
    }

    @Test
    void optionsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> CallOptions.builder().timeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> CallOptions.builder().maxRetries(21));
        assertThrows(IllegalArgumentException.class, () -> LiterLlmClient.builder().timeout(Duration.ofMillis(-1)));
        var fake = new FakeLlmClient().answer("chat", Map.of());
        var opts = CallOptions.builder().maxRetries(1).build();
        var e = assertThrows(InvalidArgumentException.class,
                () -> fake.callWithMeta("chat", Map.of("model", "m", "max_retries", 3), opts));
        assertTrue(e.getMessage().contains("max_retries"));
        fake.chat(HI, opts);
        assertEquals(1, fake.sentTo("chat").get(0).path("max_retries").asInt());
    }

    @Test
    void clientTimeoutsAsDurations() {
        var r = run("chat_basic");
        try (var c = LiterLlmClient.builder().baseUrl(LiterLlmClientTest.mock() + "/s/" + r.name() + "/" + r.id() + "/v1")
                .apiKey("k").timeout(Duration.ofSeconds(20)).connectTimeout(Duration.ofMillis(1500))
                .readTimeout(Duration.ofSeconds(10)).streamIdleTimeout(Duration.ofSeconds(10)).build()) {
            assertEquals("Hello there!", c.chat(HI).content());
        }
    }

    @Test
    void typedEmbeddingsAndModels() {
        try (var c = client(run("embed_basic"), null)) {
            Embeddings e = c.embedAsync(Map.of("model", "openai/text-embedding-3-small", "input", "hi")).join();
            assertEquals(1, e.data().size());
            assertTrue(e.data().get(0).vector().length > 0);
            assertNotNull(e.meta());
        }
        try (var c = client(run("models_list"), null)) {
            ModelList m = c.models(null);
            assertTrue(m.data().stream().allMatch(x -> x.id() != null));
        }
    }

    /** A subscriber that asks for one chunk at a time, and can cancel after some. */
    static class OneByOne implements Flow.Subscriber<ChatChunk> {
        final List<String> got = new ArrayList<>();
        final CompletableFuture<Throwable> ended = new CompletableFuture<>();
        final int cancelAfter;
        Flow.Subscription sub;

        OneByOne(int cancelAfter) { this.cancelAfter = cancelAfter; }

        @Override public void onSubscribe(Flow.Subscription s) { sub = s; s.request(1); }

        @Override public void onNext(ChatChunk c) {
            got.add(c.content());
            if (got.size() == cancelAfter) {
                sub.cancel();
                ended.complete(null);
            } else {
                sub.request(1);
            }
        }

        @Override public void onError(Throwable t) { ended.complete(t); }

        @Override public void onComplete() { ended.complete(null); }
    }

    @Test
    void flowPublisherHonoursDemandAndCancel() {
        try (var c = client(run("stream_basic"), null)) {
            var s = new OneByOne(-1);
            c.chatPublisher(HI).subscribe(s);
            assertEquals(null, s.ended.join());
            assertEquals("Hello world!", String.join("", s.got));
        }
        try (var c = client(run("stream_basic"), null); ChatStream st = c.chatStream(HI)) {
            var s = new OneByOne(2);
            var pub = st.publisher();
            pub.subscribe(s);
            s.ended.join();
            assertEquals(2, s.got.size()); // nothing after cancel
            assertThrows(InvalidArgumentException.class, st::hasNext); // cancel freed the stream
            var second = new OneByOne(-1);
            pub.subscribe(second);
            assertInstanceOf(IllegalStateException.class, second.ended.join());
        }
        var fake = new FakeLlmClient().stream("chat", List.of(Map.of("choices", List.of(Map.of("delta", Map.of("content", "a"))))), Map.of());
        var bad = new OneByOne(-1) {
            @Override public void onSubscribe(Flow.Subscription s) { sub = s; s.request(0); }
        };
        fake.chatPublisher(HI).subscribe(bad);
        assertInstanceOf(IllegalArgumentException.class, bad.ended.join());
    }
}
