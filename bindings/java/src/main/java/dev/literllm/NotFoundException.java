package dev.literllm;

import com.fasterxml.jackson.databind.JsonNode;

/** Label "not_found". */
public class NotFoundException extends LiterLlmException {
    private static final long serialVersionUID = 1L;

    /** Build from an envelope's "error" object. */
    public NotFoundException(JsonNode e) { super(e); }
}
