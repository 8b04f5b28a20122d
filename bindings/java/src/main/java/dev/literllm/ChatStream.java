package dev.literllm;

import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.stream.Stream;

/**
 * A streamed chat: iterate the chunks; after the end {@link #response()} is the accumulated
 * completion. {@link #close()} stops it early and closes the upstream request. Not for
 * concurrent use.
 */
public final class ChatStream implements Iterator<ChatChunk>, AutoCloseable {
    private final EventStream events;

    ChatStream(EventStream events) { this.events = events; }

    /** Waits for the next chunk; a virtual thread waiting here unmounts from its carrier. */
    @Override
    public boolean hasNext() { return events.hasNext(); }

    @Override
    public ChatChunk next() { return ChatChunk.of(events.next()); }

    /** The next chunk without blocking a thread; null once the stream ended. */
    public CompletableFuture<ChatChunk> nextAsync() {
        return events.nextAsync().thenApply(n -> n == null ? null : ChatChunk.of(n));
    }

    /** The accumulated completion once iteration ended, else null. */
    public ChatCompletion response() {
        CallResult r = events.result();
        return r == null ? null : ChatCompletion.of(r.data(), r.meta());
    }

    /** The chunks as a java.util.stream.Stream; closing it closes this stream. */
    public Stream<ChatChunk> stream() { return events.stream().map(ChatChunk::of); }

    /**
     * This stream as a {@link Flow.Publisher} for one subscriber: chunks are read as it
     * requests them, without blocking a thread; cancelling closes the stream;
     * {@link #response()} is set when it completes.
     */
    public Flow.Publisher<ChatChunk> publisher() { return new StreamPublisher<>(this::nextAsync, this::close); }

    /** Free the stream (cancels it if it still runs). Idempotent. */
    @Override
    public void close() { events.close(); }
}
