package dev.literllm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FakeTest {
    /** What a user's code looks like: it takes a LiterLlmClient; its tests pass the fake. */
    record Summarizer(LiterLlmClient llm) {
        String summarize(String text) {
            try {
                return llm.chat(new ChatRequest("openai/gpt-4o-mini", List.of(Message.user("Summarize: " + text)))).content();
            } catch (RateLimitedException e) {
                return "(busy)";
            }
        }

        String streamed(String text) {
            StringBuilder out = new StringBuilder();
            try (ChatStream s = llm.chatStream(new ChatRequest("m", List.of(Message.user(text))))) {
                s.forEachRemaining(c -> out.append(c.content()));
            }
            return out.toString();
        }
    }

    static Map<String, Object> answer(String text) {
        return Map.of("choices", List.of(Map.of("message", Map.of("role", "assistant", "content", text))));
    }

    @Test
    void cannedAnswersErrorsAndWhatWasSent() {
        var fake = new FakeLlmClient().answer("chat", answer("Short.")).fail("chat", "rate_limited");
        var s = new Summarizer(fake);
        assertEquals("Short.", s.summarize("a long text"));
        assertEquals("(busy)", s.summarize("another"));
        assertEquals(2, fake.sentTo("chat").size());
        assertEquals("Summarize: a long text", fake.sentTo("chat").get(0).path("messages").path(0).path("content").asText());
        assertThrows(InvalidRequestException.class, () -> new FakeLlmClient().fail("chat", "context_window_exceeded")
                .chat(new ChatRequest("m", List.of(Message.user("x")))));
    }

    @Test
    void streamsAsyncCallsAndTypedEndpoints() {
        Map<String, Object> hel = Map.of("choices", List.of(Map.of("delta", Map.of("content", "Hel"))));
        Map<String, Object> lo = Map.of("choices", List.of(Map.of("delta", Map.of("content", "lo"))));
        var fake = new FakeLlmClient()
                .stream("chat", List.of(hel, lo), answer("Hello"))
                .answer("rerank", "{\"results\":[{\"index\":1,\"relevance_score\":0.9}]}")
                .answer("chat", answer("async"));
        assertEquals("Hello", new Summarizer(fake).streamed("hi"));
        assertEquals(1, fake.rerank(Map.of("model", "m", "query", "q", "documents", List.of("a", "b")))
                .results().get(0).index());
        assertEquals("async", fake.chatAsync(new ChatRequest("m", List.of(Message.user("x")))).join().content());
        assertEquals(List.of("chat", "rerank", "chat"), fake.sent().stream().map(FakeLlmClient.Sent::op).toList());
        assertThrows(IllegalStateException.class, () -> fake.call("embed", Map.of()));
    }
}
