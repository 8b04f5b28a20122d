package dev.literllm;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * An embeddings response.
 *
 * @param data  one embedding per input, in input order
 * @param model the model that answered
 * @param usage token usage, or null
 * @param raw   the whole response as JSON
 * @param meta  how the library served it, or null
 */
@JsonIgnoreProperties({"raw", "meta"})
public record Embeddings(List<Embedding> data, String model, Usage usage, JsonNode raw, Meta meta) {

    /** Typed fields of {@code raw}; a field of the wrong type is an {@link InvalidResponseException}. */
    public static Embeddings of(JsonNode raw, Meta meta) { return Json.typed(raw, meta, Embeddings.class); }

    /** Copies the list. */
    public Embeddings {
        data = data == null ? List.of() : List.copyOf(data);
    }

    /**
     * One input's embedding.
     *
     * @param index     the input's index
     * @param embedding the vector as JSON: an array of numbers, or base64 text when
     *                  "encoding_format": "base64" was asked for
     */
    public record Embedding(int index, JsonNode embedding) {
        /** The vector (base64 text decoded as little-endian float32). */
        public float[] vector() {
            if (embedding == null) return new float[0];
            if (embedding.isTextual()) {
                var buf = java.nio.ByteBuffer.wrap(java.util.Base64.getDecoder().decode(embedding.asText()))
                        .order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
                float[] out = new float[buf.remaining()];
                buf.get(out);
                return out;
            }
            float[] out = new float[embedding.size()];
            for (int i = 0; i < out.length; i++) out[i] = (float) embedding.get(i).asDouble();
            return out;
        }
    }

    /** The vectors, in input order. */
    public List<float[]> vectors() { return data.stream().map(Embedding::vector).toList(); }
}
