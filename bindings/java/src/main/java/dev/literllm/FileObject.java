package dev.literllm;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * An uploaded file.
 *
 * @param id        its id
 * @param bytes     its size, or null
 * @param createdAt Unix seconds, or null
 * @param filename  its name, or null
 * @param purpose   what it is for (batch, fine-tune, ...), or null
 * @param status    its processing status, or null
 * @param raw       the file object as JSON
 * @param meta      how the library served it, or null (also for a file of a list)
 */
@JsonIgnoreProperties({"raw", "meta"})
public record FileObject(String id, Long bytes, Long createdAt, String filename, String purpose, String status,
                         JsonNode raw, Meta meta) {

    /** Typed fields of {@code raw}; a field of the wrong type is an {@link InvalidResponseException}. */
    public static FileObject of(JsonNode raw, Meta meta) { return Json.typed(raw, meta, FileObject.class); }
}
