package dev.literllm;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import java.util.Objects;

/**
 * A tool the model may call.
 *
 * @param type     "function"
 * @param function the function's name, description and JSON-schema parameters
 */
public record Tool(String type, Function function) {
    /** A function definition; {@code parameters} is a JSON schema. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Function(String name, String description, Map<String, Object> parameters, Boolean strict) {}

    /** A function tool. */
    public static Tool function(String name, String description, Map<String, Object> parameters) {
        return new Tool("function", new Function(Objects.requireNonNull(name, "name"), description, parameters, null));
    }

    /** Structured output: an answer that is JSON of {@code schema} (a response_format value). */
    public static Map<String, Object> jsonSchemaFormat(String name, Map<String, Object> schema, boolean strict) {
        return Map.of("type", "json_schema", "json_schema", Map.of("name", name, "schema", schema, "strict", strict));
    }
}
