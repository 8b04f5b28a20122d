package dev.literllm;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The response of a call and how it was served.
 *
 * @param data the provider's OpenAI-shaped response
 * @param meta how the call was served (deployment, attempts, fallbacks, latency), or null
 */
public record CallResult(JsonNode data, Meta meta) {
}
