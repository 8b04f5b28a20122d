/* C harness for libliter_llm: the shared fixtures through the C ABI, then misuse.
 *
 *   LITER_LLM_MOCK_URL=http://127.0.0.1:PORT test_abi [FIXTURE_DIR] [--quick]
 *
 * Prints one line per failure and a closing "N passed, N failed". --quick runs the misuse
 * checks and a few fixtures only (for valgrind). */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <cjson/cJSON.h>
#include <dirent.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "liter_llm.h"

static int passed, failed;
static const char *mock_url;

#define CHECK(cond, ...) do { if (cond) passed++; else { failed++; \
    printf("FAIL %s:%d: ", __FILE__, __LINE__); printf(__VA_ARGS__); printf("\n"); } } while (0)

static char *read_file(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) { free(buf); buf = NULL; }
    if (buf) buf[n] = 0;
    fclose(f);
    return buf;
}

/* GET http://127.0.0.1:PORT/path -> body (malloc'd) */
static char *http_get(const char *url_path) {
    int port = 0; char path[512];
    if (sscanf(mock_url, "http://127.0.0.1:%d", &port) != 1) return NULL;
    snprintf(path, sizeof path, "%s", url_path);
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET; a.sin_port = htons((uint16_t)port); a.sin_addr.s_addr = htonl(0x7f000001);
    if (connect(s, (struct sockaddr *)&a, sizeof a) != 0) { close(s); return NULL; }
    char req[700];
    int n = snprintf(req, sizeof req, "GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n", path);
    if (write(s, req, (size_t)n) != n) { close(s); return NULL; }
    size_t cap = 1 << 16, len = 0; char *buf = malloc(cap);
    ssize_t r;
    while ((r = read(s, buf + len, cap - len - 1)) > 0) {
        len += (size_t)r;
        if (cap - len < 4096) { cap *= 2; buf = realloc(buf, cap); }
    }
    close(s);
    buf[len] = 0;
    char *body = strstr(buf, "\r\n\r\n");
    char *out = body ? strdup(body + 4) : NULL;
    free(buf);
    return out;
}

/* Is `exp` contained in `act`? (objects: listed keys; arrays: same length, element-wise) */
static int subset(const cJSON *exp, const cJSON *act, char *why, size_t n) {
    if (cJSON_IsObject(exp)) {
        if (!cJSON_IsObject(act)) { snprintf(why, n, "expected object"); return 0; }
        const cJSON *e;
        cJSON_ArrayForEach(e, exp) {
            const cJSON *a = cJSON_GetObjectItemCaseSensitive(act, e->string);
            if (!a) { snprintf(why, n, "missing key %s", e->string); return 0; }
            if (!subset(e, a, why, n)) return 0;
        }
        return 1;
    }
    if (cJSON_IsArray(exp)) {
        if (!cJSON_IsArray(act) || cJSON_GetArraySize(exp) != cJSON_GetArraySize(act)) {
            snprintf(why, n, "array length differs"); return 0;
        }
        for (int i = 0; i < cJSON_GetArraySize(exp); i++)
            if (!subset(cJSON_GetArrayItem(exp, i), cJSON_GetArrayItem(act, i), why, n)) return 0;
        return 1;
    }
    if (!cJSON_Compare(exp, act, 1)) {
        char *e = cJSON_PrintUnformatted(exp), *a = cJSON_PrintUnformatted(act);
        snprintf(why, n, "expected %s got %.200s", e, a ? a : "?");
        free(e); free(a);
        return 0;
    }
    return 1;
}

struct counter { int n; int stop_after; };
static int on_chunk(const char *chunk, size_t len, void *ud) {
    struct counter *c = ud;
    if (len != strlen(chunk)) return 1; /* must be NUL-terminated at len */
    c->n++;
    return c->stop_after && c->n >= c->stop_after;
}

