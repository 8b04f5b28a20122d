package dev.literllm;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a call cost in USD, by token kind, exact ({@link BigDecimal}, never a binary float).
 * A model without a price has a null {@code usd} and a {@code reason}: a cost is never guessed.
 *
 * @param usd       the total, or null when the model has no price
 * @param breakdown the amount per token kind ("input", "cache_read", "output", ...)
 * @param pricedAs  the catalog entry or override that priced it ("openai/gpt-4o"), or null
 * @param source    where the prices come from, or null
 * @param reason    why there is no cost, or null
 */
public record Cost(BigDecimal usd, Map<String, BigDecimal> breakdown, String pricedAs, String source,
                   String reason) {

    /** Whether the cost is known (false: see {@link #reason()}). */
    public boolean known() { return usd != null; }

    static Cost of(JsonNode n) {
        if (n == null || !n.isObject()) return null;
        Map<String, BigDecimal> parts = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.path("breakdown").fields(); it.hasNext(); ) {
            var e = it.next();
            parts.put(e.getKey(), new BigDecimal(e.getValue().asText()));
        }
        return new Cost(n.hasNonNull("usd") ? new BigDecimal(n.get("usd").asText()) : null, Map.copyOf(parts),
                text(n, "priced_as"), text(n, "source"), text(n, "reason"));
    }

    private static String text(JsonNode n, String k) { return n.hasNonNull(k) ? n.get(k).asText() : null; }
}
