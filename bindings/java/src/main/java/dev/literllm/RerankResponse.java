package dev.literllm;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Documents ranked by relevance to a query, best first.
 *
 * @param id      the provider's id, or null
 * @param model   the model, or null
 * @param results the ranking
 * @param usage   token usage, or null
 * @param raw     the whole response as JSON
 * @param meta    how the library served it, or null
 */
@JsonIgnoreProperties({"raw", "meta"})
public record RerankResponse(String id, String model, List<Result> results, Usage usage, JsonNode raw, Meta meta) {

    /** Typed fields of {@code raw}; a field of the wrong type is an {@link InvalidResponseException}. */
    public static RerankResponse of(JsonNode raw, Meta meta) { return Json.typed(raw, meta, RerankResponse.class); }

    /** Copies the list. */
    public RerankResponse {
        results = results == null ? List.of() : List.copyOf(results);
    }

    /**
     * One document's place.
     *
     * @param index          the document's index in the request
     * @param relevanceScore its score (higher is more relevant)
     * @param document       the document when "return_documents" asked for it, else null
     */
    public record Result(int index, double relevanceScore, JsonNode document) {
    }
}
