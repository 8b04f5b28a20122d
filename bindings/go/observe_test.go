package literllm_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	literllm "github.com/liter-llm/liter_llm/bindings/go"
)

const (
	hostTrace = "4bf92f3577b34da6a3ce929d0e0e4736"
	hostSpan  = "00f067aa0ba902b7"
)

var chatReq = map[string]any{
	"model":    "openai/gpt-4o-mini",
	"messages": []map[string]any{{"role": "user", "content": "hi"}},
}

type span struct {
	Name     string `json:"name"`
	TraceID  string `json:"trace_id"`
	SpanID   string `json:"span_id"`
	ParentID string `json:"parent_span_id"`
}

func readSpans(t *testing.T, path string) []span {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []span
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var s span
		if err := json.Unmarshal(sc.Bytes(), &s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

func upstreamHeaders(t *testing.T, name, run string) []map[string]string {
	resp, err := http.Get(fmt.Sprintf("%s/_log/%s/%s", mockURL(t), name, run))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var entries []struct {
		Headers map[string]string `json:"headers"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&entries); err != nil {
		t.Fatal(err)
	}
	out := make([]map[string]string, len(entries))
	for i, e := range entries {
		out[i] = e.Headers
	}
	return out
}

// A traceparent on the Go context becomes the parent of the engine's spans and reaches the
// provider; Config.TraceContext reads one from the context the same way.
func TestTraceContextFromGo(t *testing.T) {
	for _, viaConfig := range []bool{false, true} {
		t.Run(fmt.Sprintf("viaConfig=%v", viaConfig), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "spans.jsonl")
			cfg, run := caseConfig(t, "chat_basic", nil)
			cfg.Telemetry = &literllm.Telemetry{Exporter: "jsonl", Path: path}
			tp := "00-" + hostTrace + "-" + hostSpan + "-01"
			ctx := context.Background()
			type hostSpanKey struct{}
			if viaConfig {
				ctx = context.WithValue(ctx, hostSpanKey{}, tp)
				cfg.TraceContext = func(ctx context.Context) (string, string) {
					s, _ := ctx.Value(hostSpanKey{}).(string)
					return s, "vendor=1"
				}
			} else {
				ctx = literllm.WithTraceContext(ctx, tp, "vendor=1")
			}
			c, err := literllm.NewClient(cfg)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := c.Call(ctx, "chat", chatReq); err != nil {
				t.Fatal(err)
			}
			c.Close() // flushes the spans
			var call *span
			spans := readSpans(t, path)
			for i := range spans {
				if spans[i].ParentID == hostSpan && spans[i].TraceID == hostTrace {
					call = &spans[i]
				}
			}
			if call == nil {
				t.Fatalf("no span has the host's span as parent: %+v", spans)
			}
			var attempt *span
			for i := range spans {
				if spans[i].ParentID == call.SpanID {
					attempt = &spans[i]
				}
			}
			if attempt == nil {
				t.Fatalf("no attempt span under the call span: %+v", spans)
			}
			hdrs := upstreamHeaders(t, "chat_basic", run)
			want := "00-" + hostTrace + "-" + attempt.SpanID + "-01"
			if len(hdrs) != 1 || hdrs[0]["traceparent"] != want || hdrs[0]["tracestate"] != "vendor=1" {
				t.Fatalf("upstream trace headers %v, want traceparent %s", hdrs, want)
			}
		})
	}
}

func TestHooksAndMetrics(t *testing.T) {
	cfg, run := caseConfig(t, "chat_basic", nil)
	cfg.Telemetry = &literllm.Telemetry{Metrics: true}
	c, err := literllm.NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var mu sync.Mutex
	var seen []literllm.HookEvent
	keep := func(ev literllm.HookEvent) { mu.Lock(); seen = append(seen, ev); mu.Unlock() }
	if err := c.OnRequest(func(ev literllm.HookEvent) error {
		keep(ev)
		if strings.Contains(string(ev.Request), "forbidden") {
			return errors.New("blocked by policy")
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if err := c.OnResponse(keep); err != nil {
		t.Fatal(err)
	}
	if err := c.OnError(keep); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := c.Call(ctx, "chat", chatReq); err != nil {
		t.Fatal(err)
	}
	bad := map[string]any{"model": "openai/gpt-4o-mini",
		"messages": []map[string]any{{"role": "user", "content": "forbidden"}}}
	_, err = c.Call(ctx, "chat", bad)
	var e *literllm.Error
	if !errors.Is(err, literllm.ErrHookRejected) || !errors.As(err, &e) || !strings.Contains(e.Message, "blocked by policy") {
		t.Fatalf("want ErrHookRejected, got %v", err)
	}
	if n := len(upstreamHeaders(t, "chat_basic", run)); n != 1 {
		t.Fatalf("the refused call reached the provider: %d requests", n)
	}
	mu.Lock()
	hooks := make([]string, len(seen))
	for i, ev := range seen {
		hooks[i] = ev.Hook
		if strings.Contains(string(ev.Raw), "test-key") {
			t.Errorf("a hook saw the key: %s", ev.Raw)
		}
	}
	mu.Unlock()
	if got := strings.Join(hooks, ","); got != "on_request,on_response,on_request,on_error" {
		t.Fatalf("hooks ran: %s", got)
	}
	if seen[1].RequestID != seen[0].RequestID || len(seen[1].Response) == 0 || seen[3].Error.Label != "hook_rejected" {
		t.Fatalf("events: %+v", seen)
	}
	if err := c.OnRequest(nil); err != nil { // removed: the same request now goes out
		t.Fatal(err)
	}
	if _, err := c.Call(ctx, "chat", bad); err != nil {
		t.Fatal(err)
	}
	text, err := c.Metrics(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`liter_llm_requests_total{op="chat",provider="openai",model="openai/gpt-4o-mini",deployment="",outcome="ok"} 2`,
		`liter_llm_requests_total{op="chat",provider="",model="openai/gpt-4o-mini",deployment="",outcome="hook_rejected"} 1`,
	} {
		if !strings.Contains(text, want) {
			t.Fatalf("metrics lack %s:\n%s", want, text)
		}
	}
}
