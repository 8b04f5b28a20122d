package literllm

import (
	"context"
	"encoding/json"
	"sync"
)

// Fake is a test double: its Client answers from canned answers instead of the library, so
// tests of code that takes a *Client need no native library (this package builds with
// CGO_ENABLED=0, where only fakes can be made). Every typed method runs through it.
//
//	fake := literllm.NewFake().
//		Answer("chat", map[string]any{"choices": []any{map[string]any{"message": map[string]any{"content": "Hi!"}}}}).
//		Fail("embed", "rate_limited")
//	svc := NewService(fake.Client())
//	...
//	if len(fake.SentTo("chat")) != 1 { t.Fatal(...) }
//
// Answers of one op are used in order; the last repeats.
type Fake struct {
	mu      sync.Mutex
	answers map[string][]func() (json.RawMessage, error)
	used    map[string]int
	sent    []Sent
}

// Sent is a request a fake received: its op and its JSON.
type Sent struct {
	Op      string
	Request json.RawMessage
}

// NewFake is an empty fake: every op answers only what is queued for it.
func NewFake() *Fake {
	return &Fake{answers: map[string][]func() (json.RawMessage, error){}, used: map[string]int{}}
}

// Client is a *Client backed by the fake (closing it is harmless; hooks are not faked).
func (f *Fake) Client() *Client { return &Client{fake: f} }

func (f *Fake) queue(key string, a func() (json.RawMessage, error)) *Fake {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.answers[key] = append(f.answers[key], a)
	return f
}

// Answer queues an answer for op: anything JSON-able, or raw JSON (the response's data).
func (f *Fake) Answer(op string, data any) *Fake {
	raw, err := marshal(data)
	return f.queue(op, func() (json.RawMessage, error) { return raw, err })
}

// Fail queues a failure for op: an *Error of that label, as the library would return it.
func (f *Fake) Fail(op, label string) *Fake {
	return f.queue(op, func() (json.RawMessage, error) {
		return nil, &Error{Label: label, Message: "faked"}
	})
}

// Stream queues a stream for a streamed op ("chat", "responses"): its events, then its
// final response.
func (f *Fake) Stream(op string, events []any, final any) *Fake {
	var envs []json.RawMessage
	for _, e := range events {
		b, _ := json.Marshal(map[string]any{"ok": true, "data": map[string]any{"chunk": e}})
		envs = append(envs, b)
	}
	b, _ := json.Marshal(map[string]any{"ok": true, "data": map[string]any{"done": true, "response": final}})
	envs = append(envs, b)
	all, _ := json.Marshal(envs)
	return f.queue("stream:"+op, func() (json.RawMessage, error) { return all, nil })
}

// Sent is every request received, in order.
func (f *Fake) Sent() []Sent {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Sent(nil), f.sent...)
}

// SentTo is the requests of one op, in order.
func (f *Fake) SentTo(op string) []json.RawMessage {
	var out []json.RawMessage
	for _, s := range f.Sent() {
		if s.Op == op {
			out = append(out, s.Request)
		}
	}
	return out
}

func (f *Fake) next(key, op string, req any) (json.RawMessage, error) {
	body, err := marshal(req)
	if err != nil {
		return nil, err
	}
	f.mu.Lock()
	f.sent = append(f.sent, Sent{Op: op, Request: body})
	list := f.answers[key]
	i := f.used[key]
	f.used[key] = i + 1
	f.mu.Unlock()
	if len(list) == 0 {
		return nil, &Error{Label: "invalid_argument", Message: "the fake has no answer for " + key}
	}
	return list[min(i, len(list)-1)]()
}

func (f *Fake) call(ctx context.Context, op string, req any) (json.RawMessage, *Meta, error) {
	if err := ctx.Err(); err != nil {
		return nil, nil, ctxError(err)
	}
	data, err := f.next(op, op, req)
	return data, nil, err
}

func (f *Fake) stream(ctx context.Context, op string, req any) (*EventStream, error) {
	raw, err := f.next("stream:"+op, op, req)
	if err != nil {
		return nil, err
	}
	var envs []json.RawMessage
	if err := json.Unmarshal(raw, &envs); err != nil {
		return nil, &Error{Label: "internal", Message: err.Error()}
	}
	return newEventStream(ctx, &cannedSource{envs: envs}), nil
}

// cannedSource plays a fake stream's envelopes.
type cannedSource struct {
	mu   sync.Mutex
	envs []json.RawMessage
	i    int
	done bool
}

func (s *cannedSource) next() ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.done {
		return []byte(`{"ok":false,"error":{"label":"cancelled","message":"the stream was closed","retryable":false}}`), nil
	}
	e := s.envs[min(s.i, len(s.envs)-1)]
	s.i++
	return e, nil
}

func (s *cannedSource) free() {
	s.mu.Lock()
	s.done = true
	s.mu.Unlock()
}
