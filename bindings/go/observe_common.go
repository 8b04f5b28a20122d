package literllm

import (
	"context"
	"encoding/json"
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
