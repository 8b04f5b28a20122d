package dev.literllm;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A chat completion (also the accumulated result of a stream).
 *
 * @param id                the provider's id, or null
 * @param object            "chat.completion"
 * @param created           Unix seconds, or null
 * @param model             the model that answered
 * @param choices           the choices (one unless "n" asked for more)
 * @param usage             token usage, or null when the provider sent none
 * @param systemFingerprint the backend configuration, or null
 * @param raw               the whole response as JSON (every field, also ones not typed here)
 * @param meta              how the library served it (deployment, attempts, cost, request id), or null
 */
@JsonIgnoreProperties({"raw", "meta"})
public record ChatCompletion(String id, String object, Long created, String model, List<Choice> choices,
                             Usage usage, String systemFingerprint, JsonNode raw, Meta meta) {

    /** Typed fields of {@code raw}; a field of the wrong type is an {@link InvalidResponseException}. */
    public static ChatCompletion of(JsonNode raw, Meta meta) { return Json.typed(raw, meta, ChatCompletion.class); }

    /** Typed fields of {@code raw}, without meta (built by hand, e.g. in a test). */
    public static ChatCompletion of(JsonNode raw) { return of(raw, null); }

    /** Checks nothing; copies the list. */
    public ChatCompletion {
        choices = choices == null ? List.of() : List.copyOf(choices);
    }

    /**
     * One choice.
     *
     * @param index        its index
     * @param message      the answer
     * @param finishReason why generation stopped (stop, length, tool_calls, content_filter), or null
     * @param logprobs     log probabilities when asked for, else null
     */
    public record Choice(int index, ResponseMessage message, String finishReason, JsonNode logprobs) {
    }

    /**
     * The model's message in a response.
     *
     * @param role      "assistant"
     * @param content   the text, or null (a turn of tool calls only)
     * @param refusal   a refusal's text, or null
     * @param toolCalls the tools the model called (empty when none)
     */
    public record ResponseMessage(String role, String content, String refusal, List<ToolCall> toolCalls) {
        /** Copies the list. */
        public ResponseMessage {
            toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        }

        /** This answer as a request message, to send back in the next turn. */
        public Message toParam() {
            return new Message("assistant", content, null, toolCalls.isEmpty() ? null : toolCalls, null);
        }
    }

    private ResponseMessage first() {
        return choices.isEmpty() || choices.get(0).message() == null ? null : choices.get(0).message();
    }

    /** The first choice's text, or null. */
    public String content() {
        ResponseMessage m = first();
        return m == null ? null : m.content();
    }

    /** Why the first choice stopped, or null. */
    public String finishReason() { return choices.isEmpty() ? null : choices.get(0).finishReason(); }

    /** The first choice's message as a request message, to send back in the next turn. */
    public Message message() {
        ResponseMessage m = first();
        return m == null ? new Message("assistant", null, null, null, null) : m.toParam();
    }

    /** The first choice's tool calls (empty when it called none). */
    public List<ToolCall> toolCalls() {
        ResponseMessage m = first();
        return m == null ? List.of() : m.toolCalls();
    }
}
