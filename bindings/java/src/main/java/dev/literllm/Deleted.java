package dev.literllm;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The answer to a delete (a file, a stored response).
 *
 * @param id      what was deleted, or null
 * @param object  its kind ("file", "response"), or null
 * @param deleted whether it was deleted
 * @param raw     the whole response as JSON
 * @param meta    how the library served it, or null
 */
@JsonIgnoreProperties({"raw", "meta"})
public record Deleted(String id, String object, boolean deleted, JsonNode raw, Meta meta) {

    /** Typed fields of {@code raw}; a field of the wrong type is an {@link InvalidResponseException}. */
    public static Deleted of(JsonNode raw, Meta meta) { return Json.typed(raw, meta, Deleted.class); }
}
