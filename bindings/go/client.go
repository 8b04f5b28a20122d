// Package literllm is the Go binding of liter_llm: one LLM client for every provider, with
// retries, fallbacks and typed errors, over the libliter_llm C ABI.
//
// Calls run through the library's async ABI: a goroutine waiting for a response parks no OS
// thread, and cancelling its context cancels the upstream request. A Client is safe for
// concurrent use by many goroutines.
package literllm

/*
#include <stdint.h>
#include <stdlib.h>
#include "liter_llm.h"
char *ll_version(void);
char *ll_client_new(const char *c, uint64_t *out);
void ll_client_free(uint64_t c);
char *ll_call(uint64_t c, const char *op, const char *r);
char *ll_stream_open(uint64_t c, const char *op, const char *r, uint64_t *out);
char *ll_stream_next_async(uint64_t s, uintptr_t h);
void ll_stream_free(uint64_t s);
char *ll_call_async(uint64_t c, const char *op, const char *r, uintptr_t h);
char *ll_cancel(uint64_t c, uint64_t id);
void ll_shutdown(void);
*/
import "C"

import (
	"context"
	"encoding/json"
	"errors"
	"runtime/cgo"
	"sync"
	"time"
	"unsafe"
)

// Config configures a Client; zero values take the library's defaults. Keys are read from
// each provider's environment variable unless APIKey is set.
type Config struct {
	Provider          string            `json:"provider,omitempty"`
	APIKey            string            `json:"api_key,omitempty"`
	APIKeyEnv         string            `json:"api_key_env,omitempty"`
	BaseURL           string            `json:"base_url,omitempty"`
	Headers           map[string]string `json:"headers,omitempty"`
	MaxRetries        *int              `json:"max_retries,omitempty"`
	Timeout           float64           `json:"timeout,omitempty"`
	ConnectTimeout    float64           `json:"connect_timeout,omitempty"`
	ReadTimeout       float64           `json:"read_timeout,omitempty"`
	StreamIdleTimeout float64           `json:"stream_idle_timeout,omitempty"`
	Fallbacks         []string          `json:"fallbacks,omitempty"`
	// Providers overrides or declares providers by name: api_key, api_key_env, base_url,
	// headers, and provider settings (api_version, region, project, ...; see the README).
	Providers      map[string]map[string]any `json:"providers,omitempty"`
	MaxConnections int                       `json:"max_connections,omitempty"`
	// DropParams drops request parameters a provider cannot take instead of refusing them.
	DropParams bool `json:"drop_params,omitempty"`
	// Deployments are model groups the router spreads requests over (see Router).
	Deployments []Deployment `json:"deployments,omitempty"`
	Router      *Router      `json:"router,omitempty"`
	// ContextWindowFallbacks are tried after a context_window_exceeded error,
	// ContentPolicyFallbacks after a content_policy one (else Fallbacks).
	ContextWindowFallbacks []string  `json:"context_window_fallbacks,omitempty"`
	ContentPolicyFallbacks []string  `json:"content_policy_fallbacks,omitempty"`
	MaxFallbacks           *int      `json:"max_fallbacks,omitempty"`
	Cooldown               *Cooldown `json:"cooldown,omitempty"`
	Health                 *Health   `json:"health,omitempty"`
	// Pricing overrides or adds prices: {"provider/model": {"input_mtok": "0.5", ...}}.
	Pricing map[string]map[string]any `json:"pricing,omitempty"`
	// TokenizersDir is the first folder searched for tokenizer files.
	TokenizersDir string `json:"tokenizers_dir,omitempty"`
	// ContextCheck false turns off the pre-call context-window check.
	ContextCheck *bool `json:"context_check,omitempty"`
	// RateLimits, OnLimit ("wait" or "reject"), MaxInFlight, Budgets and Cache keep their
	// state in this process, or in Redis when State names one (shared by every process).
	RateLimits  []RateLimit    `json:"rate_limits,omitempty"`
	OnLimit     string         `json:"on_limit,omitempty"`
	MaxInFlight map[string]int `json:"max_in_flight,omitempty"`
	Budgets     []Budget       `json:"budgets,omitempty"`
	Cache       *CacheConfig   `json:"cache,omitempty"`
	State       *StateConfig   `json:"state,omitempty"`
	// Telemetry: Prometheus metrics, OpenTelemetry spans, structured logs.
	Telemetry *Telemetry `json:"telemetry,omitempty"`
	// TraceContext reads the W3C trace context of a call from its context (for example
	// with OpenTelemetry's propagator); WithTraceContext on the context takes precedence.
	TraceContext func(context.Context) (traceparent, tracestate string) `json:"-"`
	// Extra holds config keys this struct has no field for (written beside the others).
	Extra map[string]any `json:"-"`
}

