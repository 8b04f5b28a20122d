package literllm

import (
	"context"
	"encoding/json"
	"time"
)

// RateLimit is a sliding-window limit of requests (RPM) and tokens (TPM) per Scope:
// "deployment", "model", "key" (the request's user or metadata.key) or "global".
type RateLimit struct {
	Scope string `json:"scope"`
	RPM   int    `json:"rpm,omitempty"`
	TPM   int    `json:"tpm,omitempty"`
	// Window is the sliding window (a minute when 0).
	Window time.Duration `json:"-"`
}

type plainRateLimit RateLimit

// MarshalJSON writes Window as seconds.
func (r RateLimit) MarshalJSON() ([]byte, error) {
	return secondsJSON(plainRateLimit(r), map[string]time.Duration{"window": r.Window})
}

// UnmarshalJSON reads Window from seconds.
func (r *RateLimit) UnmarshalJSON(b []byte) error {
	var p plainRateLimit
	err := unmarshalSeconds(b, &p, map[string]*time.Duration{"window": &p.Window})
	*r = RateLimit(p)
	return err
}

// Budget caps spend in USD. LimitUSD is a decimal string ("5.00"), never a float. Window:
// "total", "daily", "monthly" or "rolling_<N>h"; Mode "hard" (reserve the worst case,
// refuse with ErrBudgetExceeded) or "soft" (warn in Meta).
type Budget struct {
	Scope    string `json:"scope"`
	LimitUSD string `json:"limit_usd"`
	Window   string `json:"window,omitempty"`
	Mode     string `json:"mode,omitempty"`
}

// CacheConfig turns on the exact-match response cache.
type CacheConfig struct {
	TTL        time.Duration `json:"-"`
	MaxEntries int           `json:"max_entries,omitempty"`
}

type plainCacheConfig CacheConfig

// MarshalJSON writes TTL as seconds.
func (c CacheConfig) MarshalJSON() ([]byte, error) {
	return secondsJSON(plainCacheConfig(c), map[string]time.Duration{"ttl": c.TTL})
}

// UnmarshalJSON reads TTL from seconds.
func (c *CacheConfig) UnmarshalJSON(b []byte) error {
	var p plainCacheConfig
	err := unmarshalSeconds(b, &p, map[string]*time.Duration{"ttl": &p.TTL})
	*c = CacheConfig(p)
	return err
}

// StateConfig shares limits, budgets and the cache through Redis.
type StateConfig struct {
	RedisURL      string        `json:"redis_url,omitempty"`
	OnUnavailable string        `json:"on_unavailable,omitempty"` // "fail_closed" (default) or "fail_open"
	Timeout       time.Duration `json:"-"`                        // of one Redis command
	Prefix        string        `json:"prefix,omitempty"`
}

type plainStateConfig StateConfig

// MarshalJSON writes Timeout as seconds.
func (c StateConfig) MarshalJSON() ([]byte, error) {
	return secondsJSON(plainStateConfig(c), map[string]time.Duration{"timeout": c.Timeout})
}

// UnmarshalJSON reads Timeout from seconds.
func (c *StateConfig) UnmarshalJSON(b []byte) error {
	var p plainStateConfig
	err := unmarshalSeconds(b, &p, map[string]*time.Duration{"timeout": &p.Timeout})
	*c = StateConfig(p)
	return err
}

// Usage reads the spend and counters of the client's budgets and rate limits: the global
// scope, every deployment, and the model and caller key given ("" for none).
func (c *Client) Usage(ctx context.Context, model, key string) (*UsageReport, error) {
	req := map[string]any{}
	if model != "" {
		req["model"] = model
	}
	if key != "" {
		req["key"] = key
	}
	return callInto(c, ctx, "usage", req, func(o *UsageReport, raw json.RawMessage, _ *Meta) { o.Raw = raw })
}

// UsageReport is the answer of Usage; amounts in USD are decimal strings.
type UsageReport struct {
	State   string `json:"state"` // "memory" or "redis"
	Budgets []struct {
		Scope    string `json:"scope"`
		ID       string `json:"id"`
		Window   string `json:"window"`
		Mode     string `json:"mode"`
		LimitUSD string `json:"limit_usd"`
		SpentUSD string `json:"spent_usd"`
		HeldUSD  string `json:"held_usd"`
	} `json:"budgets"`
	RateLimits []struct {
		Scope  string  `json:"scope"`
		ID     string  `json:"id"`
		Kind   string  `json:"kind"`
		Limit  int     `json:"limit"`
		Window float64 `json:"window"`
		Used   int     `json:"used"`
	} `json:"rate_limits"`
	Raw json.RawMessage `json:"-"`
}
