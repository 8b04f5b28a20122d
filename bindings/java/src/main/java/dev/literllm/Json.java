package dev.literllm;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The one JSON mapper; apart from the native layer, so a fake client never loads the library. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}
}
