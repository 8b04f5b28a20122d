package dev.literllm;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Audio as text (a transcription or a translation).
 *
 * @param text     the text
 * @param language the detected language (verbose_json), or null
 * @param duration the audio's seconds (verbose_json), or null
 * @param usage    token usage, or null
 * @param raw      the whole response as JSON (segments and words of verbose_json too)
 * @param meta     how the library served it, or null
 */
@JsonIgnoreProperties({"raw", "meta"})
public record Transcription(String text, String language, Double duration, Usage usage, JsonNode raw, Meta meta) {

    /** Typed fields of {@code raw}; a field of the wrong type is an {@link InvalidResponseException}. */
    public static Transcription of(JsonNode raw, Meta meta) { return Json.typed(raw, meta, Transcription.class); }
}
