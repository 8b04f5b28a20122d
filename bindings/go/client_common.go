package literllm

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"time"
)

// Config configures a Client; zero values take the library's defaults. Keys are read from
// each provider's environment variable unless APIKey is set.
type Config struct {
	Provider   string            `json:"provider,omitempty"`
	APIKey     string            `json:"api_key,omitempty"`
	APIKeyEnv  string            `json:"api_key_env,omitempty"`
	BaseURL    string            `json:"base_url,omitempty"`
	Headers    map[string]string `json:"headers,omitempty"`
	MaxRetries *int              `json:"max_retries,omitempty"`
	// Timeout bounds a whole call by default (every attempt, retry wait and fallback).
	Timeout time.Duration `json:"-"`
	// ConnectTimeout bounds connecting; ReadTimeout the wait for a response's next bytes;
	// StreamIdleTimeout the wait for a stream's next chunk.
	ConnectTimeout    time.Duration `json:"-"`
	ReadTimeout       time.Duration `json:"-"`
	StreamIdleTimeout time.Duration `json:"-"`
	Fallbacks         []string      `json:"fallbacks,omitempty"`
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

// MarshalJSON writes durations as seconds, and Extra beside the named fields (a named
// field wins).
func (c Config) MarshalJSON() ([]byte, error) {
	b, err := secondsJSON(plainConfig(c), map[string]time.Duration{
		"timeout": c.Timeout, "connect_timeout": c.ConnectTimeout,
		"read_timeout": c.ReadTimeout, "stream_idle_timeout": c.StreamIdleTimeout,
	})
	return withExtra(b, err, c.Extra)
}

// UnmarshalJSON reads durations from seconds (a config file's keys, as in the C header).
func (c *Config) UnmarshalJSON(b []byte) error {
	var p plainConfig
	err := unmarshalSeconds(b, &p, map[string]*time.Duration{
		"timeout": &p.Timeout, "connect_timeout": &p.ConnectTimeout,
		"read_timeout": &p.ReadTimeout, "stream_idle_timeout": &p.StreamIdleTimeout,
	})
	*c = Config(p)
	return err
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
	hooks  []func() // deleters of the hooks set, run by Close
	fake   *Fake    // a test double's answers instead of the library (NewFake)
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
func (c *Client) Call(ctx context.Context, op string, req any, opts ...CallOption) (json.RawMessage, error) {
	data, _, err := c.CallWithMeta(ctx, op, req, opts...)
	return data, err
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
func callInto[T any](c *Client, ctx context.Context, op string, req any, set func(*T, json.RawMessage, *Meta), opts ...CallOption) (*T, error) {
	data, meta, err := c.CallWithMeta(ctx, op, req, opts...)
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
func (c *Client) Chat(ctx context.Context, req *ChatRequest, opts ...CallOption) (*ChatCompletion, error) {
	if req == nil {
		return nil, &Error{Label: "invalid_argument", Message: "nil request"}
	}
	return callInto(c, ctx, "chat", req, func(o *ChatCompletion, raw json.RawMessage, m *Meta) { o.Raw, o.Meta = raw, m }, opts...)
}

// Embed returns embeddings of the request's inputs.
func (c *Client) Embed(ctx context.Context, req *EmbeddingRequest, opts ...CallOption) (*EmbeddingResponse, error) {
	if req == nil {
		return nil, &Error{Label: "invalid_argument", Message: "nil request"}
	}
	return callInto(c, ctx, "embed", req, func(o *EmbeddingResponse, raw json.RawMessage, m *Meta) { o.Raw, o.Meta = raw, m }, opts...)
}

// Models lists the models of a provider ("" for the client's default provider).
func (c *Client) Models(ctx context.Context, provider string, opts ...CallOption) (*ModelList, error) {
	req := map[string]any{}
	if provider != "" {
		req["provider"] = provider
	}
	return callInto(c, ctx, "models", req, func(o *ModelList, raw json.RawMessage, m *Meta) { o.Raw, o.Meta = raw, m }, opts...)
}
