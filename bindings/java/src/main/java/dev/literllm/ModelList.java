package dev.literllm;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A provider's models.
 *
 * @param data the models
 * @param raw  the whole response as JSON
 * @param meta how the library served it, or null
 */
@JsonIgnoreProperties({"raw", "meta"})
public record ModelList(List<Model> data, JsonNode raw, Meta meta) {

    /** Typed fields of {@code raw}; a field of the wrong type is an {@link InvalidResponseException}. */
    public static ModelList of(JsonNode raw, Meta meta) { return Json.typed(raw, meta, ModelList.class); }

    /** Copies the list. */
    public ModelList {
        data = data == null ? List.of() : List.copyOf(data);
    }

    /**
     * One model.
     *
     * @param id      its id, as a request names it
     * @param ownedBy its owner, or null
     * @param created Unix seconds, or null
     */
    public record Model(String id, String ownedBy, Long created) {
    }
}
