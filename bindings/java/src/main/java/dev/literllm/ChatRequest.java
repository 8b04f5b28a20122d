package dev.literllm;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An OpenAI-shaped chat request. {@code extra} carries any other field, provider-specific or
 * liter_llm's per-call options ("timeout", "max_retries", "fallbacks", "extra_body", ...).
 *
 * @param model "provider/model" or a bare model name
 * @param messages the conversation
 * @param extra more fields, merged into the JSON
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatRequest(String model, List<Message> messages, @JsonIgnore Map<String, Object> extra) {
    /** Checks the required fields. */
    public ChatRequest {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(messages, "messages");
        messages = List.copyOf(messages);
        extra = extra == null ? Map.of() : Map.copyOf(extra);
    }

    /** A request with no extra fields. */
    public ChatRequest(String model, List<Message> messages) { this(model, messages, null); }

    /** The extra fields, for JSON. */
    @JsonAnyGetter
    public Map<String, Object> extraFields() { return extra; }
}