type plainConfig Config

// MarshalJSON writes Extra beside the named fields (a named field wins).
func (c Config) MarshalJSON() ([]byte, error) {
	b, err := json.Marshal(plainConfig(c))
	return withExtra(b, err, c.Extra)
}

// withExtra adds extra's keys to the JSON object b (a key b already has wins).
func withExtra(b []byte, err error, extra map[string]any) ([]byte, error) {
	if err != nil || len(extra) == 0 {
		return b, err
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	for k, v := range extra {
		if _, named := m[k]; !named {
			m[k] = v
		}
	}
	return json.Marshal(m)
}

// Client is a configuration plus its own connection pool inside the library.
type Client struct {
	mu     sync.RWMutex
	handle uint64
	trace  func(context.Context) (string, string)
	hooks  []cgo.Handle // the hooks set, freed by Close
}

// Version returns the library's version information.
func Version() (map[string]any, error) {
	if err := load(); err != nil {
		return nil, err
	}
	data, err := check(takeEnvelope(C.ll_version()))
	if err != nil {
		return nil, err
	}
	var v map[string]any
	return v, json.Unmarshal(data, &v)
}

// NewClient creates a client. Close it when done.
func NewClient(cfg Config) (*Client, error) {
	if err := load(); err != nil {
		return nil, err
	}
	b, err := json.Marshal(cfg)
	if err != nil {
		return nil, &Error{Label: "invalid_argument", Message: err.Error()}
	}
	cs := cstr(b)
	defer C.free(unsafe.Pointer(cs))
	var h C.uint64_t
	if _, err := check(takeEnvelope(C.ll_client_new(cs, &h))); err != nil {
		return nil, err
	}
	return &Client{handle: uint64(h), trace: cfg.TraceContext}, nil
}

// Close frees the client; in-flight calls end with ErrCancelled. Closing twice is harmless.
func (c *Client) Close() error {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	h := c.handle
	c.handle = 0
	hooks := c.hooks
	c.hooks = nil
	c.mu.Unlock()
	if h != 0 {
		C.ll_client_free(C.uint64_t(h))
	}
	for _, hk := range hooks {
		hk.Delete()
	}
	return nil
}

// Shutdown stops the library's I/O thread; call it before exit after heavy use (optional).
func Shutdown() {
	if load() == nil {
		C.ll_shutdown()
	}
}

func (c *Client) live() (uint64, error) {
	if c == nil {
		return 0, &Error{Label: "invalid_argument", Message: "nil client"}
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.handle == 0 {
		return 0, &Error{Label: "invalid_argument", Message: "client is closed"}
	}
	return c.handle, nil
}

// prepare checks the client and encodes the request.
func (c *Client) prepare(ctx context.Context, req any) (uint64, []byte, error) {
	h, err := c.live()
	if err != nil {
		return 0, nil, err
	}
	body, err := marshal(req)
	if err != nil {
		return h, nil, err
	}
	tp, ts := c.traceOf(ctx)
	return h, withCallOptions(ctx, body, tp, ts), nil
}

// withCallOptions adds what the context says about a call to its request: ctx's deadline
// as the request's "timeout" (the engine's per-call deadline) unless the request asks for
// less, so the HTTP engine aborts the upstream request itself at the deadline, closing its
// connection, even while the provider has not answered yet; and the W3C trace context
// (traceparent, tracestate) unless the request has its own.
func withCallOptions(ctx context.Context, body []byte, traceparent, tracestate string) []byte {
	dl, hasDeadline := ctx.Deadline()
	if (!hasDeadline && traceparent == "") || len(body) == 0 || body[0] != '{' {
		return body
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(body, &m) != nil {
		return body
	}
	changed := false
	if hasDeadline {
		left := time.Until(dl).Seconds()
		if left <= 0 {
			left = 0.001
		}
		var t float64
		if raw, set := m["timeout"]; !set || json.Unmarshal(raw, &t) != nil || t <= 0 || t > left {
			m["timeout"], _ = json.Marshal(left)
			changed = true
		}
	}
	if _, set := m["traceparent"]; traceparent != "" && !set {
		m["traceparent"], _ = json.Marshal(traceparent)
		if tracestate != "" {
			m["tracestate"], _ = json.Marshal(tracestate)
		}
		changed = true
	}
	if !changed {
		return body
	}
	out, err := json.Marshal(m)
	if err != nil {
		return body
	}
	return out
}

func marshal(req any) ([]byte, error) {
	if req == nil {
		return nil, &Error{Label: "invalid_argument", Message: "nil request"}
	}
	switch r := req.(type) {
	case json.RawMessage:
		return r, nil
	case []byte:
		return r, nil
	case string:
		return []byte(r), nil
	}
	b, err := json.Marshal(req)
	if err != nil {
		return nil, &Error{Label: "invalid_argument", Message: err.Error()}
	}
	if string(b) == "null" {
		return nil, &Error{Label: "invalid_argument", Message: "nil request"}
	}
	return b, nil
}

// Call runs any op of the C ABI ("chat", "embed", "models", "moderate", "images", ...)
// with a request (a struct, map or raw JSON) and returns the response's raw JSON.
// Cancelling ctx cancels the upstream request; the error then wraps ctx.Err().
func (c *Client) Call(ctx context.Context, op string, req any) (json.RawMessage, error) {
	data, _, err := c.CallWithMeta(ctx, op, req)
	return data, err
}

// CallWithMeta is Call that also returns how the call was served (deployment, attempts,
// fallbacks, latency). A failed call's *Error carries its Meta too.
func (c *Client) CallWithMeta(ctx context.Context, op string, req any) (json.RawMessage, *Meta, error) {
	h, body, err := c.prepare(ctx, req)
	if err != nil {
		return nil, nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, ctxError(err)
	}
	cop, creq := C.CString(op), cstr(body)
	defer C.free(unsafe.Pointer(cop))
	defer C.free(unsafe.Pointer(creq))
	done := make(chan []byte, 1)
	handle := cgo.NewHandle(done)
	accepted, err := check(gated(func() []byte {
		return takeEnvelope(C.ll_call_async(C.uint64_t(h), cop, creq, C.uintptr_t(handle)))
	}))
	if err != nil {
		handle.Delete() // done is never called for a refused call
		return nil, nil, err
	}
	var ack struct {
		RequestID uint64 `json:"request_id"`
	}
	_ = json.Unmarshal(accepted, &ack)
	select {
	case env := <-done:
		data, meta, err := checkMeta(env)
		if err != nil {
			if ctxErr := contextEnded(ctx, err); ctxErr != nil {
				return nil, nil, ctxErr
			}
		}
		return data, meta, err
	case <-ctx.Done():
		gated(func() []byte { return takeEnvelope(C.ll_cancel(C.uint64_t(h), C.uint64_t(ack.RequestID))) })
		env := <-done // the library always answers once; the handle is freed there
		if data, meta, err := checkMeta(env); err == nil {
			return data, meta, nil // it finished before the cancel took
		}
		return nil, nil, ctxError(ctx.Err())
	}
}

// contextEnded: the engine's own timeout at the context's deadline (it carries that deadline,
// see withCallOptions) is the context's deadline for the caller, so errors.Is works the same
// whichever of the two fired first.
func contextEnded(ctx context.Context, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return ctxError(ctxErr)
	}
	if dl, ok := ctx.Deadline(); ok && errors.Is(err, ErrTimeout) && time.Until(dl) < 50*time.Millisecond {
		return ctxError(context.DeadlineExceeded)
	}
	return nil
}

func ctxError(err error) error {
	label := "cancelled"
	if errors.Is(err, context.DeadlineExceeded) {
		label = "timeout"
	}
	return &Error{Label: label, Message: err.Error(), cause: err}
}

// callInto runs op and decodes its response into a new T; set keeps the raw JSON and meta.
func callInto[T any](c *Client, ctx context.Context, op string, req any, set func(*T, json.RawMessage, *Meta)) (*T, error) {
	data, meta, err := c.CallWithMeta(ctx, op, req)
	if err != nil {
		return nil, err
	}
	out := new(T)
	if err := json.Unmarshal(data, out); err != nil {
		return nil, &Error{Label: "invalid_response", Message: err.Error()}
	}
	if set != nil {
		set(out, data, meta)
	}
	return out, nil
}

// Chat sends a chat request and returns the completion.
func (c *Client) Chat(ctx context.Context, req *ChatRequest) (*ChatCompletion, error) {
	if req == nil {
		return nil, &Error{Label: "invalid_argument", Message: "nil request"}
	}
	return callInto(c, ctx, "chat", req, func(o *ChatCompletion, raw json.RawMessage, m *Meta) { o.Raw, o.Meta = raw, m })
}

// Embed returns embeddings of the request's inputs.
func (c *Client) Embed(ctx context.Context, req *EmbeddingRequest) (*EmbeddingResponse, error) {
	if req == nil {
		return nil, &Error{Label: "invalid_argument", Message: "nil request"}
	}
	return callInto(c, ctx, "embed", req, func(o *EmbeddingResponse, raw json.RawMessage, m *Meta) { o.Raw, o.Meta = raw, m })
}

// Models lists the models of a provider ("" for the client's default provider).
func (c *Client) Models(ctx context.Context, provider string) (*ModelList, error) {
	req := map[string]any{}
	if provider != "" {
		req["provider"] = provider
	}
	return callInto[ModelList](c, ctx, "models", req, nil)
}
