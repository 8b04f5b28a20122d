package dev.literllm;

import com.fasterxml.jackson.databind.JsonNode;

/** Label "context_window_exceeded". */
public class ContextWindowExceededException extends InvalidRequestException {
    private static final long serialVersionUID = 1L;

    /** Build from an envelope's "error" object. */
    public ContextWindowExceededException(JsonNode e) { super(e); }
}
