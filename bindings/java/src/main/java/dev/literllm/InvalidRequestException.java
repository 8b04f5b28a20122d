package dev.literllm;

import com.fasterxml.jackson.databind.JsonNode;

/** Label "invalid_request". */
public class InvalidRequestException extends LiterLlmException {
    private static final long serialVersionUID = 1L;

    /** Build from an envelope's "error" object. */
    public InvalidRequestException(JsonNode e) { super(e); }
}
