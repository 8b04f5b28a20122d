package dev.literllm;

/**
 * A chat message; {@code content} is a String or a List of content-part maps.
 *
 * @param role system, user, assistant or tool
 * @param content the text or content parts
 */
public record Message(String role, Object content) {
    /** A user message. */
    public static Message user(String text) { return new Message("user", text); }
    /** A system message. */
    public static Message system(String text) { return new Message("system", text); }
}
