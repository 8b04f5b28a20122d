package dev.literllm;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A page of batches.
 *
 * @param data    the batches
 * @param hasMore whether another page follows, or null
 * @param raw     the whole response as JSON
 * @param meta    how the library served it, or null
 */
public record BatchList(List<Batch> data, Boolean hasMore, JsonNode raw, Meta meta) {

    /** Typed fields of {@code raw}; a field of the wrong type is an {@link InvalidResponseException}. */
    public static BatchList of(JsonNode raw, Meta meta) {
        return new BatchList(Json.typedList(raw.path("data"), Batch.class),
                raw.path("has_more").isBoolean() ? raw.get("has_more").asBoolean() : null, raw, meta);
    }
}
