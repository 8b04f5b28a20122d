package dev.literllm;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A chat completion (also the accumulated result of a stream); {@code raw} keeps every field.
 *
 * @param raw  the whole response as JSON
 * @param meta how the library served it (deployment, attempts, fallbacks, latency), or null
 */
public record ChatCompletion(JsonNode raw, Meta meta) {
    /** A completion without meta (built by hand, e.g. in a test). */
    public ChatCompletion(JsonNode raw) { this(raw, null); }

    /** The first choice's text, or null. */
    public String content() {
        JsonNode c = raw.path("choices").path(0).path("message").path("content");
        return c.isTextual() ? c.asText() : null;
    }

    /** Why generation stopped, or null. */
    public String finishReason() {
        JsonNode f = raw.path("choices").path(0).path("finish_reason");
        return f.isTextual() ? f.asText() : null;
    }

    /** The first choice's message as a request message, to send back in the next turn. */
    public Message message() {
        JsonNode m = raw.path("choices").path(0).path("message");
        java.util.List<ToolCall> calls = null;
        if (m.path("tool_calls").isArray() && !m.path("tool_calls").isEmpty()) {
            calls = new java.util.ArrayList<>();
            for (JsonNode c : m.path("tool_calls")) {
                calls.add(new ToolCall(c.path("id").asText(), c.path("type").asText("function"),
                        new ToolCall.Function(c.path("function").path("name").asText(),
                                c.path("function").path("arguments").asText())));
            }
        }
        return new Message("assistant", content(), null, calls, null);
    }

    /** The first choice's tool calls (empty when it called none). */
    public java.util.List<ToolCall> toolCalls() {
        java.util.List<ToolCall> calls = message().toolCalls();
        return calls == null ? java.util.List.of() : calls;
    }

    /** Token usage (a missing node when the provider sent none). */
    public JsonNode usage() { return raw.path("usage"); }
}
