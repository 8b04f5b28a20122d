package dev.literllm;

import com.fasterxml.jackson.databind.JsonNode;

/** Label "init_failed". */
public class InitFailedException extends LiterLlmException {
    private static final long serialVersionUID = 1L;

    /** Build from an envelope's "error" object. */
    public InitFailedException(JsonNode e) { super(e); }
}
