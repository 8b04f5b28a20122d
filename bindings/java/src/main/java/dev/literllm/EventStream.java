package dev.literllm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Any streamed op over the pull ABI ("chat" chunks, "responses" events): iterate the events;
 * after the end {@link #result()} is the final response with its meta. {@link #close()}
 * stops it early and closes the upstream request. Not for concurrent use.
 */
public final class EventStream implements Iterator<JsonNode>, AutoCloseable {
    /** Where a stream's envelopes come from: the library's stream, or a fake's canned events. */
    interface Source {
        CompletableFuture<CallResult> next();

        void free();
    }

    /** The library's stream, read through the async ABI. */
    static final class NativeSource implements Source {
        private final long handle;

        NativeSource(long handle) { this.handle = handle; }

        @Override
        public CompletableFuture<CallResult> next() {
            CompletableFuture<CallResult> f = new CompletableFuture<>();
            long key = Native.KEYS.getAndIncrement();
            Native.PENDING.put(key, f);
            try {
                Native.check(Native.take((java.lang.foreign.MemorySegment) Native.STREAM_NEXT_ASYNC.invokeExact(
                        handle, Native.DONE_STUB, java.lang.foreign.MemorySegment.ofAddress(key))));
            } catch (Throwable t) {
                Native.PENDING.remove(key); // refused: the callback never runs
                return CompletableFuture.failedFuture(Native.rethrow(t));
            }
            return f;
        }

        @Override
        public void free() {
            try {
                Native.STREAM_FREE.invokeExact(handle);
            } catch (Throwable t) {
                throw Native.rethrow(t);
            }
        }
    }

    private final Source source;
    private final AtomicBoolean freed = new AtomicBoolean();
    private volatile JsonNode next;
    private volatile CallResult result;
    private volatile boolean ended;

    EventStream(Source source) { this.source = source; }

    /**
     * Waits for the next event without pinning a thread: the library answers through the
     * async ABI, and a virtual thread waiting here unmounts from its carrier.
     */
    @Override
    public boolean hasNext() {
        if (next != null) return true;
        if (ended) return false;
        try {
            next = nextAsync().join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : e;
        }
        return next != null;
    }

    /**
     * The next event without blocking any thread: completes with it, or with null once the
     * stream has ended ({@link #result()} is then set), or exceptionally with the label's
     * exception. Call it again only after the previous one completed.
     */
    public CompletableFuture<JsonNode> nextAsync() {
        if (ended) return CompletableFuture.completedFuture(null);
        if (next != null) {
            JsonNode n = next;
            next = null;
            return CompletableFuture.completedFuture(n);
        }
        CompletableFuture<CallResult> f = source.next();
        return f.handle((r, t) -> {
            if (t != null) {
                ended = true;
                close();
                throw t instanceof java.util.concurrent.CompletionException ce ? ce : new java.util.concurrent.CompletionException(t);
            }
            JsonNode ev = r.data();
            if (ev.path("done").asBoolean(false)) {
                result = new CallResult(ev.path("response"), r.meta());
                ended = true;
                close();
                return null;
            }
            return ev.path("chunk");
        });
    }

    @Override
    public JsonNode next() {
        if (!hasNext()) throw new NoSuchElementException();
        JsonNode n = next;
        next = null;
        return n;
    }

    /** The final response and its meta once iteration ended, else null. */
    public CallResult result() { return result; }

    /** The events as a java.util.stream.Stream; closing it closes this stream. */
    public Stream<JsonNode> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED), false)
                .onClose(this::close);
    }

    /** Free the stream (cancels it if it still runs). Idempotent. */
    @Override
    public void close() {
        if (freed.compareAndSet(false, true)) source.free();
    }
}
