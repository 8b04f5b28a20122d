/* Per-call latency through the C ABI against the mock's fixed completion, plus process
 * start-up to the first completed call. Prints a table; never asserts.
 *   LITER_LLM_MOCK_URL=... c_calls [N] */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "liter_llm.h"

static double now_us(void) {
    struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}
static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b; return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 5000;
    const char *mock = getenv("LITER_LLM_MOCK_URL");
    if (!mock) return 2;
    double t0 = now_us();
    char cfg[512]; uint64_t h = 0;
    snprintf(cfg, sizeof cfg, "{\"base_url\":\"%s/bench/v1\",\"api_key\":\"k\"}", mock);
    literllm_free(literllm_client_new(cfg, &h));
    const char *req = "{\"model\":\"mock-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    char *r = literllm_call(h, "chat", req);
    double first = now_us() - t0;
    if (!r || !strstr(r, "\"ok\":true")) { printf("first call failed: %s\n", r); return 1; }
    literllm_free(r);
    for (int i = 0; i < 500; i++) literllm_free(literllm_call(h, "chat", req));  /* warm-up */
    double *lat = malloc(sizeof(double) * (size_t)n);
    double start = now_us();
    for (int i = 0; i < n; i++) {
        double s = now_us();
        literllm_free(literllm_call(h, "chat", req));
        lat[i] = now_us() - s;
    }
    double total = now_us() - start;
    qsort(lat, (size_t)n, sizeof *lat, cmp);
    printf("| path | first call (ms, incl. runtime start) | p50 (ms) | p99 (ms) | calls/s |\n");
    printf("|---|---|---|---|---|\n");
    printf("| C ABI literllm_call, c=1 | %.0f | %.3f | %.3f | %.0f |\n", first / 1e3,
           lat[n / 2] / 1e3, lat[n * 99 / 100] / 1e3, n / (total / 1e6));
    literllm_client_free(h);
    literllm_shutdown();
    free(lat);
    return 0;
}