static char *string_of(const cJSON *o, const char *k) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static void run_case(const cJSON *c) {
    const char *name = string_of(c, "name"), *op = string_of(c, "op");
    const cJSON *ex = cJSON_GetObjectItemCaseSensitive(c, "expect");
    char run[32], base[512], why[512] = "";
    snprintf(run, sizeof run, "c%ld%d", (long)time(NULL), rand());
    snprintf(base, sizeof base, "%s/s/%s/%s/v1", mock_url, name, run);
    cJSON *cfg = cJSON_CreateObject();
    cJSON_AddStringToObject(cfg, "base_url", base);
    cJSON_AddStringToObject(cfg, "api_key", "test-key");
    const cJSON *extra = cJSON_GetObjectItemCaseSensitive(c, "config"), *it;
    cJSON_ArrayForEach(it, extra) cJSON_AddItemToObject(cfg, it->string, cJSON_Duplicate(it, 1));
    char *cfg_s = cJSON_PrintUnformatted(cfg);
    char *req_s = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(c, "request"));
    uint64_t h = 0;
    char *env = literllm_client_new(cfg_s, &h);
    literllm_free(env);
    struct counter cnt = {0, 0};
    char *out = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(c, "stream"))
        ? literllm_stream(h, op, req_s, on_chunk, &cnt)
        : literllm_call(h, op, req_s);
    literllm_client_free(h);
    cJSON *o = cJSON_Parse(out);
    int ok = o && cJSON_IsBool(cJSON_GetObjectItemCaseSensitive(o, "ok"));
    int want_ok = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(ex, "ok"));
    int good = ok && cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "ok")) == want_ok;
    if (good && want_ok && cJSON_GetObjectItemCaseSensitive(ex, "response"))
        good = subset(cJSON_GetObjectItemCaseSensitive(ex, "response"),
                      cJSON_GetObjectItemCaseSensitive(o, "data"), why, sizeof why);
    if (good && !want_ok) {
        const cJSON *err = cJSON_GetObjectItemCaseSensitive(o, "error");
        const char *label = string_of(ex, "label");
        good = label && string_of(err, "label") && strcmp(label, string_of(err, "label")) == 0;
        const cJSON *st = cJSON_GetObjectItemCaseSensitive(ex, "status");
        if (good && st) good = cJSON_Compare(st, cJSON_GetObjectItemCaseSensitive(err, "status"), 1);
        if (!good) snprintf(why, sizeof why, "wrong error");
    }
    const cJSON *meta = cJSON_GetObjectItemCaseSensitive(ex, "meta");
    if (good && meta && !subset(meta, cJSON_GetObjectItemCaseSensitive(o, "meta"), why, sizeof why))
        good = 0; /* how the call was served: the envelope's meta */
    const cJSON *chunks = cJSON_GetObjectItemCaseSensitive(ex, "chunks");
    if (good && chunks && chunks->valueint != cnt.n) {
        good = 0; snprintf(why, sizeof why, "chunks %d != %d", cnt.n, chunks->valueint);
    }
    const cJSON *attempts = cJSON_GetObjectItemCaseSensitive(ex, "attempts");
    if (good && attempts) {
        char path[256]; snprintf(path, sizeof path, "/_log/%s/%s", name, run);
        char *log = http_get(path);
        cJSON *l = cJSON_Parse(log);
        if (cJSON_GetArraySize(l) != attempts->valueint) {
            good = 0; snprintf(why, sizeof why, "attempts %d != %d", cJSON_GetArraySize(l), attempts->valueint);
        }
        cJSON_Delete(l); free(log);
    }
    CHECK(good, "fixture %s: %s; envelope %.300s", name, why, out ? out : "(null)");
    cJSON_Delete(o); literllm_free(out); free(cfg_s); free(req_s); cJSON_Delete(cfg);
}

static int run_fixtures(const char *dir, int quick) {
    DIR *d = opendir(dir);
    if (!d) { printf("cannot open %s\n", dir); return 0; }
    struct dirent *e; int n = 0;
    while ((e = readdir(d)) != NULL) {
        size_t l = strlen(e->d_name);
        if (l < 6 || strcmp(e->d_name + l - 5, ".json") != 0) continue;
        char path[1024]; snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        char *text = read_file(path);
        cJSON *arr = cJSON_Parse(text);
        const cJSON *c;
        int i = 0;
        cJSON_ArrayForEach(c, arr) {
            if (quick && i++ >= 3) break;
            run_case(c); n++;
        }
        cJSON_Delete(arr); free(text);
    }
    closedir(d);
    return n;
}

