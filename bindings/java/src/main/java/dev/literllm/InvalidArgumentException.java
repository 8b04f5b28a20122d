package dev.literllm;

import com.fasterxml.jackson.databind.JsonNode;

/** Label "invalid_argument". */
public class InvalidArgumentException extends LiterLlmException {
    private static final long serialVersionUID = 1L;

    /** Build from an envelope's "error" object. */
    public InvalidArgumentException(JsonNode e) { super(e); }
}
