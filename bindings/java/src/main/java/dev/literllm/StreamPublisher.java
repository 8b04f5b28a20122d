package dev.literllm;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A {@link Flow.Publisher} over a pull source ("next item, or null at the end"): one
 * subscriber, one read in flight at a time, only as many reads as requested (Reactive
 * Streams rules: no onNext beyond demand, signals serialized, request(n <= 0) is an error).
 */
final class StreamPublisher<T> implements Flow.Publisher<T> {
    private final Supplier<CompletableFuture<T>> next;
    private final Runnable close;
    private final AtomicBoolean subscribed = new AtomicBoolean();

    StreamPublisher(Supplier<CompletableFuture<T>> next, Runnable close) {
        this.next = next;
        this.close = close;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super T> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        if (!subscribed.compareAndSet(false, true)) {
            subscriber.onSubscribe(new Flow.Subscription() {
                @Override public void request(long n) {}
                @Override public void cancel() {}
            });
            subscriber.onError(new IllegalStateException("this stream already has a subscriber"));
            return;
        }
        Subscription<T> s = new Subscription<>(subscriber, next, close);
        subscriber.onSubscribe(s);
        s.drain();
    }

    private static final class Subscription<T> implements Flow.Subscription {
        private final Flow.Subscriber<? super T> subscriber;
        private final Supplier<CompletableFuture<T>> next;
        private final Runnable close;
        private final AtomicLong demand = new AtomicLong();
        private final AtomicInteger wip = new AtomicInteger();
        private volatile boolean inFlight;
        private volatile boolean done;
        private volatile Throwable badRequest;

        Subscription(Flow.Subscriber<? super T> subscriber, Supplier<CompletableFuture<T>> next, Runnable close) {
            this.subscriber = subscriber;
            this.next = next;
            this.close = close;
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                badRequest = new IllegalArgumentException("request(n) needs n > 0 (rule 3.9), got " + n);
            } else {
                demand.getAndUpdate(d -> d + n < 0 ? Long.MAX_VALUE : d + n);
            }
            drain();
        }

        @Override
        public void cancel() {
            done = true;
            close.run();
        }

        /** Runs on whichever thread asked last; one pass at a time, never recursively. */
        void drain() {
            if (wip.getAndIncrement() != 0) return;
            do {
                if (done || inFlight) continue;
                Throwable bad = badRequest;
                if (bad != null) {
                    done = true;
                    close.run();
                    subscriber.onError(bad);
                    continue;
                }
                if (demand.get() == 0) continue;
                inFlight = true;
                CompletableFuture<T> f;
                try {
                    f = next.get();
                } catch (RuntimeException e) {
                    f = CompletableFuture.failedFuture(e);
                }
                f.whenComplete(this::arrived);
            } while (wip.decrementAndGet() != 0);
        }

        private void arrived(T item, Throwable error) {
            if (!done) {
                if (error != null) {
                    done = true;
                    close.run();
                    subscriber.onError(error instanceof CompletionException ce && ce.getCause() != null ? ce.getCause() : error);
                } else if (item == null) {
                    done = true;
                    subscriber.onComplete();
                } else {
                    demand.decrementAndGet();
                    subscriber.onNext(item);
                }
            }
            inFlight = false;
            drain();
        }
    }
}
