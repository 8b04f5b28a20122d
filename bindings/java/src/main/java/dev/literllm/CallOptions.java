package dev.literllm;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Options of one call, over the client's configuration: its deadline, retries, fallbacks,
 * extra headers and body fields, key and URL, caching. Immutable; build one with
 * {@link #builder()}.
 *
 * <pre>{@code
 * var opts = CallOptions.builder().timeout(Duration.ofSeconds(5)).maxRetries(0).build();
 * client.chat(request, opts);
 * }</pre>
 */
public final class CallOptions {
    /** No options. */
    public static final CallOptions NONE = new CallOptions(Map.of());

    private final Map<String, Object> fields;

    private CallOptions(Map<String, Object> fields) { this.fields = fields; }

    /** A builder. */
    public static Builder builder() { return new Builder(); }

    /** The options as the request keys they are sent as (the C header's per-call options). */
    public Map<String, Object> asMap() { return fields; }

    /** Builds {@link CallOptions}; each setter checks its value. */
    public static final class Builder {
        private final Map<String, Object> f = new LinkedHashMap<>();

        private Builder() {}

        /** The whole call's deadline (every attempt, retry wait and fallback); must be positive. */
        public Builder timeout(Duration d) {
            Objects.requireNonNull(d, "timeout");
            if (d.isNegative() || d.isZero()) throw new IllegalArgumentException("timeout must be positive");
            f.put("timeout", d.toNanos() / 1e9);
            return this;
        }

        /** Retries of retryable failures (0..20). */
        public Builder maxRetries(int n) {
            if (n < 0 || n > 20) throw new IllegalArgumentException("maxRetries must be 0..20");
            f.put("max_retries", n);
            return this;
        }

        /** Models tried in order after the first fails. */
        public Builder fallbacks(String... models) { f.put("fallbacks", List.of(models)); return this; }

        /** Models tried after a context_window_exceeded error. */
        public Builder contextWindowFallbacks(String... models) {
            f.put("context_window_fallbacks", List.of(models));
            return this;
        }

        /** Models tried after a content_policy error. */
        public Builder contentPolicyFallbacks(String... models) {
            f.put("content_policy_fallbacks", List.of(models));
            return this;
        }

        /** Headers added to the upstream request. */
        public Builder extraHeaders(Map<String, String> headers) { f.put("extra_headers", Map.copyOf(headers)); return this; }

        /** Fields merged into the upstream body as they are (provider-specific parameters). */
        public Builder extraBody(Map<String, ?> body) { f.put("extra_body", Map.copyOf(body)); return this; }

        /** This call's API key (else the client's). */
        public Builder apiKey(String key) { f.put("api_key", Objects.requireNonNull(key, "apiKey")); return this; }

        /** This call's base URL (else the client's). */
        public Builder baseUrl(String url) { f.put("base_url", Objects.requireNonNull(url, "baseUrl")); return this; }

        /** Drop parameters the provider cannot take instead of refusing them. */
        public Builder dropParams(boolean drop) { f.put("drop_params", drop); return this; }

        /** Response cache: skip reading it, skip writing it, or store with this time to live. */
        public Builder cache(boolean noCache, boolean noStore, Duration ttl) {
            Map<String, Object> c = new LinkedHashMap<>();
            if (noCache) c.put("no_cache", true);
            if (noStore) c.put("no_store", true);
            if (ttl != null) c.put("ttl", ttl.toNanos() / 1e9);
            f.put("cache", c);
            return this;
        }

        /** Any per-call option of the C header by its key. */
        public Builder set(String key, Object value) { f.put(Objects.requireNonNull(key, "key"), value); return this; }

        /** The options. */
        public CallOptions build() { return new CallOptions(java.util.Collections.unmodifiableMap(new LinkedHashMap<>(f))); }
    }
}
