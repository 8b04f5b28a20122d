package literllm

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
