package dev.literllm;

import com.fasterxml.jackson.databind.JsonNode;

/** Label "internal". */
public class InternalException extends LiterLlmException {
    private static final long serialVersionUID = 1L;

    /** Build from an envelope's "error" object. */
    public InternalException(JsonNode e) { super(e); }
}
