package literllm_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	literllm "github.com/liter-llm/liter_llm/bindings/go"
)

// typedOf reads a fixture's answer through the typed method of its op (the fake hands the
// answer back), so what is checked is the binding's own decoding.
func typedOf(t *testing.T, op string, data json.RawMessage) any {
	t.Helper()
	c := literllm.NewFake().Answer(op, data).Client()
	ctx := context.Background()
	var v any
	var err error
	switch op {
	case "chat":
		v, err = c.Chat(ctx, &literllm.ChatRequest{Model: "m", Messages: hi})
	case "embed":
		v, err = c.Embed(ctx, &literllm.EmbeddingRequest{Model: "m", Input: "x"})
	case "models":
		v, err = c.Models(ctx, "")
	case "images":
		v, err = c.Images(ctx, &literllm.ImageRequest{Model: "m", Prompt: "p"})
	case "image_edit":
		v, err = c.ImageEdit(ctx, &literllm.ImageEditRequest{Model: "m", Prompt: "p"})
	case "transcribe":
		v, err = c.Transcribe(ctx, &literllm.TranscriptionRequest{Model: "m"})
	case "translate":
		v, err = c.Translate(ctx, &literllm.TranscriptionRequest{Model: "m"})
	case "moderate":
		v, err = c.Moderate(ctx, &literllm.ModerationRequest{Model: "m", Input: "x"})
	case "rerank":
		v, err = c.Rerank(ctx, &literllm.RerankRequest{Model: "m", Query: "q"})
	case "file_upload":
		v, err = c.UploadFile(ctx, literllm.FileFromBytes("a.jsonl", []byte("{}")), "batch")
	case "file_retrieve":
		v, err = c.RetrieveFile(ctx, "f")
	case "file_list":
		v, err = c.ListFiles(ctx, "")
	case "file_delete":
		v, err = c.DeleteFile(ctx, "f")
	case "file_content":
		v, err = c.FileContent(ctx, "f")
	case "speech":
		v, err = c.Speech(ctx, &literllm.SpeechRequest{Model: "m"})
	case "batch_create":
		v, err = c.CreateBatch(ctx, &literllm.BatchRequest{InputFileID: "f", Endpoint: "/v1/chat/completions"})
	case "batch_retrieve":
		v, err = c.RetrieveBatch(ctx, "b")
	case "batch_cancel":
		v, err = c.CancelBatch(ctx, "b")
	case "batch_list":
		v, err = c.ListBatches(ctx, 0, "")
	case "responses":
		v, err = c.CreateResponse(ctx, map[string]any{"model": "m", "input": "x"})
	case "response_retrieve":
		v, err = c.RetrieveResponse(ctx, "r")
	case "response_cancel":
		v, err = c.CancelResponse(ctx, "r")
	case "response_delete":
		v, err = c.DeleteResponse(ctx, "r")
	case "count_tokens":
		v, err = c.CountTokens(ctx, &literllm.CountTokensRequest{Model: "m", Text: "x"})
	case "cost":
		v, err = c.Cost(ctx, "m", map[string]int{})
	default:
		t.Fatalf("no typed response for op %s", op)
	}
	if err != nil {
		t.Fatalf("typed %s: %v", op, err)
	}
	return v
}

// agree: every field the typed value has that the raw JSON also has holds the same value.
func agree(typed, raw any, path string) string {
	switch tv := typed.(type) {
	case map[string]any:
		rv, ok := raw.(map[string]any)
		if !ok {
			return fmt.Sprintf("%s: typed object, raw %v", path, raw)
		}
		for k, v := range tv {
			if r, has := rv[k]; has && r != nil {
				if msg := agree(v, r, path+"."+k); msg != "" {
					return msg
				}
			}
		}
	case []any:
		rv, ok := raw.([]any)
		if !ok || len(rv) != len(tv) {
			return fmt.Sprintf("%s: typed %d items, raw %v", path, len(tv), raw)
		}
		for i := range tv {
			if msg := agree(tv[i], rv[i], fmt.Sprintf("%s[%d]", path, i)); msg != "" {
				return msg
			}
		}
	default:
		if fmt.Sprint(typed) != fmt.Sprint(raw) {
			return fmt.Sprintf("%s: typed %v, raw %v", path, typed, raw)
		}
	}
	return ""
}

// checkTyped: the op's typed response agrees with the raw answer, field by field, and its
// main fields are set.
func checkTyped(t *testing.T, op string, data json.RawMessage) {
	t.Helper()
	v := typedOf(t, op, data)
	var raw map[string]any
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatal(err)
	}
	if b, ok := v.(*literllm.Binary); ok {
		if b.ContentType != raw["content_type"] || float64(b.Size) != raw["bytes"] {
			t.Fatalf("binary %s %d, raw %v", b.ContentType, b.Size, raw)
		}
		return
	}
	out, _ := json.Marshal(v)
	var back any
	_ = json.Unmarshal(out, &back)
	if msg := agree(back, raw, "$"); msg != "" {
		t.Fatalf("typed %s disagrees with the raw answer: %s", op, msg)
	}
	// the main fields are typed: a wrong JSON tag would leave them out
	bm, _ := back.(map[string]any)
	main := map[string][]string{
		"chat": {"id", "choices", "usage"}, "embed": {"data", "usage"}, "models": {"data"},
		"images": {"data", "usage"}, "image_edit": {"data", "usage"}, "transcribe": {"text", "usage"},
		"translate": {"text", "usage"}, "moderate": {"results"}, "rerank": {"results", "usage"},
		"file_upload": {"id", "bytes"}, "file_retrieve": {"id", "bytes"}, "file_list": {"data"},
		"file_delete": {"id", "deleted"}, "response_delete": {"id", "deleted"},
		"batch_create": {"id", "status"}, "batch_retrieve": {"id", "status"}, "batch_cancel": {"id", "status"},
		"batch_list": {"data"}, "responses": {"id", "status", "output", "usage"},
		"response_retrieve": {"id", "status", "output", "usage"}, "response_cancel": {"id", "status", "output", "usage"},
		"count_tokens": {"input_tokens"}, "cost": {"usd"},
	}
	for _, k := range main[op] {
		if rv, has := raw[k]; has && rv != nil {
			if _, typed := bm[k]; !typed {
				t.Fatalf("typed %s has no %q (raw %v)", op, k, rv)
			}
		}
	}
	switch r := v.(type) {
	case *literllm.ChatCompletion:
		choices, _ := raw["choices"].([]any)
		if len(r.Choices) != len(choices) {
			t.Fatalf("choices: typed %d, raw %d", len(r.Choices), len(choices))
		}
		if len(choices) > 0 {
			msg, _ := choices[0].(map[string]any)["message"].(map[string]any)
			if c, _ := msg["content"].(string); c != r.Content() {
				t.Fatalf("content: typed %q, raw %q", r.Content(), c)
			}
			calls, _ := msg["tool_calls"].([]any)
			if len(calls) != len(r.Choices[0].Message.ToolCalls) {
				t.Fatalf("tool calls: typed %d, raw %d", len(r.Choices[0].Message.ToolCalls), len(calls))
			}
		}
		if raw["usage"] != nil && r.Usage == nil {
			t.Fatal("usage lost")
		}
	case *literllm.Response:
		if r.ID != raw["id"] && raw["id"] != nil {
			t.Fatalf("response id: typed %q, raw %v", r.ID, raw["id"])
		}
	}
}
