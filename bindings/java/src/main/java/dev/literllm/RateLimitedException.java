package dev.literllm;

import com.fasterxml.jackson.databind.JsonNode;

/** Label "rate_limited". */
public class RateLimitedException extends LiterLlmException {
    private static final long serialVersionUID = 1L;

    /** Build from an envelope's "error" object. */
    public RateLimitedException(JsonNode e) { super(e); }
}
