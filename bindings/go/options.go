package literllm

import (
	"encoding/json"
	"time"
)

// CallOption sets an option of one call over the client's configuration: pass any number
// to Chat, Embed, ChatStream, Call and the endpoint methods. An option the request itself
// also sets is an ErrInvalidArgument, never an overwrite.
type CallOption func(*callOptions)

type callOptions struct {
	set map[string]any
	err error
}

func (o *callOptions) put(k string, v any) {
	if o.set == nil {
		o.set = map[string]any{}
	}
	o.set[k] = v
}

func (o *callOptions) fail(msg string) {
	if o.err == nil {
		o.err = &Error{Label: "invalid_argument", Message: msg}
	}
}

// WithTimeout bounds the whole call (every attempt, retry wait and fallback). A context
// deadline bounds it too; the earlier one wins.
func WithTimeout(d time.Duration) CallOption {
	return func(o *callOptions) {
		if d <= 0 {
			o.fail("WithTimeout needs a positive duration")
			return
		}
		o.put("timeout", d.Seconds())
	}
}

// WithMaxRetries sets the retries of retryable failures (0..20).
func WithMaxRetries(n int) CallOption {
	return func(o *callOptions) {
		if n < 0 || n > 20 {
			o.fail("WithMaxRetries needs 0..20")
			return
		}
		o.put("max_retries", n)
	}
}

// WithFallbacks sets the models tried in order after the first fails.
func WithFallbacks(models ...string) CallOption {
	return func(o *callOptions) { o.put("fallbacks", models) }
}

// WithExtraHeaders adds headers to the upstream request.
func WithExtraHeaders(h map[string]string) CallOption {
	return func(o *callOptions) { o.put("extra_headers", h) }
}

// WithExtraBody merges fields into the upstream body as they are.
func WithExtraBody(b map[string]any) CallOption {
	return func(o *callOptions) { o.put("extra_body", b) }
}

// WithAPIKey sets this call's API key.
func WithAPIKey(key string) CallOption { return func(o *callOptions) { o.put("api_key", key) } }

// WithBaseURL sets this call's base URL.
func WithBaseURL(url string) CallOption { return func(o *callOptions) { o.put("base_url", url) } }

// WithDropParams drops parameters the provider cannot take instead of refusing them.
func WithDropParams(drop bool) CallOption { return func(o *callOptions) { o.put("drop_params", drop) } }

// WithCache controls the response cache for this call: skip reading it, skip writing it,
// and how long to keep this answer (0: the configured TTL).
func WithCache(noCache, noStore bool, ttl time.Duration) CallOption {
	return func(o *callOptions) {
		c := map[string]any{}
		if noCache {
			c["no_cache"] = true
		}
		if noStore {
			c["no_store"] = true
		}
		if ttl < 0 {
			o.fail("WithCache needs a TTL of 0 or more")
			return
		}
		if ttl > 0 {
			c["ttl"] = ttl.Seconds()
		}
		o.put("cache", c)
	}
}

// WithOption sets any per-call option of the C header by its key.
func WithOption(key string, value any) CallOption {
	return func(o *callOptions) { o.put(key, value) }
}

// applyOptions returns the request with the options' keys added, as JSON.
func applyOptions(req any, opts []CallOption) (any, error) {
	if len(opts) == 0 {
		return req, nil
	}
	var o callOptions
	for _, opt := range opts {
		opt(&o)
	}
	if o.err != nil {
		return nil, o.err
	}
	if len(o.set) == 0 {
		return req, nil
	}
	body, err := marshal(req)
	if err != nil {
		return nil, err
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(body, &m) != nil || m == nil {
		return nil, &Error{Label: "invalid_argument", Message: "request must be a JSON object"}
	}
	for k, v := range o.set {
		if _, dup := m[k]; dup {
			return nil, &Error{Label: "invalid_argument", Message: "\"" + k + "\" is set both in the request and as a CallOption"}
		}
		raw, err := json.Marshal(v)
		if err != nil {
			return nil, &Error{Label: "invalid_argument", Message: err.Error()}
		}
		m[k] = raw
	}
	out, err := json.Marshal(m)
	return json.RawMessage(out), err
}

// unmarshalSeconds reads the JSON b into v (a struct without methods) and the seconds
// under keys into their durations.
func unmarshalSeconds(b []byte, v any, d map[string]*time.Duration) error {
	if err := json.Unmarshal(b, v); err != nil {
		return err
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	for k, p := range d {
		if raw, ok := m[k]; ok && string(raw) != "null" {
			var s float64
			if err := json.Unmarshal(raw, &s); err != nil {
				return &Error{Label: "invalid_argument", Message: k + " must be seconds: " + err.Error()}
			}
			*p = seconds(s)
		}
	}
	return nil
}

func seconds(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }

// secondsJSON is v as JSON with the durations d added as seconds (see withSeconds).
func secondsJSON(v any, d map[string]time.Duration) ([]byte, error) {
	b, err := json.Marshal(v)
	return withSeconds(b, err, d)
}

// withSeconds adds durations to the JSON object b as the seconds the library reads (zero
// ones left out; a negative one is an error).
func withSeconds(b []byte, err error, d map[string]time.Duration) ([]byte, error) {
	if err != nil {
		return nil, err
	}
	extra := map[string]any{}
	for k, v := range d {
		if v < 0 {
			return nil, &Error{Label: "invalid_argument", Message: k + " must not be negative"}
		}
		if v > 0 {
			extra[k] = v.Seconds()
		}
	}
	return withExtra(b, nil, extra)
}
