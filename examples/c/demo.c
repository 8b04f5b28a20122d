/* The main job through the C ABI: a chat, a streamed answer token by token, usage, and a
 * typed error. Against the mock provider (LITER_LLM_MOCK_URL) unless LITER_LLM_DEMO_MODEL or
 * OPENAI_API_KEY is set, in which case it calls the real provider. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "liter_llm.h"

static const char *model = "gpt-4o-mini";
static const char *mock;

static uint64_t client_for(const char *scene) {
    char cfg[1024]; uint64_t h = 0;
    if (mock) snprintf(cfg, sizeof cfg, "{\"base_url\":\"%s/s/demo_%s/run%d/v1\"}", mock, scene, rand());
    else snprintf(cfg, sizeof cfg, "{\"max_retries\":2}");
    char *env = literllm_client_new(cfg, &h);
    if (!h) { fprintf(stderr, "client_new failed: %s\n", env); exit(1); }
    literllm_free(env);
    return h;
}

static char *chat_request(const char *prompt, const char *extra) {
    char *req = malloc(2048);
    snprintf(req, 2048, "{\"model\":\"%s\",\"messages\":[{\"role\":\"user\",\"content\":\"%s\"}]%s}",
             model, prompt, extra);
    return req;
}

static void print_usage(const cJSON *resp) {
    const cJSON *u = cJSON_GetObjectItem(resp, "usage");
    if (u) printf("   usage: %d prompt + %d completion = %d tokens\n",
                  cJSON_GetObjectItem(u, "prompt_tokens")->valueint,
                  cJSON_GetObjectItem(u, "completion_tokens")->valueint,
                  cJSON_GetObjectItem(u, "total_tokens")->valueint);
}

static int on_chunk(const char *chunk, size_t len, void *ud) {
    (void)len; (void)ud;
    cJSON *c = cJSON_Parse(chunk);
    const cJSON *choice = cJSON_GetArrayItem(cJSON_GetObjectItem(c, "choices"), 0);
    const cJSON *content = cJSON_GetObjectItem(cJSON_GetObjectItem(choice, "delta"), "content");
    if (cJSON_IsString(content)) { printf("%s", content->valuestring); fflush(stdout); }
    cJSON_Delete(c);
    return 0;
}

int main(void) {
    mock = getenv("LITER_LLM_MOCK_URL");
    if (getenv("LITER_LLM_DEMO_MODEL")) { model = getenv("LITER_LLM_DEMO_MODEL"); mock = NULL; }
    else if (getenv("OPENAI_API_KEY")) { model = "openai/gpt-4o-mini"; mock = NULL; }
    else if (!mock) { fprintf(stderr, "no provider key and no LITER_LLM_MOCK_URL: run `make demo`\n"); return 2; }

    char *v = literllm_version();
    cJSON *vj = cJSON_Parse(v);
    const cJSON *d = cJSON_GetObjectItem(vj, "data");
    printf("liter_llm %s (C ABI %d, embedded Python %s) -> %s\n\n",
           cJSON_GetObjectItem(d, "library")->valuestring, literllm_abi_version(),
           cJSON_GetObjectItem(d, "python")->valuestring, mock ? mock : model);
    cJSON_Delete(vj); literllm_free(v);

    /* 1. chat */
    uint64_t c = client_for("chat");
    char *req = chat_request("What is the capital of France?", "");
    char *out = literllm_call(c, "chat", req);
    cJSON *o = cJSON_Parse(out);
    if (!cJSON_IsTrue(cJSON_GetObjectItem(o, "ok"))) { fprintf(stderr, "chat failed: %s\n", out); return 1; }
    const cJSON *msg = cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetObjectItem(o, "data"), "choices"), 0), "message");
    printf("1. chat\n   > What is the capital of France?\n   < %s\n", cJSON_GetObjectItem(msg, "content")->valuestring);
    print_usage(cJSON_GetObjectItem(o, "data"));
    cJSON_Delete(o); literllm_free(out); free(req); literllm_client_free(c);

    /* 2. stream, token by token */
    c = client_for("stream");
    req = chat_request("Stream a short sentence.", "");
    printf("\n2. stream\n   < ");
    out = literllm_stream(c, "chat", req, on_chunk, NULL);
    o = cJSON_Parse(out);
    if (!cJSON_IsTrue(cJSON_GetObjectItem(o, "ok"))) { fprintf(stderr, "\nstream failed: %s\n", out); return 1; }
    const cJSON *ch = cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetObjectItem(o, "data"), "choices"), 0);
    printf("\n   finish_reason: %s\n", cJSON_GetObjectItem(ch, "finish_reason")->valuestring);
    print_usage(cJSON_GetObjectItem(o, "data"));
    cJSON_Delete(o); literllm_free(out); free(req); literllm_client_free(c);

    /* 3. a typed error */
    c = client_for("error");
    if (mock) req = chat_request("(a very long prompt)", "");
    else { req = malloc(256);
           snprintf(req, 256, "{\"model\":\"%s\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_retries\":0,\"temperature\":9}", model); }
    out = literllm_call(c, "chat", req);
    o = cJSON_Parse(out);
    const cJSON *e = cJSON_GetObjectItem(o, "error");
    printf("\n3. typed error\n   label=%s status=%d retryable=%s request_id=%s\n   message: %s\n",
           cJSON_GetObjectItem(e, "label")->valuestring,
           cJSON_GetObjectItem(e, "status") ? cJSON_GetObjectItem(e, "status")->valueint : 0,
           cJSON_IsTrue(cJSON_GetObjectItem(e, "retryable")) ? "yes" : "no",
           cJSON_GetObjectItem(e, "request_id") ? cJSON_GetObjectItem(e, "request_id")->valuestring : "-",
           cJSON_GetObjectItem(e, "message")->valuestring);
    cJSON_Delete(o); literllm_free(out); free(req); literllm_client_free(c);
    literllm_shutdown();
    return 0;
}
