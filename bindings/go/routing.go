package literllm

import (
	"encoding/json"
	"time"
)

// Deployment is one deployment of a model group: a request whose model is ModelName routes
// among the group's deployments (see Router). Model is the "provider/model" it calls;
// Settings holds provider settings (api_version, region, project, ...) as in Providers.
type Deployment struct {
	ID        string            `json:"id,omitempty"`
	ModelName string            `json:"model_name"`
	Model     string            `json:"model"`
	Provider  string            `json:"provider,omitempty"`
	APIKey    string            `json:"api_key,omitempty"`
	APIKeyEnv string            `json:"api_key_env,omitempty"`
	BaseURL   string            `json:"base_url,omitempty"`
	Headers   map[string]string `json:"headers,omitempty"`
	Weight    float64           `json:"weight,omitempty"`
	RPM       int               `json:"rpm,omitempty"`
	TPM       int               `json:"tpm,omitempty"`
	Priority  int               `json:"priority,omitempty"`
	Settings  map[string]any    `json:"-"`
}

type plainDeployment Deployment

// MarshalJSON writes Settings beside the other keys, as the library expects.
func (d Deployment) MarshalJSON() ([]byte, error) {
	b, err := json.Marshal(plainDeployment(d))
	return withExtra(b, err, d.Settings)
}

// UnmarshalJSON keeps keys it has no field for in Settings.
func (d *Deployment) UnmarshalJSON(b []byte) error {
	var p plainDeployment
	if err := json.Unmarshal(b, &p); err != nil {
		return err
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	for _, k := range []string{"id", "model_name", "model", "provider", "api_key", "api_key_env",
		"base_url", "headers", "weight", "rpm", "tpm", "priority"} {
		delete(m, k)
	}
	if len(m) > 0 {
		p.Settings = m
	}
	*d = Deployment(p)
	return nil
}

// Router strategies.
const (
	StrategySimpleShuffle = "simple_shuffle"
	StrategyRoundRobin    = "round_robin"
	StrategyLeastBusy     = "least_busy"
	StrategyLatency       = "latency"
	StrategyUsage         = "usage"
	StrategyPriority      = "priority"
)

// Router chooses among a group's deployments.
type Router struct {
	// Strategy: StrategySimpleShuffle (the default), StrategyRoundRobin, StrategyLeastBusy,
	// StrategyLatency, StrategyUsage or StrategyPriority.
	Strategy     string  `json:"strategy,omitempty"`
	LatencyAlpha float64 `json:"latency_alpha,omitempty"`
	// Window is how far back the latency and usage strategies look.
	Window time.Duration `json:"-"`
}

type plainRouter Router

// MarshalJSON writes Window as seconds.
func (r Router) MarshalJSON() ([]byte, error) {
	return secondsJSON(plainRouter(r), map[string]time.Duration{"window": r.Window})
}

// UnmarshalJSON reads Window from seconds.
func (r *Router) UnmarshalJSON(b []byte) error {
	var p plainRouter
	err := unmarshalSeconds(b, &p, map[string]*time.Duration{"window": &p.Window})
	*r = Router(p)
	return err
}

// Cooldown takes a failing deployment out of rotation for a while. Off turns it off.
type Cooldown struct {
	AllowedFails int `json:"allowed_fails,omitempty"`
	// Window is how far back failures count; Duration how long a deployment rests.
	Window   time.Duration `json:"-"`
	Duration time.Duration `json:"-"`
	Off      bool          `json:"-"`
}

type plainCooldown Cooldown

// MarshalJSON writes false for a cooldown that is Off.
func (c Cooldown) MarshalJSON() ([]byte, error) {
	if c.Off {
		return []byte("false"), nil
	}
	return secondsJSON(plainCooldown(c), map[string]time.Duration{"window": c.Window, "seconds": c.Duration})
}

// UnmarshalJSON reads false as Off, and seconds as durations.
func (c *Cooldown) UnmarshalJSON(b []byte) error {
	if string(b) == "false" {
		*c = Cooldown{Off: true}
		return nil
	}
	var p plainCooldown
	err := unmarshalSeconds(b, &p, map[string]*time.Duration{"window": &p.Window, "seconds": &p.Duration})
	*c = Cooldown(p)
	return err
}

// Health configures passive health (failure rate over a window) and active probes.
type Health struct {
	// Interval between active probes; 0 (default) turns probes off.
	Interval time.Duration `json:"-"`
	Probe    string        `json:"probe,omitempty"` // "models" (default) or "chat"
	// Window is how far back the failure rate looks.
	Window      time.Duration `json:"-"`
	FailureRate float64       `json:"failure_rate,omitempty"`
	MinRequests int           `json:"min_requests,omitempty"`
	Passive     *bool         `json:"passive,omitempty"`
}

type plainHealth Health

// MarshalJSON writes durations as seconds.
func (h Health) MarshalJSON() ([]byte, error) {
	return secondsJSON(plainHealth(h), map[string]time.Duration{"interval": h.Interval, "window": h.Window})
}

// UnmarshalJSON reads durations from seconds.
func (h *Health) UnmarshalJSON(b []byte) error {
	var p plainHealth
	err := unmarshalSeconds(b, &p, map[string]*time.Duration{"interval": &p.Interval, "window": &p.Window})
	*h = Health(p)
	return err
}