/* ----------------------------------------------------------------------- misuse */
static int has_label(char *env, const char *label) {
    char pat[64]; snprintf(pat, sizeof pat, "\"label\":\"%s\"", label);
    int r = env && strstr(env, pat) != NULL;
    if (!r) printf("  envelope: %.300s\n", env ? env : "(null)");
    literllm_free(env);
    return r;
}

static uint64_t new_client(const char *case_name) {
    char cfg[512]; uint64_t h = 0;
    snprintf(cfg, sizeof cfg, "{\"base_url\":\"%s/s/%s/c%d/v1\",\"api_key\":\"k\"}", mock_url,
             case_name, rand());
    literllm_free(literllm_client_new(cfg, &h));
    return h;
}

static const char *CHAT = "{\"model\":\"openai/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

static void *thread_main(void *arg) {
    uint64_t h = *(uint64_t *)arg; long ok = 0;
    for (int i = 0; i < 20; i++) {
        char *r = literllm_call(h, "chat", CHAT);
        ok += r && strstr(r, "\"ok\":true") != NULL;
        literllm_free(r);
    }
    return (void *)ok;
}

struct async_box { pthread_mutex_t mu; pthread_cond_t cv; char *env; int calls; };
static void on_done(char *env, void *ud) {
    struct async_box *b = ud;
    pthread_mutex_lock(&b->mu);
    b->env = env; b->calls++;
    pthread_cond_signal(&b->cv);
    pthread_mutex_unlock(&b->mu);
}
static char *await_box(struct async_box *b) {
    pthread_mutex_lock(&b->mu);
    while (!b->calls) pthread_cond_wait(&b->cv, &b->mu);
    pthread_mutex_unlock(&b->mu);
    return b->env;
}

