package dev.literllm;

import com.fasterxml.jackson.databind.JsonNode;

/** Label "cancelled". */
public class CancelledException extends LiterLlmException {
    private static final long serialVersionUID = 1L;

    /** Build from an envelope's "error" object. */
    public CancelledException(JsonNode e) { super(e); }
}
