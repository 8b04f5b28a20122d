package literllm

/*
#include <stdint.h>
#include <stdlib.h>
char *ll_client_set_hook(uint64_t c, const char *event, uintptr_t h);
char *ll_client_clear_hook(uint64_t c, const char *event);
*/
import "C"

import (
	"context"
	"encoding/json"
	"runtime/cgo"
	"unsafe"
)

// Telemetry turns on the engine's observability: Prometheus metrics (read with
// Client.Metrics), OpenTelemetry GenAI spans and metrics (exported by the engine itself:
// Exporter "otlp" to Endpoint, or "jsonl" to Path), and structured JSON logs.
type Telemetry struct {
	Metrics bool `json:"metrics,omitempty"`
	OTel    bool `json:"otel,omitempty"`
	// Exporter: "otlp" (OTLP/HTTP to Endpoint, e.g. "http://collector:4318") or "jsonl"
	// (one JSON object per span appended to Path).
	Exporter       string `json:"exporter,omitempty"`
	Endpoint       string `json:"endpoint,omitempty"`
	Path           string `json:"path,omitempty"`
	ServiceName    string `json:"service_name,omitempty"`
	CaptureContent bool   `json:"capture_content,omitempty"`
	// LogLevel ("debug", "info", "warning", "error") writes JSON log lines to LogFile
	// (stderr when empty). Keys and tokens are never written.
	LogLevel string `json:"log_level,omitempty"`
	LogFile  string `json:"log_file,omitempty"`
}

type traceKey struct{}

type traceContext struct{ parent, state string }

// WithTraceContext returns a context whose calls carry this W3C trace context: the
// engine's spans become children of the span traceparent names, and providers receive it.
// With OpenTelemetry for Go, Config.TraceContext can read it from the context instead.
func WithTraceContext(ctx context.Context, traceparent, tracestate string) context.Context {
	return context.WithValue(ctx, traceKey{}, traceContext{traceparent, tracestate})
}

// traceOf is the W3C trace context of a call: WithTraceContext's, else the config's reader.
func (c *Client) traceOf(ctx context.Context) (string, string) {
	if tc, ok := ctx.Value(traceKey{}).(traceContext); ok {
		return tc.parent, tc.state
	}
	if c.trace != nil {
		return c.trace(ctx)
	}
	return "", ""
}

// HookEvent is what a hook sees of one call, with every secret removed.
type HookEvent struct {
	Hook      string `json:"hook"` // "on_request", "on_response" or "on_error"
	RequestID string `json:"request_id"`
	Op        string `json:"op"`
	Stream    bool   `json:"stream"`
	Model     string `json:"model"`
	// Request and Options (on_request), Response (on_response; a stream's final answer).
	Request  json.RawMessage `json:"request,omitempty"`
	Options  json.RawMessage `json:"options,omitempty"`
	Response json.RawMessage `json:"response,omitempty"`
	// Error (on_error) and Meta (on_response, on_error).
	Error *Error          `json:"error,omitempty"`
	Meta  json.RawMessage `json:"meta,omitempty"`
	// Raw is the whole event as the library sent it.
	Raw json.RawMessage `json:"-"`
}

type hook struct {
	request func(HookEvent) error
	observe func(HookEvent)
}

// OnRequest sets the hook run before each call is sent (nil removes it). A non-nil error
// refuses the call: it fails with ErrHookRejected, whose message is the error's text.
// Hooks run on a library worker thread, concurrently for concurrent calls.
func (c *Client) OnRequest(f func(HookEvent) error) error {
	if f == nil {
		return c.setHook("on_request", nil)
	}
	return c.setHook("on_request", &hook{request: f})
}

// OnResponse sets the hook run after each answered call (nil removes it).
func (c *Client) OnResponse(f func(HookEvent)) error {
	if f == nil {
		return c.setHook("on_response", nil)
	}
	return c.setHook("on_response", &hook{observe: f})
}

// OnError sets the hook run after each failed call (nil removes it).
func (c *Client) OnError(f func(HookEvent)) error {
	if f == nil {
		return c.setHook("on_error", nil)
	}
	return c.setHook("on_error", &hook{observe: f})
}

func (c *Client) setHook(event string, hk *hook) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.handle == 0 {
		return &Error{Label: "invalid_argument", Message: "client is closed"}
	}
	ev := C.CString(event)
	defer C.free(unsafe.Pointer(ev))
	if hk == nil {
		_, err := check(takeEnvelope(C.ll_client_clear_hook(C.uint64_t(c.handle), ev)))
		return err
	}
	h := cgo.NewHandle(hk)
	if _, err := check(takeEnvelope(C.ll_client_set_hook(C.uint64_t(c.handle), ev, C.uintptr_t(h)))); err != nil {
		h.Delete()
		return err
	}
	// a replaced hook may still be running for a call in flight: its handle lives until Close
	c.hooks = append(c.hooks, h)
	return nil
}

// Metrics returns the client's Prometheus metrics in the text exposition format
// (Config.Telemetry.Metrics must be on).
func (c *Client) Metrics(ctx context.Context) (string, error) {
	data, err := c.Call(ctx, "metrics", map[string]any{})
	if err != nil {
		return "", err
	}
	var out struct {
		Text string `json:"text"`
	}
	if err := json.Unmarshal(data, &out); err != nil {
		return "", &Error{Label: "invalid_response", Message: err.Error()}
	}
	return out.Text, nil
}