static void misuse(void) {
    uint64_t h = 0;
    CHECK(literllm_abi_version() == LITERLLM_ABI_VERSION, "abi version");
    char *v = literllm_version();
    CHECK(v && strstr(v, "\"ok\":true") && strstr(v, "\"abi\":1"), "version: %s", v);
    literllm_free(v);
    literllm_free(NULL);                                               /* harmless */
    CHECK(has_label(literllm_client_new("{}", NULL), "invalid_argument"), "NULL out_client");
    CHECK(has_label(literllm_client_new("{nope", &h), "invalid_argument") && h == 0, "bad config");
    CHECK(has_label(literllm_client_new("{\"colour\":1}", &h), "invalid_argument"), "unknown config key");
    CHECK(has_label(literllm_client_new("[1,2]", &h), "invalid_argument"), "config not an object");
    uint64_t c = new_client("chat_basic");
    CHECK(c != 0, "client handle");
    CHECK(has_label(literllm_call(c, NULL, CHAT), "invalid_argument"), "NULL op");
    CHECK(has_label(literllm_call(c, "chat", NULL), "invalid_argument"), "NULL request");
    CHECK(has_label(literllm_call(c, "chat", "{\"model\":"), "invalid_argument"), "invalid JSON");
    CHECK(has_label(literllm_call(c, "chat", "\"just a string\""), "invalid_argument"), "not an object");
    CHECK(has_label(literllm_call(c, "chat", "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"\xff\xfe\"}]}"),
                    "invalid_argument"), "invalid UTF-8");
    CHECK(has_label(literllm_call(c, "chat", "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"\\ud800\"}]}"),
                    "invalid_argument"), "lone surrogate");
    CHECK(has_label(literllm_call(c, "chat", "{\"model\":\"m\",\"temperature\":NaN,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"),
                    "invalid_argument"), "NaN literal");
    CHECK(has_label(literllm_call(c, "chat", "{\"model\":\"m\",\"temperature\":Infinity,\"messages\":[]}"),
                    "invalid_argument"), "Infinity literal");
    CHECK(has_label(literllm_call(c, "frobnicate", CHAT), "invalid_argument"), "unknown op");
    CHECK(has_label(literllm_call(424242, "chat", CHAT), "invalid_argument"), "foreign handle");
    CHECK(has_label(literllm_call(0, "chat", CHAT), "invalid_argument"), "zero handle");
    CHECK(has_label(literllm_stream(c, "chat", CHAT, NULL, NULL), "invalid_argument"), "NULL callback");
    CHECK(has_label(literllm_stream_open(c, "chat", CHAT, NULL), "invalid_argument"), "NULL out_stream");
    CHECK(has_label(literllm_call_async(c, "chat", CHAT, NULL, NULL), "invalid_argument"), "NULL done");
    CHECK(has_label(literllm_stream_next(987654), "invalid_argument"), "unknown stream");
    /* a client handle is not a stream handle and vice versa */
    CHECK(has_label(literllm_stream_next(c), "invalid_argument"), "client handle as stream");

    /* 64 MiB input: rejected at the documented limit */
    size_t big = 64u << 20;
    char *huge = malloc(big + 1);
    memset(huge, ' ', big); huge[0] = '{'; huge[big - 1] = '}'; huge[big] = 0;
    CHECK(has_label(literllm_call(c, "chat", huge), "invalid_argument"), "64 MiB input");
    free(huge);
    /* 10,000-deep nesting */
    size_t depth = 10000;
    char *deep = malloc(depth * 2 + 64);
    char *p = deep + sprintf(deep, "{\"model\":\"m\",\"messages\":");
    for (size_t i = 0; i < depth; i++) *p++ = '[';
    for (size_t i = 0; i < depth; i++) *p++ = ']';
    strcpy(p, "}");
    CHECK(has_label(literllm_call(c, "chat", deep), "invalid_argument"), "10,000-deep nesting");
    free(deep);

    /* it still works after all that */
    char *r = literllm_call(c, "chat", CHAT);
    CHECK(r && strstr(r, "Hello there!"), "call after misuse: %s", r);
    literllm_free(r);

    /* 8 threads at once on one client */
    pthread_t th[8]; long total = 0;
    for (int i = 0; i < 8; i++) pthread_create(&th[i], NULL, thread_main, &c);
    for (int i = 0; i < 8; i++) { void *ok; pthread_join(th[i], &ok); total += (long)ok; }
    CHECK(total == 160, "8 threads x 20 calls: %ld ok", total);

    /* freed handle, double free */
    literllm_client_free(c);
    CHECK(has_label(literllm_call(c, "chat", CHAT), "invalid_argument"), "freed handle");
    literllm_client_free(c);
    literllm_client_free(0);
    literllm_stream_free(0);
    literllm_stream_free(c);

    /* cancel mid-stream from the callback */
    uint64_t s = new_client("stream_paced");
    struct counter cnt = {0, 2};
    CHECK(has_label(literllm_stream(s, "chat", CHAT, on_chunk, &cnt), "cancelled") && cnt.n == 2,
          "callback cancel after 2 chunks (%d)", cnt.n);

    /* pull stream: chunks then done with the accumulated response; then invalid_argument */
    uint64_t st = 0; int chunks = 0, done = 0;
    literllm_free(literllm_stream_open(s, "chat", CHAT, &st));
    for (;;) {
        char *ev = literllm_stream_next(st);
        int is_chunk = ev && strstr(ev, "\"data\":{\"chunk\":") != NULL;
        done = ev && strstr(ev, "\"done\":true") && strstr(ev, "Hello world!");
        literllm_free(ev);
        if (!is_chunk) break;
        chunks++;
    }
    CHECK(chunks == 6 && done, "pull stream: %d chunks, done %d", chunks, done);
    CHECK(has_label(literllm_stream_next(st), "invalid_argument"), "next after the end");
    literllm_stream_free(st);
    literllm_stream_free(st);

    /* async pull stream: every event through done, on whichever thread has it */
    literllm_free(literllm_stream_open(s, "chat", CHAT, &st));
    chunks = 0; done = 0;
    for (;;) {
        struct async_box b = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, NULL, 0};
        char *ack = literllm_stream_next_async(st, on_done, &b);
        int pending = ack && strstr(ack, "\"pending\":true") != NULL;
        literllm_free(ack);
        if (!pending) break;
        char *ev = await_box(&b);
        int is_chunk = ev && strstr(ev, "\"data\":{\"chunk\":") != NULL;
        done = ev && strstr(ev, "\"done\":true") && strstr(ev, "Hello world!");
        literllm_free(ev);
        if (!is_chunk) break;
        chunks++;
    }
    CHECK(chunks == 6 && done, "async pull stream: %d chunks, done %d", chunks, done);
    struct async_box b2 = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, NULL, 0};
    CHECK(has_label(literllm_stream_next_async(st, on_done, &b2), "invalid_argument") &&
          b2.calls == 0, "async next after the end: refused, done not called");
    CHECK(has_label(literllm_stream_next_async(st, NULL, NULL), "invalid_argument"), "NULL done");
    literllm_stream_free(st);

    /* freeing a stream with a pending async next answers it with "cancelled" */
    uint64_t slow_s = new_client("stream_idle_timeout");
    literllm_free(literllm_stream_open(slow_s, "chat", CHAT, &st));
    struct async_box b3 = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, NULL, 0};
    for (int k = 0; k < 2; k++) {                 /* the first chunk, then a pending call */
        b3.calls = 0;
        literllm_free(literllm_stream_next_async(st, on_done, &b3));
        if (k == 0) literllm_free(await_box(&b3));
    }
    usleep(50 * 1000);
    literllm_stream_free(st);
    CHECK(has_label(await_box(&b3), "cancelled") && b3.calls == 1, "pending next cancelled by free");
    literllm_client_free(slow_s);

    /* pull stream freed mid-way */
    literllm_free(literllm_stream_open(s, "chat", CHAT, &st));
    literllm_free(literllm_stream_next(st));
    literllm_stream_free(st);
    CHECK(has_label(literllm_stream_next(st), "invalid_argument"), "freed stream");
    literllm_client_free(s);

    /* async call: done exactly once; cancel of a slow call gives "cancelled" */
    uint64_t a = new_client("chat_basic");
    struct async_box box = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, NULL, 0};
    char *acc = literllm_call_async(a, "chat", CHAT, on_done, &box);
    CHECK(acc && strstr(acc, "request_id"), "async accepted: %s", acc);
    literllm_free(acc);
    char *env = await_box(&box);
    CHECK(env && strstr(env, "Hello there!"), "async result: %s", env);
    literllm_free(env);
    literllm_client_free(a);

    uint64_t slow = new_client("error_timeout_deadline");
    struct async_box box2 = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, NULL, 0};
    acc = literllm_call_async(slow, "chat", CHAT, on_done, &box2);
    cJSON *o = cJSON_Parse(acc);
    double rid = cJSON_GetObjectItem(cJSON_GetObjectItem(o, "data"), "request_id")->valuedouble;
    cJSON_Delete(o); literllm_free(acc);
    usleep(50 * 1000);
    char *cr = literllm_cancel(slow, (uint64_t)rid);
    CHECK(cr && strstr(cr, "\"cancelled\":true"), "cancel: %s", cr);
    literllm_free(cr);
    CHECK(has_label(await_box(&box2), "cancelled") && box2.calls == 1, "async cancelled once");
    cr = literllm_cancel(slow, (uint64_t)rid);
    CHECK(cr && strstr(cr, "\"cancelled\":false"), "cancel again: %s", cr);
    literllm_free(cr);
    CHECK(has_label(literllm_call_async(slow, "nope", CHAT, on_done, &box2), "invalid_argument")
          && box2.calls == 1, "async bad op: done not called");
    literllm_client_free(slow);
}

