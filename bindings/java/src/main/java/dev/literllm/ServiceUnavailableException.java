package dev.literllm;

import com.fasterxml.jackson.databind.JsonNode;

/** Label "service_unavailable". */
public class ServiceUnavailableException extends ServerErrorException {
    private static final long serialVersionUID = 1L;

    /** Build from an envelope's "error" object. */
    public ServiceUnavailableException(JsonNode e) { super(e); }
}
