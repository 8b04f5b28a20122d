package dev.literllm;

import com.fasterxml.jackson.databind.JsonNode;

/** Label "content_policy". */
public class ContentPolicyException extends InvalidRequestException {
    private static final long serialVersionUID = 1L;

    /** Build from an envelope's "error" object. */
    public ContentPolicyException(JsonNode e) { super(e); }
}
