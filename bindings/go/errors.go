package literllm

import (
	"encoding/json"
	"fmt"
)

// Error is every failure of the library: one stable Label (see the README's table) plus
// what is known about it. Use errors.Is(err, ErrRateLimited) to test the label and
// errors.As(err, &e) to read the details.
type Error struct {
	Label      string   `json:"label"`
	Message    string   `json:"message"`
	Status     int      `json:"status,omitempty"`
	Retryable  bool     `json:"retryable"`
	RetryAfter *float64 `json:"retry_after,omitempty"`
	Provider   string   `json:"provider,omitempty"`
	Model      string   `json:"model,omitempty"`
	RequestID  string   `json:"request_id,omitempty"`
	// Meta says what was tried before the call failed (nil when it failed before that).
	Meta  *Meta `json:"-"`
	cause error
}

func (e *Error) Error() string {
	if e.Status != 0 {
		return fmt.Sprintf("liter_llm: %s (%d): %s", e.Label, e.Status, e.Message)
	}
	return fmt.Sprintf("liter_llm: %s: %s", e.Label, e.Message)
}

// Parents maps a label to the label it is a kind of (the header's table, the same in every
// binding): errors.Is(err, ErrInvalidRequest) holds for a context_window_exceeded error.
var Parents = map[string]string{
	"context_window_exceeded": "invalid_request",
	"content_policy":          "invalid_request",
	"service_unavailable":     "server_error",
}

// Is matches a sentinel of the error's label or of one of its parents.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	if !ok || t.Message != "" {
		return false
	}
	for l := e.Label; l != ""; l = Parents[l] {
		if t.Label == l {
			return true
		}
	}
	return false
}

// Unwrap gives the context error behind a cancelled or timed-out call, if any.
func (e *Error) Unwrap() error { return e.cause }

func sentinel(label string) *Error { return &Error{Label: label} }

// Sentinels, one per label: errors.Is(err, literllm.ErrRateLimited).
var (
	ErrInvalidRequest        = sentinel("invalid_request")
	ErrAuthentication        = sentinel("authentication")
	ErrPermissionDenied      = sentinel("permission_denied")
	ErrNotFound              = sentinel("not_found")
	ErrContextWindowExceeded = sentinel("context_window_exceeded")
	ErrContentPolicy         = sentinel("content_policy")
	ErrRateLimited           = sentinel("rate_limited")
	ErrBudgetExceeded        = sentinel("budget_exceeded")
	ErrTimeout               = sentinel("timeout")
	ErrConnection            = sentinel("connection")
	ErrServerError           = sentinel("server_error")
	ErrServiceUnavailable    = sentinel("service_unavailable")
	ErrStreamIncomplete      = sentinel("stream_incomplete")
	ErrInvalidResponse       = sentinel("invalid_response")
	ErrUnsupported           = sentinel("unsupported")
	ErrCancelled             = sentinel("cancelled")
	ErrInvalidArgument       = sentinel("invalid_argument")
	ErrInitFailed            = sentinel("init_failed")
	ErrInternal              = sentinel("internal")
	// ErrHookRejected: an OnRequest hook refused the call (nothing was sent).
	ErrHookRejected = sentinel("hook_rejected")
)

// Labels lists every sentinel by its label.
var Labels = map[string]*Error{}

func init() {
	for _, e := range []*Error{ErrInvalidRequest, ErrAuthentication, ErrPermissionDenied,
		ErrNotFound, ErrContextWindowExceeded, ErrContentPolicy, ErrRateLimited,
		ErrBudgetExceeded, ErrTimeout, ErrConnection, ErrServerError, ErrServiceUnavailable,
		ErrStreamIncomplete, ErrInvalidResponse, ErrUnsupported, ErrCancelled,
		ErrInvalidArgument, ErrInitFailed, ErrInternal, ErrHookRejected} {
		Labels[e.Label] = e
	}
}

type envelope struct {
	OK    bool            `json:"ok"`
	Data  json.RawMessage `json:"data"`
	Error *Error          `json:"error"`
	Meta  json.RawMessage `json:"meta"`
}

// check turns an envelope into its data or its *Error (the checked layer).
func check(raw []byte) (json.RawMessage, error) {
	data, _, err := checkMeta(raw)
	return data, err
}

// checkMeta is check that also returns the envelope's meta (set on the *Error too).
func checkMeta(raw []byte) (json.RawMessage, *Meta, error) {
	if raw == nil {
		return nil, nil, &Error{Label: "internal", Message: "the library returned no envelope"}
	}
	var env envelope
	if err := json.Unmarshal(raw, &env); err != nil {
		return nil, nil, &Error{Label: "internal", Message: "unreadable envelope: " + err.Error()}
	}
	meta := parseMeta(env.Meta)
	if !env.OK {
		if env.Error == nil {
			return nil, nil, &Error{Label: "internal", Message: "error envelope without error"}
		}
		env.Error.Meta = meta
		return nil, meta, env.Error
	}
	return env.Data, meta, nil
}
