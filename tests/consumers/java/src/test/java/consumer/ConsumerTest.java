package consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.literllm.ChatStream;
import dev.literllm.LiterLlmClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsumerTest {
    static final String MOCK = System.getenv("LITER_LLM_MOCK_URL");
    static final Map<String, Object> HI = Map.of("model", "gpt-4o-mini",
            "messages", List.of(Map.of("role", "user", "content", "hi")));

    @Test
    void chatAndStreamFromTheInstalledJar() {
        assertEquals(System.getenv("EXPECT_VENV"), LiterLlmClient.version().path("venv").asText());
        try (var c = LiterLlmClient.builder().baseUrl(MOCK + "/s/demo_chat/java-consumer/v1").apiKey("k").build()) {
            assertTrue(c.call("chat", HI).toString().contains("Paris"));
        }
        try (var c = LiterLlmClient.builder().baseUrl(MOCK + "/s/demo_stream/java-consumer/v1").apiKey("k").build();
             ChatStream s = c.chatStream(HI)) {
            int n = 0;
            while (s.hasNext()) {
                s.next();
                n++;
            }
            assertTrue(n >= 2);
            System.out.println("Java consumer: chat and a " + n + "-chunk stream");
        }
    }
}
