package dev.literllm;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One part of a multimodal user message.
 *
 * @param type     "text" or "image_url"
 * @param text     the text of a text part
 * @param imageUrl the image of an image part
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ContentPart(String type, String text, @JsonProperty("image_url") ImageUrl imageUrl) {
    /** An image by URL or data: URL, with an optional detail ("low", "high", "auto"). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ImageUrl(String url, String detail) {}

    /** A text part. */
    public static ContentPart text(String text) { return new ContentPart("text", text, null); }

    /** An image part: a URL or a data: URL. */
    public static ContentPart image(String url) { return new ContentPart("image_url", null, new ImageUrl(url, null)); }
}
