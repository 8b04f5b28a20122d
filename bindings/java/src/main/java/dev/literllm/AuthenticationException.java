package dev.literllm;

import com.fasterxml.jackson.databind.JsonNode;

/** Label "authentication". */
public class AuthenticationException extends LiterLlmException {
    private static final long serialVersionUID = 1L;

    /** Build from an envelope's "error" object. */
    public AuthenticationException(JsonNode e) { super(e); }
}
