package dev.literllm;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An OpenAI-shaped chat request. {@code extra} carries any other field, provider-specific or
 * liter_llm's per-call options ("timeout", "max_retries", "fallbacks", "extra_body", ...); a
 * key a typed field sets may not appear in it (an error, never a silent overwrite).
 *
 * @param model          "provider/model" or a bare model name
 * @param messages       the conversation
 * @param tools          the tools the model may call, or null
 * @param toolChoice     "auto", "none", "required", or a tool selection object, or null
 * @param responseFormat the answer's format (see {@link Tool#jsonSchemaFormat}), or null
 * @param extra          more fields, merged into the JSON
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatRequest(
        String model,
        List<Message> messages,
        List<Tool> tools,
        @JsonProperty("tool_choice") Object toolChoice,
        @JsonProperty("response_format") Map<String, Object> responseFormat,
        @JsonIgnore Map<String, Object> extra) {
    static final Set<String> TYPED = Set.of("model", "messages", "tools", "tool_choice", "response_format");

    /** Checks the required fields and that extra does not set a typed one. */
    public ChatRequest {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(messages, "messages");
        messages = List.copyOf(messages);
        tools = tools == null ? null : List.copyOf(tools);
        extra = extra == null ? Map.of() : Map.copyOf(extra);
        for (String k : extra.keySet()) {
            if (TYPED.contains(k)) {
                throw ErrorMap.of("invalid_argument", "extra sets \"" + k + "\", which a typed field of ChatRequest sets");
            }
        }
    }

    /** A request with no extra fields. */
    public ChatRequest(String model, List<Message> messages) { this(model, messages, null, null, null, null); }

    /** A request with extra fields. */
    public ChatRequest(String model, List<Message> messages, Map<String, Object> extra) {
        this(model, messages, null, null, null, extra);
    }

    /** The extra fields, for JSON. */
    @JsonAnyGetter
    public Map<String, Object> extraFields() { return extra; }

    /** The same request with one more message (a tool round trip's next turn). */
    public ChatRequest with(Message... more) {
        List<Message> all = new ArrayList<>(messages);
        all.addAll(List.of(more));
        return new ChatRequest(model, all, tools, toolChoice, responseFormat, extra);
    }

    /** A builder: {@code ChatRequest.builder("openai/gpt-4o").user("Hi").tools(...).build()}. */
    public static Builder builder(String model) { return new Builder(model); }

    /** Builds a {@link ChatRequest}. */
    public static final class Builder {
        private final String model;
        private final List<Message> messages = new ArrayList<>();
        private final Map<String, Object> extra = new LinkedHashMap<>();
        private List<Tool> tools;
        private Object toolChoice;
        private Map<String, Object> responseFormat;

        Builder(String model) { this.model = Objects.requireNonNull(model, "model"); }

        public Builder message(Message m) { messages.add(Objects.requireNonNull(m, "message")); return this; }

        public Builder system(String text) { return message(Message.system(text)); }

        public Builder user(String text) { return message(Message.user(text)); }

        public Builder tools(Tool... t) { tools = List.of(t); return this; }

        public Builder toolChoice(Object choice) { toolChoice = choice; return this; }

        public Builder responseFormat(Map<String, Object> format) { responseFormat = format; return this; }

        public Builder temperature(double t) { return set("temperature", t); }

        public Builder maxTokens(int n) { return set("max_tokens", n); }

        /** Any other field, or a per-call option ("timeout", "max_retries", ...). */
        public Builder set(String key, Object value) { extra.put(Objects.requireNonNull(key, "key"), value); return this; }

        public ChatRequest build() { return new ChatRequest(model, messages, tools, toolChoice, responseFormat, extra); }
    }
}