/* A child forked after the runtime started gets init_failed at once (no hang: an alarm makes
   a hang fail), its frees are harmless no-ops, and the parent goes on unaffected. */
static void fork_child(void) {
    uint64_t c = new_client("chat_basic");
    char *warm = literllm_call(c, "chat", CHAT);
    CHECK(warm && strstr(warm, "\"ok\":true"), "warm-up call: %.200s", warm ? warm : "(null)");
    literllm_free(warm);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        alarm(10);
        char *env = literllm_call(c, "chat", CHAT);
        int ok = env && strstr(env, "\"label\":\"init_failed\"") && strstr(env, "fork");
        literllm_free(env);
        literllm_client_free(c);
        uint64_t h = 1;
        env = literllm_client_new("{}", &h);
        ok = ok && env && strstr(env, "init_failed") && h == 0;
        literllm_free(env);
        _exit(ok ? 0 : 3);
    }
    int st = 0;
    waitpid(pid, &st, 0);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "forked child: init_failed, no hang (status %d)", st);
    char *env = literllm_call(c, "chat", CHAT);
    CHECK(env && strstr(env, "\"ok\":true"), "parent after fork: %.200s", env ? env : "(null)");
    literllm_free(env);
    literllm_client_free(c);
}

/* ---- observability: a host traceparent becomes the parent of the engine's spans (jsonl
   exporter), goes upstream, the metrics op, and hooks that see and refuse calls */
