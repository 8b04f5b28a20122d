package dev.literllm;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Generated or edited images.
 *
 * @param created Unix seconds, or null
 * @param data    the images
 * @param usage   token usage (gpt-image models), or null
 * @param raw     the whole response as JSON
 * @param meta    how the library served it, or null
 */
@JsonIgnoreProperties({"raw", "meta"})
public record ImagesResponse(Long created, List<Image> data, Usage usage, JsonNode raw, Meta meta) {

    /** Typed fields of {@code raw}; a field of the wrong type is an {@link InvalidResponseException}. */
    public static ImagesResponse of(JsonNode raw, Meta meta) { return Json.typed(raw, meta, ImagesResponse.class); }

    /** Copies the list. */
    public ImagesResponse {
        data = data == null ? List.of() : List.copyOf(data);
    }

    /**
     * One image: a URL or base64 data.
     *
     * @param url           where to fetch it, or null
     * @param b64Json       the image as base64, or null
     * @param revisedPrompt the prompt the model used, or null
     */
    public record Image(String url, String b64Json, String revisedPrompt) {
        /** The image's bytes (from b64Json), or null when it came as a URL. */
        public byte[] bytes() { return b64Json == null ? null : java.util.Base64.getDecoder().decode(b64Json); }
    }
}
