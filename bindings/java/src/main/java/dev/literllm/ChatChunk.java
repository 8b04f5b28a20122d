package dev.literllm;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One chunk of a streamed chat (OpenAI's chunk shape).
 *
 * @param id      the stream's id, or null
 * @param created Unix seconds, or null
 * @param model   the model, or null
 * @param choices the choices' deltas (empty in a usage-only chunk)
 * @param usage   token usage (the last chunk, when the provider sends it), or null
 * @param raw     the chunk as JSON
 */
@JsonIgnoreProperties({"raw"})
public record ChatChunk(String id, Long created, String model, List<Choice> choices, Usage usage, JsonNode raw) {

    /** Typed fields of {@code raw}; a field of the wrong type is an {@link InvalidResponseException}. */
    public static ChatChunk of(JsonNode raw) { return Json.typed(raw, null, ChatChunk.class); }

    /** Copies the list. */
    public ChatChunk {
        choices = choices == null ? List.of() : List.copyOf(choices);
    }

    /**
     * One choice's delta.
     *
     * @param index        the choice
     * @param delta        what this chunk adds
     * @param finishReason set on the choice's last chunk, else null
     */
    public record Choice(int index, Delta delta, String finishReason) {
    }

    /**
     * What a chunk adds to a message.
     *
     * @param role      "assistant" on the first chunk, else null
     * @param content   text to append, or null
     * @param refusal   refusal text to append, or null
     * @param toolCalls pieces of tool calls (empty when none)
     */
    public record Delta(String role, String content, String refusal, List<ToolCallDelta> toolCalls) {
        /** Copies the list. */
        public Delta {
            toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        }
    }

    /**
     * A piece of a tool call: the first names it, the rest append to its arguments.
     *
     * @param index    which tool call of the message
     * @param id       the call's id (first piece), or null
     * @param type     "function" (first piece), or null
     * @param function the name (first piece) and a piece of the arguments
     */
    public record ToolCallDelta(Integer index, String id, String type, ToolCall.Function function) {
    }

    /** The first choice's text in this chunk ("" when none). */
    public String content() {
        if (choices.isEmpty() || choices.get(0).delta() == null) return "";
        String c = choices.get(0).delta().content();
        return c == null ? "" : c;
    }
}
