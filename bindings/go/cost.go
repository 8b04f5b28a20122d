package literllm

import (
	"context"
	"encoding/json"
	"math/big"
)

// Cost is what a call cost in USD, by token kind. Amounts are decimal strings, exact as the
// library computed them (never binary floats); Rat gives one as a *big.Rat. A model without
// a price has USD "" and a Reason: a cost is never guessed.
type Cost struct {
	USD       string            `json:"usd"`
	Breakdown map[string]string `json:"breakdown,omitempty"`
	// PricedAs is the catalog entry ("openai/gpt-4o") or override that priced it.
	PricedAs string `json:"priced_as,omitempty"`
	Source   string `json:"source,omitempty"`
	Reason   string `json:"reason,omitempty"`
	Model    string `json:"model,omitempty"`
}

// Known reports whether the cost is known (false: see Reason).
func (c *Cost) Known() bool { return c != nil && c.USD != "" }

// Rat is the USD amount as an exact rational; false when the cost is unknown.
func (c *Cost) Rat() (*big.Rat, bool) {
	if !c.Known() {
		return nil, false
	}
	return new(big.Rat).SetString(c.USD)
}

// UnmarshalJSON reads "usd": null as USD "".
func (c *Cost) UnmarshalJSON(b []byte) error {
	type plain Cost
	var p struct {
		plain
		USD *string `json:"usd"`
	}
	if err := json.Unmarshal(b, &p); err != nil {
		return err
	}
	*c = Cost(p.plain)
	if p.USD != nil {
		c.USD = *p.USD
	}
	return nil
}

// Cost prices a usage (OpenAI's shape: prompt_tokens, completion_tokens, details) for a
// "provider/model", offline, from the shipped catalog and the client's Pricing overrides.
func (c *Client) Cost(ctx context.Context, model string, usage any) (*Cost, error) {
	return callInto[Cost](c, ctx, "cost", map[string]any{"model": model, "usage": usage}, nil)
}
