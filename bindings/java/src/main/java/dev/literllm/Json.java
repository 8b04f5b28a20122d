package dev.literllm;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.lang.reflect.RecordComponent;

/** The JSON mappers; apart from the native layer, so a fake client never loads the library. */
final class Json {
    /** Requests and untyped trees (names as written). */
    static final ObjectMapper MAPPER = new ObjectMapper();

    /** Typed responses: snake_case JSON names to camelCase record components; unknown fields kept in raw only. */
    static final ObjectMapper TYPED = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private Json() {}

    /**
     * A response record read from its JSON: every component from the field of its name, with
     * the components {@code raw} (the whole JSON) and {@code meta} filled in. A field of the
     * wrong type is an {@link InvalidResponseException}.
     */
    static <R extends Record> R typed(JsonNode raw, Meta meta, Class<R> cls) {
        if (raw == null || raw.isMissingNode() || raw.isNull()) raw = MAPPER.createObjectNode();
        try {
            R r = TYPED.treeToValue(raw, cls);
            RecordComponent[] cs = cls.getRecordComponents();
            Object[] args = new Object[cs.length];
            Class<?>[] types = new Class<?>[cs.length];
            for (int i = 0; i < cs.length; i++) {
                types[i] = cs[i].getType();
                args[i] = switch (cs[i].getName()) {
                    case "raw" -> raw;
                    case "meta" -> meta;
                    default -> cs[i].getAccessor().invoke(r);
                };
            }
            return cls.getDeclaredConstructor(types).newInstance(args);
        } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
            throw ErrorMap.of("invalid_response", "the " + cls.getSimpleName() + " JSON has a field of the wrong type: "
                    + e.getMessage().lines().findFirst().orElse(""));
        } catch (ReflectiveOperationException e) {
            throw ErrorMap.of("internal", "cannot build " + cls.getSimpleName() + ": " + e);
        }
    }

    /** A list of response records from a JSON array (each with its own raw; meta null). */
    static <R extends Record> java.util.List<R> typedList(JsonNode arr, Class<R> cls) {
        java.util.List<R> out = new java.util.ArrayList<>();
        for (JsonNode n : arr) out.add(typed(n, null, cls));
        return java.util.List.copyOf(out);
    }
}
