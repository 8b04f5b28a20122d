package literllm_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	literllm "github.com/liter-llm/liter_llm/bindings/go"
)

// What a user's code looks like: it takes a *literllm.Client; its tests pass a fake's.
type summarizer struct{ llm *literllm.Client }

func (s summarizer) summarize(ctx context.Context, text string) string {
	r, err := s.llm.Chat(ctx, &literllm.ChatRequest{Model: "openai/gpt-4o-mini",
		Messages: []literllm.Message{literllm.UserMessage("Summarize: " + text)}})
	if errors.Is(err, literllm.ErrRateLimited) {
		return "(busy)"
	}
	if err != nil {
		return "error: " + err.Error()
	}
	return r.Content()
}

func answer(text string) map[string]any {
	return map[string]any{"choices": []any{map[string]any{"message": map[string]any{"role": "assistant", "content": text}}}}
}

// Runs with CGO_ENABLED=0 too (make test-go): the fake needs no library.
func TestFakeAnswersErrorsAndWhatWasSent(t *testing.T) {
	ctx := context.Background()
	fake := literllm.NewFake().Answer("chat", answer("Short.")).Fail("chat", "rate_limited")
	s := summarizer{fake.Client()}
	if got := s.summarize(ctx, "a long text"); got != "Short." {
		t.Fatal(got)
	}
	if got := s.summarize(ctx, "another"); got != "(busy)" {
		t.Fatal(got)
	}
	sent := fake.SentTo("chat")
	var first struct {
		Messages []struct{ Content string } `json:"messages"`
	}
	_ = json.Unmarshal(sent[0], &first)
	if len(sent) != 2 || first.Messages[0].Content != "Summarize: a long text" {
		t.Fatalf("sent %s", sent)
	}
	_, err := literllm.NewFake().Fail("chat", "context_window_exceeded").Client().Chat(ctx, &literllm.ChatRequest{Model: "m"})
	if !errors.Is(err, literllm.ErrInvalidRequest) {
		t.Fatalf("want a kind of invalid_request, got %v", err)
	}
}

func TestFakeStreamsAndTypedEndpoints(t *testing.T) {
	ctx := context.Background()
	chunk := func(s string) any {
		return map[string]any{"choices": []any{map[string]any{"delta": map[string]any{"content": s}}}}
	}
	fake := literllm.NewFake().
		Stream("chat", []any{chunk("Hel"), chunk("lo")}, answer("Hello")).
		Answer("rerank", `{"results":[{"index":1,"relevance_score":0.9}]}`)
	c := fake.Client()
	s, err := c.ChatStream(ctx, &literllm.ChatRequest{Model: "m", Messages: []literllm.Message{literllm.UserMessage("hi")}})
	if err != nil {
		t.Fatal(err)
	}
	text := ""
	for s.Next() {
		text += s.Chunk().Choices[0].Delta.Content
	}
	if s.Err() != nil || text != "Hello" || s.Response().Content() != "Hello" {
		t.Fatalf("stream %q %v", text, s.Err())
	}
	rr, err := c.Rerank(ctx, &literllm.RerankRequest{Model: "m", Query: "q", Documents: []string{"a", "b"}})
	if err != nil || rr.Results[0].Index != 1 {
		t.Fatalf("rerank %v %v", rr, err)
	}
	if _, err := c.Embed(ctx, &literllm.EmbeddingRequest{Model: "m", Input: "x"}); !errors.Is(err, literllm.ErrInvalidArgument) {
		t.Fatalf("an op with no answer: %v", err)
	}
	if ops := fake.Sent(); len(ops) != 3 || ops[0].Op != "chat" || ops[1].Op != "rerank" {
		t.Fatalf("sent %v", ops)
	}
}
