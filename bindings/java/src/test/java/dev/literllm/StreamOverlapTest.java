package dev.literllm;

import static dev.literllm.LiterLlmClientTest.client;
import static dev.literllm.LiterLlmClientTest.peak;
import static dev.literllm.LiterLlmClientTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class StreamOverlapTest {
    static final Map<String, Object> HI = Map.of("model", "m", "messages", List.of(Map.of("role", "user", "content", "hi")));

    /** 16 streams on virtual threads over two carriers run at once: a stream waiting for its
     *  next chunk unmounts (the async ABI), it does not pin its carrier. Proved by what the
     *  mock saw in flight, not by time. */
    @Test
    void streamsOnVirtualThreadsOverlap() throws Exception {
        var r = run("stream_slow");
        try (var c = client(r, null); var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> done = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                done.add(pool.submit(() -> {
                    int n = 0;
                    try (ChatStream s = c.chatStream(HI)) {
                        while (s.hasNext()) {
                            s.next();
                            n++;
                        }
                    }
                    return n;
                }));
            }
            for (Future<Integer> f : done) assertEquals(7, f.get());
        }
        assertEquals(16, peak(r));
    }

    @Test
    void nextAsyncReadsAStreamWithoutBlocking() throws Exception {
        try (var c = client(run("stream_basic"), null); ChatStream s = c.chatStream(HI)) {
            int n = 0;
            while (s.nextAsync().get() != null) n++;
            assertEquals(6, n); // stream_basic: six chunks, then [DONE]
            assertEquals("stop", s.response().finishReason());
        }
    }
}
