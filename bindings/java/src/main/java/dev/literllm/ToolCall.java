package dev.literllm;

/**
 * A call the model made to one of the request's tools.
 *
 * @param id       the call's id, which the tool message answering it names
 * @param type     "function"
 * @param function the function and its JSON arguments
 */
public record ToolCall(String id, String type, Function function) {
    /** The function called and its arguments as JSON text. */
    public record Function(String name, String arguments) {}
}
