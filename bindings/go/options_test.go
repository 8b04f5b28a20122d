package literllm_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"testing"
	"time"

	literllm "github.com/liter-llm/liter_llm/bindings/go"
)

// Runs with CGO_ENABLED=0 too (make test-go): options are applied before the library.
func TestFakeCallOptions(t *testing.T) {
	ctx := context.Background()
	fake := literllm.NewFake().Answer("chat", answer("ok"))
	c := fake.Client()
	req := &literllm.ChatRequest{Model: "m", Messages: hi}
	if _, err := c.Chat(ctx, req, literllm.WithMaxRetries(1), literllm.WithTimeout(2500*time.Millisecond),
		literllm.WithFallbacks("a", "b"), literllm.WithCache(true, false, 0)); err != nil {
		t.Fatal(err)
	}
	var sent map[string]any
	_ = json.Unmarshal(fake.SentTo("chat")[0], &sent)
	if sent["max_retries"] != 1.0 || sent["timeout"] != 2.5 || fmt.Sprint(sent["fallbacks"]) != "[a b]" ||
		fmt.Sprint(sent["cache"]) != "map[no_cache:true]" {
		t.Fatalf("sent %v", sent)
	}
	_, err := c.Call(ctx, "chat", map[string]any{"model": "m", "max_retries": 3}, literllm.WithMaxRetries(1))
	if !errors.Is(err, literllm.ErrInvalidArgument) {
		t.Fatalf("a key set twice: %v", err)
	}
	for _, bad := range []literllm.CallOption{literllm.WithTimeout(0), literllm.WithMaxRetries(21), literllm.WithCache(false, false, -time.Second)} {
		if _, err := c.Chat(ctx, req, bad); !errors.Is(err, literllm.ErrInvalidArgument) {
			t.Fatalf("bad option: %v", err)
		}
	}
	if _, err := c.Call(ctx, "chat", []any{1}, literllm.WithMaxRetries(1)); !errors.Is(err, literllm.ErrInvalidArgument) {
		t.Fatalf("options on a non-object request: %v", err)
	}
}

// Durations are written as the seconds the library reads, and read back from them.
func TestFakeConfigDurations(t *testing.T) {
	cfg := literllm.Config{
		Timeout: 1500 * time.Millisecond, StreamIdleTimeout: 20 * time.Second,
		Cooldown:   &literllm.Cooldown{AllowedFails: 2, Window: time.Minute, Duration: 30 * time.Second},
		Health:     &literllm.Health{Interval: 10 * time.Second},
		RateLimits: []literllm.RateLimit{{Scope: "global", RPM: 5, Window: 2 * time.Minute}},
		Cache:      &literllm.CacheConfig{TTL: time.Hour},
		State:      &literllm.StateConfig{RedisURL: "redis://x", Timeout: 250 * time.Millisecond},
		Router:     &literllm.Router{Strategy: literllm.StrategyLatency, Window: 5 * time.Minute},
	}
	b, err := json.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	want := map[string]string{
		"timeout": "1.5", "stream_idle_timeout": "20", "cooldown": "map[allowed_fails:2 seconds:30 window:60]",
		"health": "map[interval:10]", "rate_limits": "[map[rpm:5 scope:global window:120]]",
		"cache": "map[ttl:3600]", "state": "map[redis_url:redis://x timeout:0.25]",
		"router": "map[strategy:latency window:300]",
	}
	for k, w := range want {
		if got := fmt.Sprint(m[k]); got != w {
			t.Errorf("%s: got %s, want %s", k, got, w)
		}
	}
	var back literllm.Config
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, cfg) {
		t.Fatalf("round trip:\n%+v\n%+v", back, cfg)
	}
	if _, err := json.Marshal(literllm.Config{ReadTimeout: -time.Second}); err == nil {
		t.Fatal("a negative duration was accepted")
	}
}

func TestOptionsReachTheCall(t *testing.T) {
	ctx := context.Background()
	cfg, run := caseConfig(t, "retry_503_then_ok", nil)
	c, err := literllm.NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_, err = c.Chat(ctx, &literllm.ChatRequest{Model: "m", Messages: hi}, literllm.WithMaxRetries(0))
	if !errors.Is(err, literllm.ErrServiceUnavailable) || !errors.Is(err, literllm.ErrServerError) {
		t.Fatalf("want service_unavailable, got %v", err)
	}
	if n := len(mockLog(t, "retry_503_then_ok", run)); n != 1 {
		t.Fatalf("%d attempts with WithMaxRetries(0)", n)
	}
	cfg, run = caseConfig(t, "chat_basic", nil)
	c2, err := literllm.NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer c2.Close()
	r, err := c2.Chat(ctx, &literllm.ChatRequest{Model: "openai/gpt-4o-mini", Messages: hi},
		literllm.WithExtraHeaders(map[string]string{"x-team": "search"}))
	if err != nil {
		t.Fatal(err)
	}
	if r.Meta.RequestID != "req_chat_basic" || r.Meta.RateLimit["x-ratelimit-remaining-requests"] != "4999" {
		t.Fatalf("meta %+v", r.Meta)
	}
	resp, err := http.Get(fmt.Sprintf("%s/_log/chat_basic/%s", mockURL(t), run))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var log []struct {
		Headers map[string]string `json:"headers"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&log)
	if len(log) != 1 || log[0].Headers["x-team"] != "search" {
		t.Fatalf("upstream headers %v", log)
	}
}

// Runs with CGO_ENABLED=0 too: base64 embeddings decode into the same vector.
func TestFakeBase64Embeddings(t *testing.T) {
	// 1.0 and -2.5 as little-endian float32s
	fake := literllm.NewFake().Answer("embed", map[string]any{"data": []any{
		map[string]any{"index": 0, "embedding": "AACAPwAAIMA="},
		map[string]any{"index": 1, "embedding": []float64{0.5, 0.25}},
	}})
	e, err := fake.Client().Embed(context.Background(), &literllm.EmbeddingRequest{Model: "m", Input: []string{"a", "b"}})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(e.Data[0].Embedding) != "[1 -2.5]" || fmt.Sprint(e.Data[1].Embedding) != "[0.5 0.25]" {
		t.Fatalf("vectors %v %v", e.Data[0].Embedding, e.Data[1].Embedding)
	}
	bad := literllm.NewFake().Answer("embed", map[string]any{"data": []any{map[string]any{"embedding": "!!"}}})
	if _, err := bad.Client().Embed(context.Background(), &literllm.EmbeddingRequest{Model: "m", Input: "a"}); !errors.Is(err, literllm.ErrInvalidResponse) {
		t.Fatalf("bad base64: %v", err)
	}
}
