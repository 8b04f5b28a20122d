package dev.literllm;

import com.fasterxml.jackson.databind.JsonNode;

/** Label "server_error". */
public class ServerErrorException extends LiterLlmException {
    private static final long serialVersionUID = 1L;

    /** Build from an envelope's "error" object. */
    public ServerErrorException(JsonNode e) { super(e); }
}
