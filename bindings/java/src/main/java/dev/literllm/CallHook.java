package dev.literllm;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A listener of calls ({@link LiterLlmClient#onRequest}, {@code onResponse}, {@code onError}).
 * It gets the call as JSON with every secret removed: {@code hook}, {@code request_id},
 * {@code op}, {@code stream}, {@code model}, then {@code request} and {@code options}
 * (on request), {@code response} and {@code meta} (on response), {@code error} and
 * {@code meta} (on error). Runs on a library worker thread, concurrently for concurrent
 * calls.
 */
@FunctionalInterface
public interface CallHook {
    /** An on-request hook that throws refuses the call ({@link HookRejectedException} with
     *  the exception's message); what other hooks throw is ignored. */
    void accept(JsonNode event) throws Exception;
}
