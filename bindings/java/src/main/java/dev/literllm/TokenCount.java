package dev.literllm;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How many tokens a request is for its model.
 *
 * @param model         the "provider/model" counted for
 * @param inputTokens   the count
 * @param tokenizer     the local tokenizer ("o200k", "llama3", ...), or null for a provider count
 * @param isEstimate    false only when the count is the model's own
 * @param method        "local" or "provider"
 * @param contextWindow the model's context window when the catalog knows it, or null
 * @param fits          whether the count fits that window, or null
 * @param raw           the answer as the library sent it
 */
public record TokenCount(String model, int inputTokens, String tokenizer, boolean isEstimate, String method,
                         Integer contextWindow, Boolean fits, JsonNode raw) {
    static TokenCount of(JsonNode n) {
        return new TokenCount(n.path("model").asText(null), n.path("input_tokens").asInt(),
                n.hasNonNull("tokenizer") ? n.get("tokenizer").asText() : null, n.path("is_estimate").asBoolean(true),
                n.path("method").asText(null), n.hasNonNull("context_window") ? n.get("context_window").asInt() : null,
                n.hasNonNull("fits") ? n.get("fits").asBoolean() : null, n);
    }
}
