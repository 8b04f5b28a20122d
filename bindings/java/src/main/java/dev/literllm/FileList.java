package dev.literllm;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A page of uploaded files.
 *
 * @param data    the files
 * @param hasMore whether another page follows, or null
 * @param raw     the whole response as JSON
 * @param meta    how the library served it, or null
 */
public record FileList(List<FileObject> data, Boolean hasMore, JsonNode raw, Meta meta) {

    /** Typed fields of {@code raw}; a field of the wrong type is an {@link InvalidResponseException}. */
    public static FileList of(JsonNode raw, Meta meta) {
        return new FileList(Json.typedList(raw.path("data"), FileObject.class),
                raw.path("has_more").isBoolean() ? raw.get("has_more").asBoolean() : null, raw, meta);
    }
}
