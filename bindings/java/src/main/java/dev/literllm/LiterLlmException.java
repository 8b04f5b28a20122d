package dev.literllm;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Base of every liter_llm error (unchecked). One subclass per stable label; the mapping is
 * {@link ErrorMap}.
 */
public class LiterLlmException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String label;
    private final Integer status;
    private final Double retryAfter;
    private final boolean retryable;
    private final String provider;
    private final String model;
    private final String requestId;
    private transient Meta meta;

    /** Build from an envelope's "error" object. */
    public LiterLlmException(JsonNode e) {
        super(e.path("message").asText("liter_llm error"));
        label = e.path("label").asText("internal");
        status = e.hasNonNull("status") ? e.get("status").asInt() : null;
        retryAfter = e.hasNonNull("retry_after") ? e.get("retry_after").asDouble() : null;
        retryable = e.path("retryable").asBoolean(false);
        provider = e.hasNonNull("provider") ? e.get("provider").asText() : null;
        model = e.hasNonNull("model") ? e.get("model").asText() : null;
        requestId = e.hasNonNull("request_id") ? e.get("request_id").asText() : null;
    }

    /** The stable label, e.g. "rate_limited". */
    public String label() { return label; }
    /** The provider's HTTP status, or null. */
    public Integer status() { return status; }
    /** Seconds the provider asked to wait, or null. */
    public Double retryAfter() { return retryAfter; }
    /** Whether trying again may succeed. */
    public boolean retryable() { return retryable; }
    /** The provider, or null. */
    public String provider() { return provider; }
    /** The model, or null. */
    public String model() { return model; }
    /** The provider's request id, or null. */
    public String requestId() { return requestId; }
    /** What was tried before the call failed (attempts with their labels), or null. */
    public Meta meta() { return meta; }

    LiterLlmException withMeta(Meta m) {
        meta = m;
        return this;
    }
}
