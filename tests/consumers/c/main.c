/* A C program built against the installed engine: `liter-llm config --cflags --libs`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "liter_llm.h"

static int chunks;
static int on_chunk(const char *json, size_t len, void *ud) {
    (void)json; (void)len; (void)ud;
    chunks++;
    return 0;
}

int main(void) {
    const char *mock = getenv("LITER_LLM_MOCK_URL"), *venv = getenv("EXPECT_VENV");
    char cfg[512], *env;
    uint64_t c = 0;
    if (!mock || !venv) return 2;
    env = literllm_version();
    if (!strstr(env, venv)) { fprintf(stderr, "started in another venv: %s\n", env); return 1; }
    literllm_free(env);
    snprintf(cfg, sizeof cfg, "{\"base_url\":\"%s/s/demo_chat/c-consumer/v1\",\"api_key\":\"k\"}", mock);
    env = literllm_client_new(cfg, &c);
    literllm_free(env);
    env = literllm_call(c, "chat",
        "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    if (!strstr(env, "Paris")) { fprintf(stderr, "chat: %s\n", env); return 1; }
    literllm_free(env);
    literllm_client_free(c);
    snprintf(cfg, sizeof cfg, "{\"base_url\":\"%s/s/demo_stream/c-consumer/v1\",\"api_key\":\"k\"}", mock);
    literllm_free(literllm_client_new(cfg, &c));
    env = literllm_stream(c, "chat",
        "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", on_chunk, NULL);
    if (strncmp(env, "{\"ok\":true", 10) != 0 || chunks < 2) { fprintf(stderr, "stream: %s\n", env); return 1; }
    literllm_free(env);
    literllm_client_free(c);
    printf("C consumer: chat and a %d-chunk stream\n", chunks);
    return 0;
}
