package literllm_test

import (
	"context"
	"errors"
	"fmt"
	"os"

	literllm "github.com/liter-llm/liter_llm/bindings/go"
)

// A chat, a streamed answer and a typed error against the mock provider (make test-go).
func Example() {
	mock := os.Getenv("LITER_LLM_MOCK_URL")
	ctx := context.Background()
	msgs := []literllm.Message{{Role: "user", Content: "What is the capital of France?"}}

	c, _ := literllm.NewClient(literllm.Config{BaseURL: mock + "/s/demo_chat/example/v1"})
	r, err := c.Chat(ctx, &literllm.ChatRequest{Model: "gpt-4o-mini", Messages: msgs})
	fmt.Println(r.Content(), err)
	c.Close()

	c, _ = literllm.NewClient(literllm.Config{BaseURL: mock + "/s/demo_stream/example/v1"})
	s, _ := c.ChatStream(ctx, &literllm.ChatRequest{Model: "gpt-4o-mini", Messages: msgs})
	for s.Next() {
		if ch := s.Chunk(); len(ch.Choices) > 0 {
			fmt.Print(ch.Choices[0].Delta.Content)
		}
	}
	fmt.Println()
	fmt.Println(s.Response().Usage.TotalTokens, "tokens")
	c.Close()

	c, _ = literllm.NewClient(literllm.Config{BaseURL: mock + "/s/demo_error/example/v1"})
	_, err = c.Chat(ctx, &literllm.ChatRequest{Model: "gpt-4o-mini", Messages: msgs})
	var e *literllm.Error
	fmt.Println(errors.Is(err, literllm.ErrContextWindowExceeded), errors.As(err, &e) && e.Status == 400)
	c.Close()
	// Output:
	// The capital of France is Paris. <nil>
	// Tokens arrive one by one, straight from the stream.
	// 23 tokens
	// true true
}
