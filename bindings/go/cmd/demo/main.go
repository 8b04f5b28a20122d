// Command demo shows the Go binding: a chat, a streamed answer and a typed error, against
// the mock provider (LITER_LLM_MOCK_URL) or, with OPENAI_API_KEY set, the real provider.
package main

import (
	"context"
	"errors"
	"fmt"
	"math/rand"
	"os"

	literllm "github.com/liter-llm/liter_llm/bindings/go"
)

func client(scene string) *literllm.Client {
	cfg := literllm.Config{}
	if mock := os.Getenv("LITER_LLM_MOCK_URL"); mock != "" && os.Getenv("OPENAI_API_KEY") == "" {
		cfg.BaseURL = fmt.Sprintf("%s/s/demo_%s/go%d/v1", mock, scene, rand.Int63())
	}
	c, err := literllm.NewClient(cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	return c
}

func main() {
	ctx := context.Background()
	model := "openai/gpt-4o-mini"
	msgs := []literllm.Message{{Role: "user", Content: "What is the capital of France?"}}

	c := client("chat")
	r, err := c.Chat(ctx, &literllm.ChatRequest{Model: model, Messages: msgs})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("1. chat\n   < %s\n   usage: %d tokens\n", r.Content(), r.Usage.TotalTokens)
	c.Close()

	c = client("stream")
	s, err := c.ChatStream(ctx, &literllm.ChatRequest{Model: model, Messages: msgs})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Print("\n2. stream\n   < ")
	for s.Next() {
		if ch := s.Chunk(); len(ch.Choices) > 0 {
			fmt.Print(ch.Choices[0].Delta.Content)
		}
	}
	if s.Err() != nil {
		fmt.Fprintln(os.Stderr, s.Err())
		os.Exit(1)
	}
	fmt.Printf("\n   finish_reason: %s\n", s.Response().Choices[0].FinishReason)
	c.Close()

	c = client("error")
	_, err = c.Chat(ctx, &literllm.ChatRequest{Model: model, Messages: msgs,
		Extra: map[string]any{"max_retries": 0, "temperature": 9}})
	var e *literllm.Error
	if errors.As(err, &e) {
		fmt.Printf("\n3. typed error\n   errors.Is(err, ErrContextWindowExceeded)=%v label=%s status=%d\n   %s\n",
			errors.Is(err, literllm.ErrContextWindowExceeded), e.Label, e.Status, e.Message)
	}
	c.Close()
	literllm.Shutdown()
}
