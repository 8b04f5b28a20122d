package dev.literllm;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A batch of requests run offline.
 *
 * @param id               its id
 * @param status           validating, in_progress, finalizing, completed, failed, expired, cancelling, cancelled
 * @param endpoint         the endpoint its requests call, or null
 * @param inputFileId      the file of requests, or null
 * @param outputFileId     the file of results once there is one, or null
 * @param errorFileId      the file of failed requests once there is one, or null
 * @param completionWindow "24h", or null
 * @param createdAt        Unix seconds, or null
 * @param requestCounts    how many requests are done and failed, or null
 * @param metadata         the metadata given at creation (empty when none)
 * @param raw              the batch as JSON
 * @param meta             how the library served it, or null (also for a batch of a list)
 */
@JsonIgnoreProperties({"raw", "meta"})
public record Batch(String id, String status, String endpoint, String inputFileId, String outputFileId,
                    String errorFileId, String completionWindow, Long createdAt, RequestCounts requestCounts,
                    java.util.Map<String, String> metadata, JsonNode raw, Meta meta) {

    /** Typed fields of {@code raw}; a field of the wrong type is an {@link InvalidResponseException}. */
    public static Batch of(JsonNode raw, Meta meta) { return Json.typed(raw, meta, Batch.class); }

    /** Copies the map. */
    public Batch {
        metadata = metadata == null ? java.util.Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metadata));
    }

    /**
     * Request counts.
     *
     * @param total     requests in the batch
     * @param completed requests done
     * @param failed    requests failed
     */
    public record RequestCounts(int total, int completed, int failed) {
    }
}
