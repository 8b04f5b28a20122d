// A user's unit test setup: the fake client needs no native library (none is installed here).
import dev.literllm.ChatRequest;
import dev.literllm.FakeLlmClient;
import dev.literllm.Message;
import java.util.List;
import java.util.Map;

public class Fake {
    public static void main(String[] args) {
        var fake = new FakeLlmClient().answer("chat", Map.of("choices", List.of(Map.of("message", Map.of("content", "ok")))));
        String got = fake.chat(new ChatRequest("m", List.of(Message.user("hi")))).content();
        System.out.println("Java fake without the library: " + got);
        if (!"ok".equals(got)) System.exit(1);
    }
}
