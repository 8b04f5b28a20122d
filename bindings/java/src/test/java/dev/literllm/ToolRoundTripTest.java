package dev.literllm;

import static dev.literllm.LiterLlmClientTest.client;
import static dev.literllm.LiterLlmClientTest.log;
import static dev.literllm.LiterLlmClientTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ToolRoundTripTest {
    @Test
    void typedToolRoundTripSendsTheExpectedBodies() throws Exception {
        var r = run("tool_round_trip");
        Map<String, Object> params = Map.of("type", "object",
                "properties", Map.of("city", Map.of("type", "string")), "required", List.of("city"));
        try (var c = client(r, null)) {
            ChatRequest req = ChatRequest.builder("gpt-4o-mini").system("Be brief.").user("Weather in Paris?")
                    .tools(Tool.function("get_weather", "Weather of a city", params)).toolChoice("auto").build();
            ChatCompletion first = c.chat(req);
            assertEquals("tool_calls", first.finishReason());
            ToolCall call = first.toolCalls().get(0);
            assertEquals("get_weather", call.function().name());
            ChatCompletion done = c.chat(req.with(first.message(), Message.tool(call.id(), "18C")));
            assertEquals("It is 18C in Paris.", done.content());
        }
        JsonNode want = Native.JSON.readTree(Files.readString(Path.of("../../tests/expected/tool_round_trip.json")));
        JsonNode sent = log(r);
        assertEquals(want.get("first"), sent.get(0).get("body"));
        assertEquals(want.get("second"), sent.get(1).get("body"));
    }

    @Test
    void extraCannotOverwriteATypedField() {
        assertThrows(InvalidArgumentException.class,
                () -> new ChatRequest("m", List.of(Message.user("hi")), Map.of("messages", List.of())));
        assertThrows(InvalidArgumentException.class,
                () -> ChatRequest.builder("m").user("hi").set("tools", List.of()).build());
    }
}
