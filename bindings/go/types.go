package literllm

import (
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"math"
	"strconv"
)

// Message is one chat message. Content is a string or a []ContentPart.
type Message struct {
	Role             string     `json:"role"`
	Content          any        `json:"content,omitempty"`
	Name             string     `json:"name,omitempty"`
	ToolCalls        []ToolCall `json:"tool_calls,omitempty"`
	ToolCallID       string     `json:"tool_call_id,omitempty"`
	ReasoningContent string     `json:"reasoning_content,omitempty"`
}

// ContentPart is one part of a multimodal message.
type ContentPart struct {
	Type     string    `json:"type"`
	Text     string    `json:"text,omitempty"`
	ImageURL *ImageURL `json:"image_url,omitempty"`
}

// ImageURL is an image by URL or data: URL.
type ImageURL struct {
	URL    string `json:"url"`
	Detail string `json:"detail,omitempty"`
}

// Tool is a function the model may call.
type Tool struct {
	Type     string             `json:"type"`
	Function FunctionDefinition `json:"function"`
}

// FunctionDefinition describes a tool's function and its JSON-schema parameters.
type FunctionDefinition struct {
	Name        string         `json:"name"`
	Description string         `json:"description,omitempty"`
	Parameters  map[string]any `json:"parameters,omitempty"`
	Strict      *bool          `json:"strict,omitempty"`
}

// ToolCall is a call the model made.
type ToolCall struct {
	ID       string       `json:"id"`
	Type     string       `json:"type"`
	Function FunctionCall `json:"function"`
}

// FunctionCall is the function and its JSON arguments.
type FunctionCall struct {
	Name      string `json:"name"`
	Arguments string `json:"arguments"`
}

// ChatRequest is an OpenAI-shaped chat request. Model is "provider/model" or a bare name.
// Extra holds any other field (provider-specific, or liter_llm's per-call options such as
// "timeout", "max_retries", "fallbacks", "extra_body"); it is merged into the JSON.
type ChatRequest struct {
	Model           string         `json:"model"`
	Messages        []Message      `json:"messages"`
	Tools           []Tool         `json:"tools,omitempty"`
	ToolChoice      any            `json:"tool_choice,omitempty"`
	ResponseFormat  map[string]any `json:"response_format,omitempty"`
	Temperature     *float64       `json:"temperature,omitempty"`
	TopP            *float64       `json:"top_p,omitempty"`
	MaxTokens       int            `json:"max_tokens,omitempty"`
	Stop            []string       `json:"stop,omitempty"`
	Seed            *int           `json:"seed,omitempty"`
	ReasoningEffort string         `json:"reasoning_effort,omitempty"`
	User            string         `json:"user,omitempty"`
	Extra           map[string]any `json:"-"`
}

// MarshalJSON merges Extra into the request object; a key the typed fields already set is
// an error, never a silent overwrite.
func (r ChatRequest) MarshalJSON() ([]byte, error) {
	type plain ChatRequest
	b, err := json.Marshal(plain(r))
	if err != nil || len(r.Extra) == 0 {
		return b, err
	}
	m := map[string]any{}
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	for k, v := range r.Extra {
		if _, typed := m[k]; typed {
			return nil, &Error{Label: "invalid_argument", Message: "ChatRequest.Extra sets " +
				strconv.Quote(k) + ", which a typed field already sets"}
		}
		m[k] = v
	}
	return json.Marshal(m)
}

// SystemMessage is a system instruction.
func SystemMessage(text string) Message { return Message{Role: "system", Content: text} }

// UserMessage is a user's text.
func UserMessage(text string) Message { return Message{Role: "user", Content: text} }

// UserParts is a user's message of several parts (text, images).
func UserParts(parts ...ContentPart) Message { return Message{Role: "user", Content: parts} }

// TextPart is a text part of a message.
func TextPart(text string) ContentPart { return ContentPart{Type: "text", Text: text} }

// ImagePart is an image part: a URL or a data: URL.
func ImagePart(url string) ContentPart {
	return ContentPart{Type: "image_url", ImageURL: &ImageURL{URL: url}}
}

// AssistantMessage is an earlier answer of the model, as text.
func AssistantMessage(text string) Message { return Message{Role: "assistant", Content: text} }

// ToolMessage is the result of the tool call callID, sent back to the model.
func ToolMessage(callID, content string) Message {
	return Message{Role: "tool", ToolCallID: callID, Content: content}
}

// FunctionTool defines a function the model may call; parameters is its JSON schema.
func FunctionTool(name, description string, parameters map[string]any) Tool {
	return Tool{Type: "function", Function: FunctionDefinition{
		Name: name, Description: description, Parameters: parameters}}
}

// JSONSchemaFormat asks for an answer that is JSON of the schema (structured output).
func JSONSchemaFormat(name string, schema map[string]any, strict bool) map[string]any {
	return map[string]any{"type": "json_schema", "json_schema": map[string]any{
		"name": name, "schema": schema, "strict": strict}}
}

