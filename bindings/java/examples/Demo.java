import dev.literllm.ChatCompletion;
import dev.literllm.ChatRequest;
import dev.literllm.LiterLlmClient;
import dev.literllm.LiterLlmException;
import dev.literllm.Message;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A chat, a streamed answer and a typed error through the Java binding (make demo). */
public class Demo {
    static LiterLlmClient client(String scene) {
        var b = LiterLlmClient.builder();
        String mock = System.getenv("LITER_LLM_MOCK_URL");
        if (mock != null && System.getenv("OPENAI_API_KEY") == null) {
            b.baseUrl(mock + "/s/demo_" + scene + "/java" + UUID.randomUUID().toString().substring(0, 8) + "/v1");
        }
        return b.build();
    }

    public static void main(String[] args) throws Exception {
        var req = new ChatRequest("openai/gpt-4o-mini", List.of(Message.user("What is the capital of France?")));
        try (var c = client("chat")) {
            ChatCompletion r = c.chatAsync(req).get();
            System.out.println("1. chat\n   < " + r.content() + "\n   usage: " + r.usage().totalTokens() + " tokens");
        }
        try (var c = client("stream")) {
            System.out.print("\n2. stream\n   < ");
            ChatCompletion done = c.chatStream(req, chunk ->
                    System.out.print(chunk.content()));
            System.out.println("\n   finish_reason: " + done.finishReason());
        }
        try (var c = client("error")) {
            c.chat(new ChatRequest(req.model(), req.messages(), Map.of("max_retries", 0, "temperature", 9)));
        } catch (LiterLlmException e) {
            System.out.println("\n3. typed error\n   " + e.getClass().getSimpleName() + " label=" + e.label()
                    + " status=" + e.status() + "\n   " + e.getMessage());
        }
    }
}
