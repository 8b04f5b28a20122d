package literllm

import (
	"context"
	"encoding/json"
)

// RateLimit is a sliding-window limit of requests (RPM) and tokens (TPM) per Scope:
// "deployment", "model", "key" (the request's user or metadata.key) or "global".
type RateLimit struct {
	Scope  string  `json:"scope"`
	RPM    int     `json:"rpm,omitempty"`
	TPM    int     `json:"tpm,omitempty"`
	Window float64 `json:"window,omitempty"` // seconds, default 60
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
	TTL        float64 `json:"ttl,omitempty"`
	MaxEntries int     `json:"max_entries,omitempty"`
}

// StateConfig shares limits, budgets and the cache through Redis.
type StateConfig struct {
	RedisURL      string  `json:"redis_url,omitempty"`
	OnUnavailable string  `json:"on_unavailable,omitempty"` // "fail_closed" (default) or "fail_open"
	Timeout       float64 `json:"timeout,omitempty"`
	Prefix        string  `json:"prefix,omitempty"`
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