// ToParam is the answer as a message to send back in the next request: its text and tool
// calls (not its reasoning, which providers refuse as input).
func (m ResponseMessage) ToParam() Message {
	out := Message{Role: "assistant", ToolCalls: m.ToolCalls}
	if m.Content != nil {
		out.Content = *m.Content
	}
	return out
}

// Usage counts tokens, with cached-input and reasoning details when the provider gives them.
// Chat and embeddings count prompt and completion tokens; the Responses API and images
// count input and output tokens.
type Usage struct {
	PromptTokens        int `json:"prompt_tokens"`
	CompletionTokens    int `json:"completion_tokens"`
	TotalTokens         int `json:"total_tokens"`
	InputTokens         int `json:"input_tokens,omitempty"`
	OutputTokens        int `json:"output_tokens,omitempty"`
	PromptTokensDetails *struct {
		CachedTokens int `json:"cached_tokens"`
	} `json:"prompt_tokens_details,omitempty"`
	CompletionTokensDetails *struct {
		ReasoningTokens int `json:"reasoning_tokens"`
	} `json:"completion_tokens_details,omitempty"`
}

// ResponseMessage is the assistant's message in a completion.
type ResponseMessage struct {
	Role             string     `json:"role"`
	Content          *string    `json:"content"`
	ToolCalls        []ToolCall `json:"tool_calls,omitempty"`
	ReasoningContent string     `json:"reasoning_content,omitempty"`
	Refusal          string     `json:"refusal,omitempty"`
}

// Choice is one completion choice.
type Choice struct {
	Index        int             `json:"index"`
	Message      ResponseMessage `json:"message"`
	FinishReason string          `json:"finish_reason"`
}

// ChatCompletion is the response of Chat and the accumulated result of a stream.
// Raw keeps the whole JSON, fields this struct does not name included.
type ChatCompletion struct {
	ID      string          `json:"id"`
	Model   string          `json:"model"`
	Created int64           `json:"created"`
	Choices []Choice        `json:"choices"`
	Usage   *Usage          `json:"usage,omitempty"`
	Raw     json.RawMessage `json:"-"`
	// Meta says how the library served the call (deployment, attempts, latency).
	Meta *Meta `json:"-"`
}

// Content is the first choice's text ("" when there is none).
func (c *ChatCompletion) Content() string {
	if len(c.Choices) == 0 || c.Choices[0].Message.Content == nil {
		return ""
	}
	return *c.Choices[0].Message.Content
}

// Delta is the change a stream chunk carries.
type Delta struct {
	Role             string `json:"role,omitempty"`
	Content          string `json:"content,omitempty"`
	ReasoningContent string `json:"reasoning_content,omitempty"`
	ToolCalls        []struct {
		Index    int          `json:"index"`
		ID       string       `json:"id,omitempty"`
		Function FunctionCall `json:"function"`
	} `json:"tool_calls,omitempty"`
}

// ChatCompletionChunk is one stream chunk; Raw keeps its whole JSON.
type ChatCompletionChunk struct {
	ID      string `json:"id"`
	Model   string `json:"model"`
	Choices []struct {
		Index        int    `json:"index"`
		Delta        Delta  `json:"delta"`
		FinishReason string `json:"finish_reason"`
	} `json:"choices"`
	Usage *Usage          `json:"usage,omitempty"`
	Raw   json.RawMessage `json:"-"`
}

// EmbeddingRequest asks for embeddings of one input or many.
type EmbeddingRequest struct {
	Model      string `json:"model"`
	Input      any    `json:"input"`
	Dimensions int    `json:"dimensions,omitempty"`
}

// EmbeddingResponse holds one vector per input.
type EmbeddingResponse struct {
	Model string `json:"model"`
	Data  []struct {
		Index     int    `json:"index"`
		Embedding Vector `json:"embedding"`
	} `json:"data"`
	Usage *Usage          `json:"usage,omitempty"`
	Raw   json.RawMessage `json:"-"`
	// Meta says how the library served the call (deployment, attempts, latency).
	Meta *Meta `json:"-"`
}

// Vector is an embedding: read from a JSON array of numbers, or from the base64 text of
// little-endian float32s that "encoding_format": "base64" asks for.
type Vector []float64

// UnmarshalJSON reads an array of numbers or base64 float32s.
func (v *Vector) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		raw, err := base64.StdEncoding.DecodeString(s)
		if err != nil || len(raw)%4 != 0 {
			return &Error{Label: "invalid_response", Message: "embedding is neither numbers nor base64 float32s"}
		}
		out := make(Vector, len(raw)/4)
		for i := range out {
			out[i] = float64(math.Float32frombits(binary.LittleEndian.Uint32(raw[4*i:])))
		}
		*v = out
		return nil
	}
	return json.Unmarshal(b, (*[]float64)(v))
}

// Model is one entry of Models.
type Model struct {
	ID      string `json:"id"`
	OwnedBy string `json:"owned_by,omitempty"`
	Created int64  `json:"created,omitempty"`
}

// ModelList is the provider's list of models.
type ModelList struct {
	Data []Model         `json:"data"`
	Raw  json.RawMessage `json:"-"`
	// Meta says how the library served the call.
	Meta *Meta `json:"-"`
}
