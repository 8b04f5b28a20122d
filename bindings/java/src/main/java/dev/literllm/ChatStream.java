package dev.literllm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.stream.Stream;

/**
 * A streamed chat: iterate the chunks (OpenAI's chunk shape); after the end
 * {@link #response()} is the accumulated completion. {@link #close()} stops it early and
 * closes the upstream request. Not for concurrent use.
 */
public final class ChatStream implements Iterator<JsonNode>, AutoCloseable {
    private final EventStream events;

    ChatStream(EventStream events) { this.events = events; }

    @Override
    public boolean hasNext() { return events.hasNext(); }

    @Override
    public JsonNode next() { return events.next(); }

    /** The next chunk without blocking a thread; null once the stream ended. */
    public java.util.concurrent.CompletableFuture<JsonNode> nextAsync() { return events.nextAsync(); }

    /** The accumulated completion once iteration ended, else null. */
    public ChatCompletion response() {
        CallResult r = events.result();
        return r == null ? null : new ChatCompletion(r.data(), r.meta());
    }

    /** The chunks as a java.util.stream.Stream; closing it closes this stream. */
    public Stream<JsonNode> stream() { return events.stream(); }

    /** Free the stream (cancels it if it still runs). Idempotent. */
    @Override
    public void close() { events.close(); }
}
