package dev.literllm;

import com.fasterxml.jackson.databind.JsonNode;

/** Label "stream_incomplete". */
public class StreamIncompleteException extends LiterLlmException {
    private static final long serialVersionUID = 1L;

    /** Build from an envelope's "error" object. */
    public StreamIncompleteException(JsonNode e) { super(e); }
}
