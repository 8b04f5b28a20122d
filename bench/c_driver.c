/* The C ABI under bench/run.py: one scenario, one JSON line. Measures; asserts nothing.
 *   c_driver BASE_URL seq|c16|c256|stream|all|cold|rss [SECONDS]   ("all": the first four,
 *   one JSON object keyed by scenario)
 * Concurrency is C threads each making blocking literllm_call()s, as a C program would. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "liter_llm.h"

static const char *REQ = "{\"model\":\"mock-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

/* BENCH_PROMPT_BYTES=N: a prompt of N bytes instead of "hi" (the RAG-sized rows) */
static void big_prompt(void) {
    const char *v = getenv("BENCH_PROMPT_BYTES");
    long n = v ? atol(v) : 0;
    if (n <= 0) return;
    const char *head = "{\"model\":\"mock-model\",\"messages\":[{\"role\":\"user\",\"content\":\"";
    char *r = malloc(strlen(head) + (size_t)n + 8);
    if (!r) exit(1);
    strcpy(r, head);
    memset(r + strlen(head), 'x', (size_t)n);
    strcpy(r + strlen(head) + (size_t)n, "\"}]}");
    REQ = r;
}
static uint64_t client, sclient;
static double stop_at;

static double now_s(void) {
    struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}
static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b; return (x > y) - (x < y);
}
static void call_ok(void) {
    char *r = literllm_call(client, "chat", REQ);
    if (!r || strncmp(r, "{\"ok\":true", 10) != 0) { fprintf(stderr, "call failed: %s\n", r ? r : "(null)"); exit(1); }
    literllm_free(r);
}

typedef struct { double *lat; size_t n, cap; } worker_t;

static void *work(void *arg) {
    worker_t *w = arg;
    while (now_s() < stop_at) {
        double t = now_s();
        call_ok();
        if (w->n == w->cap) { w->cap = w->cap ? w->cap * 2 : 1024; w->lat = realloc(w->lat, w->cap * sizeof(double)); }
        w->lat[w->n++] = now_s() - t;
    }
    return NULL;
}

static void load(int threads, double seconds) {
    pthread_t *tid = calloc((size_t)threads, sizeof *tid);
    worker_t *w = calloc((size_t)threads, sizeof *w);
    double start = now_s();
    stop_at = start + seconds;
    for (int i = 0; i < threads; i++) pthread_create(&tid[i], NULL, work, &w[i]);
    size_t total = 0;
    for (int i = 0; i < threads; i++) { pthread_join(tid[i], NULL); total += w[i].n; }
    double el = now_s() - start;
    double *all = malloc(total * sizeof(double));
    size_t k = 0;
    for (int i = 0; i < threads; i++) { memcpy(all + k, w[i].lat, w[i].n * sizeof(double)); k += w[i].n; free(w[i].lat); }
    qsort(all, total, sizeof *all, cmp);
    printf("{\"n\": %zu, \"rps\": %.1f, \"p50_ms\": %.4f, \"p99_ms\": %.4f}", total, (double)total / el,
           all[total / 2] * 1e3, all[total * 99 / 100] * 1e3);
    free(all); free(w); free(tid);
}

static int one_stream(double *ttfc) {
    uint64_t s = 0;
    char *env = literllm_stream_open(sclient, "chat", REQ, &s);
    double t = now_s();
    if (!s) { fprintf(stderr, "stream_open: %s\n", env); exit(1); }
    literllm_free(env);
    int n = 0;
    for (;;) {
        char *ev = literllm_stream_next(s);
        if (!ev || strncmp(ev, "{\"ok\":true", 10) != 0) { fprintf(stderr, "stream: %s\n", ev ? ev : "(null)"); exit(1); }
        int done = strstr(ev, "\"done\":true") != NULL;
        literllm_free(ev);
        if (done) break;
        if (++n == 1) *ttfc = now_s() - t;
    }
    literllm_stream_free(s);
    return n;
}

static void streams(double seconds) {
    double t, *tt = malloc(100000 * sizeof(double));
    int n = 0; long chunks = 0;
    for (int i = 0; i < 20; i++) one_stream(&t);
    double start = now_s();
    while (now_s() - start < seconds && n < 100000) chunks += one_stream(&tt[n++]);
    double el = now_s() - start;
    qsort(tt, (size_t)n, sizeof *tt, cmp);
    printf("{\"streams\": %d, \"chunks_per_stream\": %.1f, \"ttfc_p50_ms\": %.4f, \"chunks_per_s\": %.1f}",
           n, (double)chunks / n, tt[n / 2] * 1e3, (double)chunks / el);
}

static long status_kb(const char *key) {
    FILE *f = fopen("/proc/self/status", "r");
    char line[256]; long v = 0;
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, key, strlen(key)) == 0) v = atol(line + strlen(key));
    if (f) fclose(f);
    return v;
}

static void *rss_work(void *arg) { (void)arg; for (int i = 0; i < 1000 / 16 + 1; i++) call_ok(); return NULL; }

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: c_driver BASE_URL SCENARIO [SECONDS]\n"); return 2; }
    double t0 = now_s();
    const char *base = argv[1], *scenario = argv[2];
    double seconds = argc > 3 ? atof(argv[3]) : 3.0;
    big_prompt();
    char cfg[512];
    snprintf(cfg, sizeof cfg, "{\"base_url\":\"%s/v1\",\"api_key\":\"k\",\"max_retries\":0}", base);
    literllm_free(literllm_client_new(cfg, &client));
    snprintf(cfg, sizeof cfg, "{\"base_url\":\"%s/stream/v1\",\"api_key\":\"k\",\"max_retries\":0}", base);
    literllm_free(literllm_client_new(cfg, &sclient));
    if (!client || !sclient) { fprintf(stderr, "client_new failed\n"); return 1; }
    if (strcmp(scenario, "cold") == 0) {
        call_ok();
        printf("{\"start_to_first_ms\": %.1f}\n", (now_s() - t0) * 1e3);
    } else if (strcmp(scenario, "all") == 0) {
        for (int i = 0; i < 100; i++) call_ok();
        printf("{\"seq\": "); load(1, seconds);
        printf(", \"c16\": "); load(16, seconds);
        printf(", \"c256\": "); load(256, seconds);
        printf(", \"stream\": "); streams(seconds);
        printf("}\n");
    } else {
        for (int i = 0; i < 100; i++) call_ok();
        if (strcmp(scenario, "seq") == 0) load(1, seconds);
        else if (strcmp(scenario, "c16") == 0) load(16, seconds);
        else if (strcmp(scenario, "c256") == 0) load(256, seconds);
        else if (strcmp(scenario, "stream") == 0) streams(seconds);
        else if (strcmp(scenario, "rss") == 0) {
            double mb[10];
            for (int k = 0; k < 10; k++) {
                pthread_t tid[16];
                for (int i = 0; i < 16; i++) pthread_create(&tid[i], NULL, rss_work, NULL);
                for (int i = 0; i < 16; i++) pthread_join(tid[i], NULL);
                mb[k] = (double)status_kb("VmRSS:") / 1024;
            }
            printf("{\"rss_1k_mb\": %.1f, \"rss_5k_mb\": %.1f, \"rss_10k_mb\": %.1f, \"peak_mb\": %.1f}\n",
                   mb[0], mb[4], mb[9], (double)status_kb("VmHWM:") / 1024);
        } else { fprintf(stderr, "unknown scenario %s\n", scenario); return 2; }
        printf("\n");
    }
    fflush(stdout);
    literllm_client_free(client);
    literllm_client_free(sclient);
    literllm_shutdown();
    return 0;
}
