package dev.literllm;

import com.fasterxml.jackson.databind.JsonNode;

/** Label "permission_denied". */
public class PermissionDeniedException extends LiterLlmException {
    private static final long serialVersionUID = 1L;

    /** Build from an envelope's "error" object. */
    public PermissionDeniedException(JsonNode e) { super(e); }
}
