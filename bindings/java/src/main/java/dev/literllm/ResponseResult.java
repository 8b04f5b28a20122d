package dev.literllm;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A Responses API response; {@code raw} keeps every field.
 *
 * @param raw  the whole response as JSON
 * @param meta how the library served it, or null
 */
public record ResponseResult(JsonNode raw, Meta meta) {
    static ResponseResult of(CallResult r) { return new ResponseResult(r.data(), r.meta()); }

    public String id() { return raw.path("id").asText(null); }

    public String status() { return raw.path("status").asText(null); }

    /** The text of the output messages. */
    public String outputText() {
        StringBuilder b = new StringBuilder();
        for (JsonNode item : raw.path("output")) {
            if (!"message".equals(item.path("type").asText())) continue;
            for (JsonNode part : item.path("content")) {
                if ("output_text".equals(part.path("type").asText())) b.append(part.path("text").asText());
            }
        }
        return b.toString();
    }

    /** Token usage (input_tokens, output_tokens, total_tokens). */
    public JsonNode usage() { return raw.path("usage"); }
}
