package dev.literllm;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;

/**
 * A chat message of a request: system, user (text or parts), assistant (text and/or tool
 * calls), or tool (a tool call's result). Build one with the factories; a completion's answer
 * becomes one with {@link ChatCompletion#message()}.
 *
 * @param role       system, user, assistant or tool
 * @param content    the text, a List of {@link ContentPart}s, or null (an assistant turn of tool calls)
 * @param name       an optional participant name
 * @param toolCalls  the tool calls of an assistant turn, or null
 * @param toolCallId the call a tool message answers, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Message(
        String role,
        Object content,
        String name,
        @JsonProperty("tool_calls") List<ToolCall> toolCalls,
        @JsonProperty("tool_call_id") String toolCallId) {
    /** Checks the role; copies the lists. */
    public Message {
        Objects.requireNonNull(role, "role");
        toolCalls = toolCalls == null ? null : List.copyOf(toolCalls);
        if (content instanceof List<?> parts) content = List.copyOf(parts);
    }

    /** A message of a role and content only. */
    public Message(String role, Object content) { this(role, content, null, null, null); }

    /** A system instruction. */
    public static Message system(String text) { return new Message("system", text); }

    /** A user's text. */
    public static Message user(String text) { return new Message("user", text); }

    /** A user's message of several parts (text, images). */
    public static Message user(ContentPart... parts) { return new Message("user", List.of(parts)); }

    /** An earlier answer of the model, as text. */
    public static Message assistant(String text) { return new Message("assistant", text); }

    /** An earlier answer of the model that called tools (its text may be null). */
    public static Message assistant(String text, List<ToolCall> toolCalls) {
        return new Message("assistant", text, null, toolCalls, null);
    }

    /** The result of the tool call {@code toolCallId}, sent back to the model. */
    public static Message tool(String toolCallId, String content) {
        return new Message("tool", content, null, null, Objects.requireNonNull(toolCallId, "toolCallId"));
    }
}
