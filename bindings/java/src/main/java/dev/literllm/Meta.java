package dev.literllm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * How the library served a call: the deployment, provider and model that answered, every
 * attempt with its error label, the fallback models used, and the latency.
 *
 * @param deployment the deployment that answered, or null (no deployment group, or none answered)
 * @param provider   the provider that answered, or null
 * @param model      the model that answered, or null
 * @param attempts   every attempt, in order
 * @param fallbacks  the fallback models used, in order
 * @param latencyMs  the whole call's latency in milliseconds, or null
 * @param ttftMs     time to the first chunk of a stream in milliseconds, or null
 * @param cost       what the answer cost, or null when nothing answered
 * @param cacheHit   whether the answer came from the response cache
 * @param warnings   soft budgets the call crossed
 * @param requestId  the provider's request id of the answer (x-request-id and kin), or null
 * @param rateLimit  the answer's rate-limit headers by lower-cased name
 *                   (x-ratelimit-remaining-requests, anthropic-ratelimit-*, ...); empty when none
 * @param raw        the meta object as the library sent it
 */
public record Meta(String deployment, String provider, String model, List<Attempt> attempts,
                   List<String> fallbacks, Double latencyMs, Double ttftMs, Cost cost, boolean cacheHit,
                   List<String> warnings, String requestId, java.util.Map<String, String> rateLimit,
                   JsonNode raw) {

    /**
     * One try of one deployment or model.
     *
     * @param deployment the deployment, or null
     * @param provider   the provider
     * @param model      the model at the provider
     * @param label      the error label, or null for the attempt that answered
     * @param status     the HTTP status of a failed attempt, or null
     * @param latencyMs  the attempt's latency in milliseconds, or null
     */
    public record Attempt(String deployment, String provider, String model, String label,
                          Integer status, Double latencyMs) {
    }

    /** The meta of an envelope's "meta" object; null when there is none. */
    static Meta of(JsonNode m) {
        if (m == null || !m.isObject()) return null;
        List<Attempt> attempts = new ArrayList<>();
        for (JsonNode a : m.path("attempts")) {
            attempts.add(new Attempt(text(a, "deployment"), text(a, "provider"), text(a, "model"),
                    text(a, "label"), a.hasNonNull("status") ? a.get("status").asInt() : null, num(a, "latency_ms")));
        }
        List<String> fallbacks = new ArrayList<>();
        for (JsonNode f : m.path("fallbacks")) fallbacks.add(f.asText());
        List<String> warnings = new ArrayList<>();
        for (JsonNode w : m.path("warnings")) warnings.add(w.asText());
        java.util.Map<String, String> rateLimit = new java.util.LinkedHashMap<>();
        m.path("rate_limit").properties().forEach(e -> rateLimit.put(e.getKey(), e.getValue().asText()));
        return new Meta(text(m, "deployment"), text(m, "provider"), text(m, "model"), List.copyOf(attempts),
                List.copyOf(fallbacks), num(m, "latency_ms"), num(m, "ttft_ms"), Cost.of(m.get("cost")),
                m.path("cache_hit").asBoolean(false), List.copyOf(warnings), text(m, "request_id"),
                java.util.Collections.unmodifiableMap(rateLimit), m);
    }

    private static String text(JsonNode n, String k) { return n.hasNonNull(k) ? n.get(k).asText() : null; }

    private static Double num(JsonNode n, String k) { return n.hasNonNull(k) ? n.get(k).asDouble() : null; }
}
