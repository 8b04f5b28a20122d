// A Go module that uses the binding as a dependency (go.mod's replace points at it).
package main

import (
	"context"
	"fmt"
	"os"
	"strings"

	literllm "github.com/liter-llm/liter_llm/bindings/go"
)

func main() {
	mock, ctx := os.Getenv("LITER_LLM_MOCK_URL"), context.Background()
	v, err := literllm.Version()
	if err != nil || v["venv"] != os.Getenv("EXPECT_VENV") {
		fail("version", v, err)
	}
	msgs := []literllm.Message{{Role: "user", Content: "hi"}}
	c, err := literllm.NewClient(literllm.Config{BaseURL: mock + "/s/demo_chat/go-consumer/v1", APIKey: "k"})
	if err != nil {
		fail("client", nil, err)
	}
	r, err := c.Chat(ctx, &literllm.ChatRequest{Model: "gpt-4o-mini", Messages: msgs})
	if err != nil || !strings.Contains(r.Content(), "Paris") {
		fail("chat", r, err)
	}
	c.Close()
	c, _ = literllm.NewClient(literllm.Config{BaseURL: mock + "/s/demo_stream/go-consumer/v1", APIKey: "k"})
	defer c.Close()
	s, err := c.ChatStream(ctx, &literllm.ChatRequest{Model: "gpt-4o-mini", Messages: msgs})
	if err != nil {
		fail("stream", nil, err)
	}
	n := 0
	for s.Next() {
		n++
	}
	if s.Err() != nil || n < 2 {
		fail("stream", n, s.Err())
	}
	fmt.Printf("Go consumer: chat and a %d-chunk stream\n", n)
}

func fail(what string, got any, err error) {
	fmt.Fprintf(os.Stderr, "%s: %v %v\n", what, got, err)
	os.Exit(1)
}
