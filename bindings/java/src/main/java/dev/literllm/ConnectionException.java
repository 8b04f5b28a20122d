package dev.literllm;

import com.fasterxml.jackson.databind.JsonNode;

/** Label "connection". */
public class ConnectionException extends LiterLlmException {
    private static final long serialVersionUID = 1L;

    /** Build from an envelope's "error" object. */
    public ConnectionException(JsonNode e) { super(e); }
}
