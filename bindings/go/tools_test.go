package literllm_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"testing"

	literllm "github.com/liter-llm/liter_llm/bindings/go"
)

// A tool round trip through the typed API: the exact bodies sent are the shared expectation.
func TestToolRoundTrip(t *testing.T) {
	ctx := context.Background()
	c, run := endpointClient(t, "tool_round_trip", nil)
	req := &literllm.ChatRequest{
		Model:      "gpt-4o-mini",
		Messages:   []literllm.Message{literllm.SystemMessage("Be brief."), literllm.UserMessage("Weather in Paris?")},
		Tools:      []literllm.Tool{literllm.FunctionTool("get_weather", "Weather of a city", map[string]any{"type": "object", "properties": map[string]any{"city": map[string]any{"type": "string"}}, "required": []string{"city"}})},
		ToolChoice: "auto",
	}
	r, err := c.Chat(ctx, req)
	if err != nil || r.Choices[0].FinishReason != "tool_calls" {
		t.Fatalf("first turn %v %v", r, err)
	}
	call := r.Choices[0].Message.ToolCalls[0]
	req.Messages = append(req.Messages, r.Choices[0].Message.ToParam(), literllm.ToolMessage(call.ID, "18C"))
	final, err := c.Chat(ctx, req)
	if err != nil || final.Content() != "It is 18C in Paris." {
		t.Fatalf("final %v %v", final, err)
	}
	var want map[string]any
	b, _ := os.ReadFile("../../tests/expected/tool_round_trip.json")
	_ = json.Unmarshal(b, &want)
	log := rawLog(t, "tool_round_trip", run)
	for i, key := range []string{"first", "second"} {
		if !reflect.DeepEqual(log[i]["body"], want[key]) {
			got, _ := json.Marshal(log[i]["body"])
			t.Fatalf("%s request sent %s", key, got)
		}
	}
}

func TestExtraCannotOverwriteATypedField(t *testing.T) {
	c, _ := endpointClient(t, "tool_round_trip", nil)
	_, err := c.Chat(context.Background(), &literllm.ChatRequest{
		Model: "m", Messages: []literllm.Message{literllm.UserMessage("hi")},
		Extra: map[string]any{"messages": []any{}},
	})
	if !errors.Is(err, literllm.ErrInvalidArgument) {
		t.Fatalf("want invalid_argument, got %v", err)
	}
}
