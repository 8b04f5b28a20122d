package dev.literllm;

import com.fasterxml.jackson.databind.JsonNode;

/** Label "timeout". */
public class TimeoutException extends LiterLlmException {
    private static final long serialVersionUID = 1L;

    /** Build from an envelope's "error" object. */
    public TimeoutException(JsonNode e) { super(e); }
}
