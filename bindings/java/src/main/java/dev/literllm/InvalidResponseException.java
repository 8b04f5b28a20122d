package dev.literllm;

import com.fasterxml.jackson.databind.JsonNode;

/** Label "invalid_response". */
public class InvalidResponseException extends LiterLlmException {
    private static final long serialVersionUID = 1L;

    /** Build from an envelope's "error" object. */
    public InvalidResponseException(JsonNode e) { super(e); }
}
