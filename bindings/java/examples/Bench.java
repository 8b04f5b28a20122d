import dev.literllm.ChatRequest;
import dev.literllm.LiterLlmClient;
import dev.literllm.Message;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * Requests/s and p50/p99 at 1, 16 and 256 concurrent callers against the mock's fixed
 * completion: the Java binding's chatAsync next to java.net.http.HttpClient hitting the same
 * mock directly. Prints a table; asserts nothing.
 */
public class Bench {
    static String row(String name, int conc, int n, Supplier<CompletableFuture<?>> call) throws Exception {
        long[] lat = new long[n];
        Semaphore slots = new Semaphore(conc);
        CompletableFuture<?>[] all = new CompletableFuture<?>[n];
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            slots.acquire();
            final int k = i;
            long s = System.nanoTime();
            all[i] = call.get().whenComplete((r, t) -> { lat[k] = System.nanoTime() - s; slots.release(); });
        }
        CompletableFuture.allOf(all).join();
        double secs = (System.nanoTime() - t0) / 1e9;
        Arrays.sort(lat);
        return String.format("| %s | %d | %.0f | %.2f | %.2f |", name, conc, n / secs, lat[n / 2] / 1e6, lat[n * 99 / 100] / 1e6);
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        String url = System.getenv("LITER_LLM_MOCK_URL") + "/bench/v1";
        var req = new ChatRequest("mock-model", List.of(Message.user("hi")));
        String body = "{\"model\":\"mock-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        try (var client = LiterLlmClient.builder().baseUrl(url).apiKey("k").build();
             var http = HttpClient.newHttpClient()) {
            var post = HttpRequest.newBuilder(URI.create(url + "/chat/completions"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
            Supplier<CompletableFuture<?>> binding = () -> client.chatAsync(req);
            Supplier<CompletableFuture<?>> direct = () -> http.sendAsync(post, HttpResponse.BodyHandlers.ofString());
            row("warm-up", 8, 1000, binding);
            row("warm-up", 8, 1000, direct);
            System.out.println("| client | concurrent | req/s | p50 ms | p99 ms |\n|---|---|---|---|---|");
            for (int conc : new int[] {1, 16, 256}) {
                System.out.println(row("Java binding (chatAsync)", conc, n, binding));
                System.out.println(row("java.net.http direct", conc, n, direct));
            }
        }
    }
}
