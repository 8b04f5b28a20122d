package dev.literllm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.function.Function;

/** The one label-to-exception table. */
public final class ErrorMap {
    private ErrorMap() {}

    /** Label to constructor. */
    public static final Map<String, Function<JsonNode, LiterLlmException>> CLASSES = Map.ofEntries(
        Map.entry("invalid_request", InvalidRequestException::new),
        Map.entry("authentication", AuthenticationException::new),
        Map.entry("permission_denied", PermissionDeniedException::new),
        Map.entry("not_found", NotFoundException::new),
        Map.entry("context_window_exceeded", ContextWindowExceededException::new),
        Map.entry("content_policy", ContentPolicyException::new),
        Map.entry("rate_limited", RateLimitedException::new),
        Map.entry("budget_exceeded", BudgetExceededException::new),
        Map.entry("timeout", RequestTimeoutException::new),
        Map.entry("connection", ConnectionException::new),
        Map.entry("server_error", ServerErrorException::new),
        Map.entry("service_unavailable", ServiceUnavailableException::new),
        Map.entry("stream_incomplete", StreamIncompleteException::new),
        Map.entry("invalid_response", InvalidResponseException::new),
        Map.entry("unsupported", UnsupportedException::new),
        Map.entry("cancelled", CancelledException::new),
        Map.entry("invalid_argument", InvalidArgumentException::new),
        Map.entry("init_failed", InitFailedException::new),
        Map.entry("internal", InternalException::new),
        Map.entry("hook_rejected", HookRejectedException::new));

    /** The exception of an envelope's "error" object. */
    public static LiterLlmException create(JsonNode error) {
        return CLASSES.getOrDefault(error.path("label").asText(), InternalException::new).apply(error);
    }

    static LiterLlmException of(String label, String message) {
        ObjectNode e = JsonNodeFactory.instance.objectNode();
        e.put("label", label);
        e.put("message", message);
        return create(e);
    }
}