#define HOST_TRACE "4bf92f3577b34da6a3ce929d0e0e4736"
#define HOST_SPAN "00f067aa0ba902b7"

struct hook_seen { int calls; int leaked; int refuse; };
static int on_request_hook(const char *ev, size_t len, char *reason, size_t cap, void *ud) {
    struct hook_seen *s = ud;
    __atomic_add_fetch(&s->calls, 1, __ATOMIC_SEQ_CST);
    if (strstr(ev, "k-secret-canary") || strlen(ev) != len) s->leaked = 1;
    if (s->refuse) { snprintf(reason, cap, "blocked by policy"); return 1; }
    return 0;
}

static void observe(void) {
    char path[] = "/tmp/liter_llm_spans_XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0, "mkstemp");
    close(fd);
    char run[32], cfg[1024], logp[128];
    snprintf(run, sizeof run, "obs%d", rand());
    snprintf(cfg, sizeof cfg,
             "{\"base_url\":\"%s/s/chat_basic/%s/v1\",\"api_key\":\"k-secret-canary\","
             "\"telemetry\":{\"exporter\":\"jsonl\",\"path\":\"%s\",\"metrics\":true}}",
             mock_url, run, path);
    uint64_t h = 0;
    char *env = literllm_client_new(cfg, &h);
    CHECK(h != 0, "client with telemetry: %s", env);
    literllm_free(env);
    const char *req = "{\"model\":\"openai/gpt-4o-mini\",\"messages\":[{\"role\":\"user\","
                      "\"content\":\"hi\"}],\"traceparent\":\"00-" HOST_TRACE "-" HOST_SPAN "-01\"}";
    env = literllm_call(h, "chat", req);
    CHECK(env && strstr(env, "\"ok\":true"), "traced call: %.300s", env);
    literllm_free(env);

    /* the metrics op: Prometheus text */
    env = literllm_call(h, "metrics", "{}");
    CHECK(env && strstr(env, "liter_llm_requests_total{op=\\\"chat\\\",provider=\\\"openai\\\""),
          "metrics: %.400s", env);
    literllm_free(env);

    /* hooks */
    struct hook_seen seen = {0, 0, 0};
    CHECK(has_label(literllm_client_set_hook(h, "on_send", on_request_hook, &seen),
                    "invalid_argument"), "unknown hook event");
    CHECK(has_label(literllm_client_set_hook(h, NULL, on_request_hook, &seen),
                    "invalid_argument"), "NULL hook event");
    CHECK(has_label(literllm_client_set_hook(0x12345, "on_request", on_request_hook, &seen),
                    "invalid_argument"), "hook on a bad handle");
    env = literllm_client_set_hook(h, "on_request", on_request_hook, &seen);
    CHECK(env && strstr(env, "\"set\":true"), "set hook: %s", env);
    literllm_free(env);
    env = literllm_call(h, "chat", CHAT);
    CHECK(env && strstr(env, "\"ok\":true") && seen.calls == 1, "hooked call: %.200s", env);
    literllm_free(env);
    seen.refuse = 1;
    env = literllm_call(h, "chat", CHAT);
    CHECK(env && strstr(env, "\"label\":\"hook_rejected\"") && strstr(env, "blocked by policy"),
          "refused call: %.300s", env);
    literllm_free(env);
    CHECK(seen.calls == 2 && !seen.leaked, "hook calls %d, leaked %d", seen.calls, seen.leaked);
    literllm_free(literllm_client_set_hook(h, "on_request", NULL, NULL));
    env = literllm_call(h, "chat", CHAT);
    CHECK(env && strstr(env, "\"ok\":true") && seen.calls == 2, "hook removed: %.200s", env);
    literllm_free(env);
    literllm_client_free(h);  /* flushes the spans */

    /* upstream: 3 requests (the refused one never left); the first carried the trace */
    snprintf(logp, sizeof logp, "/_log/chat_basic/%s", run);
    char *log = http_get(logp);
    cJSON *entries = log ? cJSON_Parse(log) : NULL;
    CHECK(cJSON_GetArraySize(entries) == 3, "upstream requests: %.300s", log);
    const cJSON *hdrs = cJSON_GetObjectItem(cJSON_GetArrayItem(entries, 0), "headers");
    const char *tp = cJSON_GetStringValue(cJSON_GetObjectItem(hdrs, "traceparent"));
    CHECK(tp && strncmp(tp, "00-" HOST_TRACE "-", 36) == 0 && strstr(tp, HOST_SPAN) == NULL,
          "upstream traceparent: %s", tp ? tp : "(none)");
    cJSON_Delete(entries);
    free(log);

    /* spans: the call's span is the child of the host's; an attempt span is the child of it */
    char *spans = read_file(path);
    char call_id[17] = "", *line = spans ? strtok(spans, "\n") : NULL;
    int attempt_of_call = 0;
    for (; line; line = strtok(NULL, "\n")) {
        cJSON *s = cJSON_Parse(line);
        const char *parent = cJSON_GetStringValue(cJSON_GetObjectItem(s, "parent_span_id"));
        const char *trace = cJSON_GetStringValue(cJSON_GetObjectItem(s, "trace_id"));
        const char *id = cJSON_GetStringValue(cJSON_GetObjectItem(s, "span_id"));
        if (parent && trace && id && strcmp(parent, HOST_SPAN) == 0 &&
            strcmp(trace, HOST_TRACE) == 0)
            snprintf(call_id, sizeof call_id, "%s", id);
        cJSON_Delete(s);
    }
    free(spans);
    spans = read_file(path);
    for (line = spans ? strtok(spans, "\n") : NULL; line; line = strtok(NULL, "\n"))
        if (*call_id && strstr(line, call_id) && strstr(line, "\"chat gpt-4o-mini\"")) attempt_of_call++;
    CHECK(*call_id, "no span with the host's span as parent");
    CHECK(attempt_of_call == 1, "attempt spans of the call: %d", attempt_of_call);
    CHECK(spans && !strstr(spans, "k-secret-canary"), "the key is in a span");
    free(spans);
    unlink(path);
}

int main(int argc, char **argv) {
    const char *dir = "tests/fixtures";
    int quick = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--quick") == 0) quick = 1; else dir = argv[i];
    }
    mock_url = getenv("LITER_LLM_MOCK_URL");
    if (!mock_url) { printf("set LITER_LLM_MOCK_URL\n"); return 2; }
    srand((unsigned)time(NULL) ^ (unsigned)getpid());
    misuse();
    if (!quick) fork_child();
    if (!quick) observe();
    int n = run_fixtures(dir, quick);
    literllm_shutdown();
    printf("fixtures run: %d\n", n);
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
