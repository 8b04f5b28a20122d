package literllm

import (
	"context"
	"encoding/json"
)

// CountTokensRequest asks how many tokens a chat request (Messages, Tools) or a Text is for
// Model. Exact asks the provider where it has an endpoint (Anthropic, Gemini, Vertex);
// otherwise the count is local, offline.
type CountTokensRequest struct {
	Model    string    `json:"model"`
	Messages []Message `json:"messages,omitempty"`
	Tools    []Tool    `json:"tools,omitempty"`
	Text     string    `json:"text,omitempty"`
	Exact    bool      `json:"exact,omitempty"`
}

// TokenCount is the answer of CountTokens. IsEstimate is true unless the count is the
// model's own (its tokenizer and a documented message format, or the provider's count).
type TokenCount struct {
	Model       string `json:"model"`
	InputTokens int    `json:"input_tokens"`
	// Tokenizer names the local tokenizer ("o200k", "llama3", ...); "" for a provider count.
	Tokenizer  string `json:"tokenizer,omitempty"`
	IsEstimate bool   `json:"is_estimate"`
	Method     string `json:"method"` // "local" or "provider"
	// ContextWindow is the model's window when the catalog knows it; Fits compares.
	ContextWindow *int            `json:"context_window"`
	Fits          *bool           `json:"fits"`
	Raw           json.RawMessage `json:"-"`
}

// CountTokens counts the tokens of a request for its model.
func (c *Client) CountTokens(ctx context.Context, req *CountTokensRequest) (*TokenCount, error) {
	if req == nil {
		return nil, &Error{Label: "invalid_argument", Message: "nil request"}
	}
	return callInto(c, ctx, "count_tokens", req, func(o *TokenCount, raw json.RawMessage, _ *Meta) { o.Raw = raw })
}
