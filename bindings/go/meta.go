package literllm

import "encoding/json"

// Meta says how the library served a call: the deployment, provider and model that
// answered, every attempt with its error label, the fallback models used, and the latency.
// Every response (and every *Error that got as far as a provider) carries one.
type Meta struct {
	// Deployment is the id of the deployment that answered ("" for a model that is no
	// deployment group, or when nothing answered).
	Deployment string    `json:"deployment"`
	Provider   string    `json:"provider"`
	Model      string    `json:"model"`
	Attempts   []Attempt `json:"attempts"`
	// Fallbacks are the fallback models used, in order.
	Fallbacks []string `json:"fallbacks"`
	LatencyMs float64  `json:"latency_ms"`
	// TTFTMs is the time to the first chunk of a stream (0 for unary calls).
	TTFTMs float64 `json:"ttft_ms,omitempty"`
	// Cost of the answer (nil when nothing answered; Known() false when it has no price).
	Cost *Cost `json:"cost,omitempty"`
	// CacheHit is true when the answer came from the response cache.
	CacheHit bool `json:"cache_hit"`
	// Warnings name soft budgets the call crossed.
	Warnings []string `json:"warnings,omitempty"`
	// RequestID is the provider's request id of the answer (x-request-id and kin).
	RequestID string `json:"request_id,omitempty"`
	// RateLimit holds the answer's rate-limit headers by lower-cased name
	// (x-ratelimit-remaining-requests, anthropic-ratelimit-*, ...).
	RateLimit map[string]string `json:"rate_limit,omitempty"`
	// Raw is the meta object as the library sent it.
	Raw json.RawMessage `json:"-"`
}

// Attempt is one try of one deployment or model.
type Attempt struct {
	Deployment string `json:"deployment"`
	Provider   string `json:"provider"`
	Model      string `json:"model"`
	// Label is the error label of a failed attempt, "" for the one that answered.
	Label     string  `json:"label"`
	Status    int     `json:"status"`
	LatencyMs float64 `json:"latency_ms"`
}

func parseMeta(raw json.RawMessage) *Meta {
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	m := &Meta{Raw: raw}
	if json.Unmarshal(raw, m) != nil {
		return &Meta{Raw: raw}
	}
	return m
}
