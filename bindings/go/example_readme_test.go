package literllm_test

// The README's Go examples: make docs copies the regions between "readme:" markers into the
// README, and make test-go runs this file (its output is checked).

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"time"

	literllm "github.com/liter-llm/liter_llm/bindings/go"
)

// readmeRun keeps this run's scenes apart from any other run against the same mock.
var readmeRun = fmt.Sprintf("readme-go-%d", time.Now().UnixNano())

// scene is a client of one mock-provider scene (a real one reads its key from the environment).
func scene(name string) *literllm.Client {
	c, err := literllm.NewClient(literllm.Config{BaseURL: os.Getenv("LITER_LLM_MOCK_URL") + "/s/" + name + "/" + readmeRun + "/v1", APIKey: "k"})
	if err != nil {
		panic(err)
	}
	return c
}

func Example_readme() {
	ctx := context.Background()
	c := scene("demo_chat")
	// readme: chat
	r, err := c.Chat(ctx, &literllm.ChatRequest{
		Model:    "openai/gpt-4o-mini",
		Messages: []literllm.Message{literllm.UserMessage("What is the capital of France?")},
	}, literllm.WithTimeout(30*time.Second))
	if err != nil {
		panic(err)
	}
	fmt.Println(r.Content(), r.Usage.TotalTokens, r.Meta.Provider)
	// readme: end

	c = scene("demo_stream")
	// readme: stream
	s, err := c.ChatStream(ctx, &literllm.ChatRequest{Model: "openai/gpt-4o-mini",
		Messages: []literllm.Message{literllm.UserMessage("Tell me a story")}})
	if err != nil {
		panic(err)
	}
	defer s.Close()
	for s.Next() {
		if ch := s.Chunk(); len(ch.Choices) > 0 {
			fmt.Print(ch.Choices[0].Delta.Content)
		}
	}
	if err := s.Err(); err != nil {
		panic(err)
	}
	fmt.Println("|", s.Response().Choices[0].FinishReason)
	// readme: end

	c = scene("tool_round_trip")
	// readme: tools round trip
	weather := literllm.FunctionTool("get_weather", "Weather of a city", map[string]any{
		"type": "object", "properties": map[string]any{"city": map[string]any{"type": "string"}},
		"required": []string{"city"}})
	req := &literllm.ChatRequest{Model: "openai/gpt-4o-mini", Tools: []literllm.Tool{weather},
		Messages: []literllm.Message{literllm.UserMessage("Weather in Paris?")}}
	first, _ := c.Chat(ctx, req)
	call := first.Choices[0].Message.ToolCalls[0] // {"city":"Paris"} in call.Function.Arguments
	req.Messages = append(req.Messages, first.Choices[0].Message.ToParam(), literllm.ToolMessage(call.ID, "18C"))
	final, _ := c.Chat(ctx, req)
	fmt.Println(call.Function.Name, call.Function.Arguments, "->", final.Content())
	// readme: end

	c = scene("chat_json_schema")
	// readme: structured output
	schema := map[string]any{"type": "object", "properties": map[string]any{"text": map[string]any{"type": "string"}},
		"required": []string{"text"}}
	r, _ = c.Chat(ctx, &literllm.ChatRequest{Model: "openai/gpt-4o-mini",
		Messages:       []literllm.Message{literllm.UserMessage("Say hello")},
		ResponseFormat: literllm.JSONSchemaFormat("greeting", schema, true)})
	var greeting struct{ Text string }
	_ = json.Unmarshal([]byte(r.Content()), &greeting)
	fmt.Println(greeting.Text)
	// readme: end

	c = scene("chat_multimodal")
	// readme: vision
	r, _ = c.Chat(ctx, &literllm.ChatRequest{Model: "openai/gpt-4o-mini", Messages: []literllm.Message{
		literllm.UserParts(literllm.TextPart("What is this?"), literllm.ImagePart("data:image/png;base64,iVBORw0KGgo="))}})
	fmt.Println(r.Content())
	// readme: end

	c = scene("embed_basic")
	// readme: embeddings
	e, _ := c.Embed(ctx, &literllm.EmbeddingRequest{Model: "openai/text-embedding-3-small", Input: "hello"})
	fmt.Println(len(e.Data), len(e.Data[0].Embedding) > 0)
	// readme: end

	c = scene("retry_429_then_ok")
	// readme: errors and retries
	r, err = c.Chat(ctx, &literllm.ChatRequest{Model: "openai/gpt-4o-mini",
		Messages: []literllm.Message{literllm.UserMessage("hi")}}, literllm.WithMaxRetries(2))
	fmt.Println(r.Content(), "after", len(r.Meta.Attempts), "attempts:", r.Meta.Attempts[0].Label)
	// readme: end

	c = scene("demo_error")
	// readme: errors and retries
	_, err = c.Chat(ctx, &literllm.ChatRequest{Model: "openai/gpt-4o-mini",
		Messages: []literllm.Message{literllm.UserMessage("a very long prompt")}})
	var le *literllm.Error
	if errors.As(err, &le) {
		// context_window_exceeded is a kind of invalid_request
		fmt.Println(le.Label, le.Status, errors.Is(err, literllm.ErrInvalidRequest))
	}
	// readme: end

	c = scene("error_timeout_deadline")
	// readme: cancellation
	short, cancel := context.WithTimeout(ctx, 100*time.Millisecond) // the upstream takes 2 s
	defer cancel()
	_, err = c.Chat(short, &literllm.ChatRequest{Model: "openai/gpt-4o-mini",
		Messages: []literllm.Message{literllm.UserMessage("hi")}})
	fmt.Println(errors.Is(err, context.DeadlineExceeded), errors.Is(err, literllm.ErrTimeout))
	// readme: end

	// readme: testing with the fake
	fake := literllm.NewFake().
		Answer("chat", map[string]any{"choices": []any{map[string]any{"message": map[string]any{"role": "assistant", "content": "Hi!"}}}}).
		Fail("embed", "rate_limited")
	llm := fake.Client() // pass it where your code takes a *literllm.Client; no cgo or library needed
	got, _ := llm.Chat(ctx, &literllm.ChatRequest{Model: "m", Messages: []literllm.Message{literllm.UserMessage("hello")}})
	_, err = llm.Embed(ctx, &literllm.EmbeddingRequest{Model: "m", Input: "x"})
	fmt.Println(got.Content(), errors.Is(err, literllm.ErrRateLimited), len(fake.SentTo("chat")))
	// readme: end

	// Output:
	// The capital of France is Paris. 21 openai
	// Tokens arrive one by one, straight from the stream.| stop
	// get_weather {"city":"Paris"} -> It is 18C in Paris.
	// hi
	// Hello there!
	// 1 true
	// Hello there! after 2 attempts: rate_limited
	// context_window_exceeded 400 true
	// true true
	// Hi! true 1
}
