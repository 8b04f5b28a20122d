package dev.literllm;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A Responses API response.
 *
 * @param id        its id
 * @param status    completed, in_progress, failed, cancelled, incomplete, ...
 * @param model     the model, or null
 * @param createdAt Unix seconds, or null
 * @param output    the output items as JSON (messages, function calls, reasoning, ...)
 * @param usage     token usage (input and output tokens), or null
 * @param error     the error of a failed response, or null
 * @param raw       the whole response as JSON
 * @param meta      how the library served it, or null
 */
@JsonIgnoreProperties({"raw", "meta"})
public record ResponseResult(String id, String status, String model, Long createdAt, List<JsonNode> output,
                             Usage usage, JsonNode error, JsonNode raw, Meta meta) {

    /** Typed fields of {@code raw}; a field of the wrong type is an {@link InvalidResponseException}. */
    public static ResponseResult of(JsonNode raw, Meta meta) { return Json.typed(raw, meta, ResponseResult.class); }

    static ResponseResult of(CallResult r) { return of(r.data(), r.meta()); }

    /** Copies the list. */
    public ResponseResult {
        output = output == null ? List.of() : List.copyOf(output);
    }

    /** The text of the output messages. */
    public String outputText() {
        StringBuilder b = new StringBuilder();
        for (JsonNode item : output) {
            if (!"message".equals(item.path("type").asText())) continue;
            for (JsonNode part : item.path("content")) {
                if ("output_text".equals(part.path("type").asText())) b.append(part.path("text").asText());
            }
        }
        return b.toString();
    }
}
