package dev.literllm;

import com.fasterxml.jackson.databind.JsonNode;

/** Label "timeout". */
public class RequestTimeoutException extends LiterLlmException {
    private static final long serialVersionUID = 1L;

    /** Build from an envelope's "error" object. */
    public RequestTimeoutException(JsonNode e) { super(e); }
}
