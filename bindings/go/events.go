package literllm

import (
	"context"
	"encoding/json"
	"errors"
)

// EventStream is any streamed op's events as raw JSON (chat chunks, Responses API events):
//
//	for s.Next() { handle(s.Event()) }
//	if err := s.Err(); err != nil { ... }
//	final := s.Final()
//
// Close it (or cancel its context) to stop early; the upstream request is closed. ChatStream
// and ResponseStream are typed views of it.
type EventStream struct {
	src   eventSource
	ctx   context.Context
	stop  chan struct{}
	event json.RawMessage
	final json.RawMessage
	meta  *Meta
	done  bool
	err   error
}

// eventSource gives a stream's envelopes: the library's stream, or a fake's canned events.
type eventSource interface {
	next() ([]byte, error) // the next envelope
	free()                 // idempotent
}

// newEventStream reads src until its end; a cancelled ctx frees it, which wakes a blocked Next.
func newEventStream(ctx context.Context, src eventSource) *EventStream {
	s := &EventStream{src: src, ctx: ctx, stop: make(chan struct{})}
	go func() {
		select {
		case <-ctx.Done():
			src.free()
		case <-s.stop:
		}
	}()
	return s
}

// Next advances to the next event; false at the end or on error (see Err). Waiting parks
// only this goroutine, not an OS thread.
func (s *EventStream) Next() bool {
	if s.err != nil || s.done {
		return false
	}
	env, err := s.src.next()
	var data json.RawMessage
	var meta *Meta
	if err == nil {
		data, meta, err = checkMeta(env)
	}
	if err != nil {
		if ctxErr := contextEnded(s.ctx, err); ctxErr != nil {
			err = ctxErr
		}
		s.err = err
		s.Close()
		return false
	}
	var ev struct {
		Chunk    json.RawMessage `json:"chunk"`
		Done     bool            `json:"done"`
		Response json.RawMessage `json:"response"`
	}
	if err := json.Unmarshal(data, &ev); err != nil {
		s.err = &Error{Label: "invalid_response", Message: err.Error()}
		s.Close()
		return false
	}
	if ev.Done {
		s.done, s.final, s.meta, s.event = true, ev.Response, meta, nil
		s.Close()
		return false
	}
	s.event = ev.Chunk
	return true
}

// Event is the raw JSON of the event Next moved to.
func (s *EventStream) Event() json.RawMessage { return s.event }

// Final is the accumulated response once Next returned false without error.
func (s *EventStream) Final() json.RawMessage { return s.final }

// Err is the error that ended the stream, nil after a complete one.
func (s *EventStream) Err() error { return s.err }

// Meta is how the stream was served, once it ended: with its response, or from the error
// that ended it (nil before the end).
func (s *EventStream) Meta() *Meta {
	if s.done {
		return s.meta
	}
	var e *Error
	if errors.As(s.err, &e) {
		return e.Meta
	}
	return nil
}

// Close stops the stream (closing the upstream request if it still runs). Idempotent.
func (s *EventStream) Close() error {
	select {
	case <-s.stop:
	default:
		close(s.stop)
	}
	s.src.free()
	return nil
}

// ChatStream is a streamed chat completion:
//
//	for s.Next() { fmt.Print(s.Chunk().Choices[0].Delta.Content) }
//	if err := s.Err(); err != nil { ... }
//	final := s.Response()
type ChatStream struct {
	*EventStream
	chunk    *ChatCompletionChunk
	response *ChatCompletion
}

// ChatStream starts a streamed chat; req may be a *ChatRequest, a map or raw JSON.
func (c *Client) ChatStream(ctx context.Context, req any, opts ...CallOption) (*ChatStream, error) {
	s, err := c.Stream(ctx, "chat", req, opts...)
	if err != nil {
		return nil, err
	}
	return &ChatStream{EventStream: s}, nil
}

// Next advances to the next chunk; false at the end or on error (see Err).
func (s *ChatStream) Next() bool {
	return typedNext(s.EventStream, &s.chunk, &s.response,
		func(c *ChatCompletionChunk, raw json.RawMessage) { c.Raw = raw },
		func(r *ChatCompletion, raw json.RawMessage, m *Meta) { r.Raw, r.Meta = raw, m })
}

// typedNext advances s and decodes its event into a new *E, or, at the end, its final answer
// into a new *F (set keeps the raw JSON and meta of each).
func typedNext[E, F any](s *EventStream, ev **E, final **F, setEv func(*E, json.RawMessage), setFinal func(*F, json.RawMessage, *Meta)) bool {
	if !s.Next() {
		if s.done && *final == nil && s.err == nil {
			f := new(F)
			if err := json.Unmarshal(s.final, f); err != nil {
				s.err = &Error{Label: "invalid_response", Message: err.Error()}
				return false
			}
			setFinal(f, s.final, s.meta)
			*final = f
		}
		return false
	}
	e := new(E)
	if err := json.Unmarshal(s.event, e); err != nil {
		s.err = &Error{Label: "invalid_response", Message: err.Error()}
		s.Close()
		return false
	}
	setEv(e, s.event)
	*ev = e
	return true
}

// Chunk is the chunk Next moved to.
func (s *ChatStream) Chunk() *ChatCompletionChunk { return s.chunk }

// Response is the accumulated completion once Next returned false without error.
func (s *ChatStream) Response() *ChatCompletion { return s.response }
