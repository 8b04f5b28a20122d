package dev.literllm;

import com.fasterxml.jackson.databind.JsonNode;

/** Label "hook_rejected": an on-request hook refused the call (nothing was sent). */
public class HookRejectedException extends LiterLlmException {
    private static final long serialVersionUID = 1L;

    /** Build from an envelope's "error" object. */
    public HookRejectedException(JsonNode e) { super(e); }
}
