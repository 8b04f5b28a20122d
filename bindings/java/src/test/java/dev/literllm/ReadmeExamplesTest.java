package dev.literllm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

/**
 * The README's Java examples: make docs copies the regions between "readme:" markers into
 * the README, and make test-java runs them here.
 */
class ReadmeExamplesTest {
    private static final String RUN = "readme-java-" + System.nanoTime();

    /** A client of one mock-provider scene (a real one reads its key from the environment). */
    static LiterLlmClient scene(String name) {
        return LiterLlmClient.builder().baseUrl(LiterLlmClientTest.mock() + "/s/" + name + "/" + RUN + "/v1").apiKey("k").build();
    }

    @Test
    void chatStreamToolsStructuredVision() throws Exception {
        try (var client = scene("demo_chat")) {
            // readme: chat
            var req = ChatRequest.builder("openai/gpt-4o-mini").user("What is the capital of France?").build();
            ChatCompletion r = client.chat(req, CallOptions.builder().timeout(Duration.ofSeconds(30)).build());
            System.out.println(r.content() + " " + r.usage().totalTokens() + " " + r.meta().provider());
            // readme: end
            assertEquals("The capital of France is Paris.", r.content());
            assertEquals(21, r.usage().totalTokens());
        }
        try (var client = scene("demo_stream")) {
            var req = ChatRequest.builder("openai/gpt-4o-mini").user("Tell me a story").build();
            StringBuilder out = new StringBuilder();
            // readme: stream
            try (ChatStream s = client.chatStream(req)) {
                while (s.hasNext()) out.append(s.next().content()); // a virtual thread waiting here unmounts
                System.out.println(out + " | " + s.response().finishReason());
            }
            // readme: end
            assertEquals("Tokens arrive one by one, straight from the stream.", out.toString());
        }
        try (var client = scene("tool_round_trip")) {
            // readme: tools round trip
            Map<String, Object> city = Map.of("type", "object", "properties", Map.of("city", Map.of("type", "string")),
                    "required", List.of("city"));
            var ask = ChatRequest.builder("openai/gpt-4o-mini").user("Weather in Paris?")
                    .tools(Tool.function("get_weather", "Weather of a city", city)).build();
            ChatCompletion first = client.chat(ask);
            ToolCall call = first.toolCalls().get(0); // call.function().arguments() is {"city":"Paris"}
            ChatCompletion answer = client.chat(ask.with(first.message(), Message.tool(call.id(), "18C")));
            // readme: end
            assertEquals("{\"city\":\"Paris\"}", call.function().arguments());
            assertEquals("It is 18C in Paris.", answer.content());
        }
        try (var client = scene("chat_json_schema")) {
            // readme: structured output
            Map<String, Object> schema = Map.of("type", "object", "properties", Map.of("text", Map.of("type", "string")),
                    "required", List.of("text"));
            var req = ChatRequest.builder("openai/gpt-4o-mini").user("Say hello")
                    .responseFormat(Tool.jsonSchemaFormat("greeting", schema, true)).build();
            record Greeting(String text) {}
            Greeting g = new ObjectMapper().readValue(client.chat(req).content(), Greeting.class);
            // readme: end
            assertEquals("hi", g.text());
        }
        try (var client = scene("chat_multimodal")) {
            // readme: vision
            var req = new ChatRequest("openai/gpt-4o-mini", List.of(
                    Message.user(ContentPart.text("What is this?"), ContentPart.image("data:image/png;base64,iVBORw0KGgo="))));
            String seen = client.chat(req).content();
            // readme: end
            assertEquals("Hello there!", seen);
        }
    }

    @Test
    void embeddingsErrorsCancellationPublisherFake() throws Exception {
        try (var client = scene("embed_basic")) {
            // readme: embeddings
            Embeddings e = client.embed(Map.of("model", "openai/text-embedding-3-small", "input", "hello"));
            float[] vector = e.data().get(0).vector();
            // readme: end
            assertTrue(vector.length > 0);
        }
        try (var client = scene("retry_429_then_ok")) {
            var req = ChatRequest.builder("openai/gpt-4o-mini").user("hi").build();
            // readme: errors and retries
            ChatCompletion r = client.chat(req, CallOptions.builder().maxRetries(2).build());
            Meta.Attempt firstTry = r.meta().attempts().get(0); // label "rate_limited", then the answer
            // readme: end
            assertEquals("rate_limited", firstTry.label());
            assertEquals(2, r.meta().attempts().size());
        }
        try (var client = scene("demo_error")) {
            var req = ChatRequest.builder("openai/gpt-4o-mini").user("a very long prompt").build();
            String caught = null;
            // readme: errors and retries
            try {
                client.chat(req);
            } catch (ContextWindowExceededException e) { // a kind of InvalidRequestException
                caught = e.label() + " " + e.status();
            } catch (RateLimitedException e) {
                Thread.sleep(e.retryAfter() == null ? 1000 : (long) (e.retryAfter() * 1000));
            }
            // readme: end
            assertEquals("context_window_exceeded 400", caught);
        }
        try (var client = scene("error_timeout_deadline")) {
            var req = ChatRequest.builder("openai/gpt-4o-mini").user("hi").build();
            // readme: cancellation
            CompletableFuture<ChatCompletion> pending = client.chatAsync(req); // no thread waits
            pending.cancel(true); // cancels the upstream request too
            // readme: end
            assertTrue(pending.isCancelled());
        }
        try (var client = scene("demo_stream")) {
            var req = ChatRequest.builder("openai/gpt-4o-mini").user("Tell me a story").build();
            List<String> pieces = new ArrayList<>();
            CompletableFuture<Void> done = new CompletableFuture<>();
            // readme: stream
            client.chatPublisher(req).subscribe(new Flow.Subscriber<ChatChunk>() {
                Flow.Subscription sub;
                public void onSubscribe(Flow.Subscription s) { sub = s; s.request(1); }
                public void onNext(ChatChunk c) { pieces.add(c.content()); sub.request(1); }
                public void onError(Throwable t) { done.completeExceptionally(t); }
                public void onComplete() { done.complete(null); }
            });
            // readme: end
            done.join();
            assertEquals("Tokens arrive one by one, straight from the stream.", String.join("", pieces));
        }
        // readme: testing with the fake
        var fake = new FakeLlmClient()
                .answer("chat", Map.of("choices", List.of(Map.of("message", Map.of("role", "assistant", "content", "Hi!")))))
                .fail("embed", "rate_limited");
        LiterLlmClient llm = fake; // pass it where your code takes a LiterLlmClient; no native library needed
        String hi = llm.chat(ChatRequest.builder("m").user("hello").build()).content();
        CompletionException failed = null;
        try {
            llm.embedAsync(Map.of("model", "m", "input", "x")).join();
        } catch (CompletionException e) {
            failed = e; // e.getCause() is a RateLimitedException
        }
        // readme: end
        assertEquals("Hi!", hi);
        assertInstanceOf(RateLimitedException.class, failed.getCause());
        assertEquals("hello", fake.sentTo("chat").get(0).path("messages").path(0).path("content").asText());
    }
}
