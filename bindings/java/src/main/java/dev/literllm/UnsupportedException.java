package dev.literllm;

import com.fasterxml.jackson.databind.JsonNode;

/** Label "unsupported". */
public class UnsupportedException extends LiterLlmException {
    private static final long serialVersionUID = 1L;

    /** Build from an envelope's "error" object. */
    public UnsupportedException(JsonNode e) { super(e); }
}
