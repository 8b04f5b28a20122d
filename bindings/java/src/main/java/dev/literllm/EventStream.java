package dev.literllm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Any streamed op over the pull ABI ("chat" chunks, "responses" events): iterate the events;
 * after the end {@link #result()} is the final response with its meta. {@link #close()}
 * stops it early and closes the upstream request. Not for concurrent use.
 */
public final class EventStream implements Iterator<JsonNode>, AutoCloseable {
    private final long handle;
    private final AtomicBoolean freed = new AtomicBoolean();
    private JsonNode next;
    private CallResult result;
    private boolean ended;

    EventStream(long handle) { this.handle = handle; }

    @Override
    public boolean hasNext() {
        if (next != null) return true;
        if (ended) return false;
        CallResult r;
        try {
            r = Native.checkResult(Native.take((java.lang.foreign.MemorySegment) Native.STREAM_NEXT.invokeExact(handle)));
        } catch (Throwable t) {
            ended = true;
            close();
            throw Native.rethrow(t);
        }
        JsonNode ev = r.data();
        if (ev.path("done").asBoolean(false)) {
            result = new CallResult(ev.path("response"), r.meta());
            ended = true;
            close();
            return false;
        }
        next = ev.path("chunk");
        return true;
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
        if (freed.compareAndSet(false, true)) {
            try {
                Native.STREAM_FREE.invokeExact(handle);
            } catch (Throwable t) {
                throw Native.rethrow(t);
            }
        }
    }
}
