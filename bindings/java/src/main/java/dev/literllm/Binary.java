package dev.literllm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Base64;

/**
 * An answer of bytes (speech audio, a file's content), or where it was written.
 *
 * @param contentType the provider's content type
 * @param bytes       the bytes (empty when they were written to {@code path})
 * @param size        how many bytes
 * @param path        the file they were written to, or null
 * @param meta        how the call was served
 */
public record Binary(String contentType, byte[] bytes, long size, String path, Meta meta) {
    static Binary of(CallResult r) {
        JsonNode d = r.data();
        byte[] raw;
        try {
            raw = d.hasNonNull("data") ? Base64.getDecoder().decode(d.get("data").asText()) : new byte[0];
        } catch (IllegalArgumentException e) {
            throw ErrorMap.of("invalid_response", "bytes answer is not base64");
        }
        return new Binary(d.path("content_type").asText(""), raw, d.path("bytes").asLong(raw.length),
                d.hasNonNull("path") ? d.get("path").asText() : null, r.meta());
    }
}
