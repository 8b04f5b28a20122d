package dev.literllm;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.List;

/**
 * Spend and counters of a client's budgets and rate limits ({@link LiterLlmClient#usage}).
 *
 * @param state      where the state lives: "memory" or "redis"
 * @param budgets    each budget that applies
 * @param rateLimits each rate limit that applies
 * @param raw        the whole answer as JSON
 */
@JsonIgnoreProperties({"raw"})
public record UsageReport(String state, List<Budget> budgets, List<RateLimit> rateLimits, JsonNode raw) {

    /** Typed fields of {@code raw}. */
    public static UsageReport of(JsonNode raw) { return Json.typed(raw, null, UsageReport.class); }

    /** Copies the lists. */
    public UsageReport {
        budgets = budgets == null ? List.of() : List.copyOf(budgets);
        rateLimits = rateLimits == null ? List.of() : List.copyOf(rateLimits);
    }

    /**
     * One budget's spend (USD amounts exact, never floats).
     *
     * @param scope    global, deployment, model or key
     * @param id       the deployment, model or key it counts for ("" for global)
     * @param window   total, daily, monthly or rolling_Nh
     * @param mode     hard or soft
     * @param limitUsd the limit
     * @param spentUsd spent in the current window
     * @param heldUsd  reserved by calls in flight
     */
    public record Budget(String scope, String id, String window, String mode, BigDecimal limitUsd,
                         BigDecimal spentUsd, BigDecimal heldUsd) {
    }

    /**
     * One rate limit's counter.
     *
     * @param scope  global, deployment, model or key
     * @param id     what it counts for
     * @param kind   rpm or tpm
     * @param limit  the limit per window
     * @param window the window in seconds
     * @param used   used in the current window
     */
    public record RateLimit(String scope, String id, String kind, long limit, double window, long used) {
    }
}
