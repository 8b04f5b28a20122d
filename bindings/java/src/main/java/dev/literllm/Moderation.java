package dev.literllm;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A moderation verdict per input.
 *
 * @param id      the provider's id, or null
 * @param model   the model, or null
 * @param results one result per input
 * @param raw     the whole response as JSON
 * @param meta    how the library served it, or null
 */
@JsonIgnoreProperties({"raw", "meta"})
public record Moderation(String id, String model, List<Result> results, JsonNode raw, Meta meta) {

    /** Typed fields of {@code raw}; a field of the wrong type is an {@link InvalidResponseException}. */
    public static Moderation of(JsonNode raw, Meta meta) { return Json.typed(raw, meta, Moderation.class); }

    /** Copies the list. */
    public Moderation {
        results = results == null ? List.of() : List.copyOf(results);
    }

    /**
     * One input's verdict.
     *
     * @param flagged        whether any category was flagged
     * @param categories     each category's verdict (empty when not sent)
     * @param categoryScores each category's score (empty when not sent)
     */
    public record Result(boolean flagged, java.util.Map<String, Boolean> categories,
                         java.util.Map<String, Double> categoryScores) {
        /** Copies the maps. */
        public Result {
            categories = categories == null ? java.util.Map.of() : java.util.Map.copyOf(categories);
            categoryScores = categoryScores == null ? java.util.Map.of() : java.util.Map.copyOf(categoryScores);
        }
    }

    /** Whether any input was flagged. */
    public boolean flagged() { return results.stream().anyMatch(Result::flagged); }
}
