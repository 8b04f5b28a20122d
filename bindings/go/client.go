// Package literllm is the Go binding of liter_llm: one LLM client for every provider, with
// retries, fallbacks and typed errors, over the libliter_llm C ABI.
//
// Calls run through the library's async ABI: a goroutine waiting for a response parks no OS
// thread, and cancelling its context cancels the upstream request. A Client is safe for
// concurrent use by many goroutines.
package literllm

/*
#include <stdint.h>
#include <stdlib.h>
#include "liter_llm.h"
char *ll_version(void);
char *ll_client_new(const char *c, uint64_t *out);
void ll_client_free(uint64_t c);
char *ll_call(uint64_t c, const char *op, const char *r);
char *ll_stream_open(uint64_t c, const char *op, const char *r, uint64_t *out);
char *ll_stream_next_async(uint64_t s, uintptr_t h);
void ll_stream_free(uint64_t s);
char *ll_call_async(uint64_t c, const char *op, const char *r, uintptr_t h);
char *ll_cancel(uint64_t c, uint64_t id);
void ll_shutdown(void);
*/
import "C"

import (
	"context"
	"encoding/json"
	"runtime/cgo"
	"unsafe"
)

// Version returns the library's version information.
func Version() (map[string]any, error) {
	if err := load(); err != nil {
		return nil, err
	}
	data, err := check(takeEnvelope(C.ll_version()))
	if err != nil {
		return nil, err
	}
	var v map[string]any
	return v, json.Unmarshal(data, &v)
}

// NewClient creates a client. Close it when done.
func NewClient(cfg Config) (*Client, error) {
	if err := load(); err != nil {
		return nil, err
	}
	b, err := json.Marshal(cfg)
	if err != nil {
		return nil, &Error{Label: "invalid_argument", Message: err.Error()}
	}
	cs := cstr(b)
	defer C.free(unsafe.Pointer(cs))
	var h C.uint64_t
	if _, err := check(takeEnvelope(C.ll_client_new(cs, &h))); err != nil {
		return nil, err
	}
	return &Client{handle: uint64(h), trace: cfg.TraceContext}, nil
}

// Close frees the client; in-flight calls end with ErrCancelled. Closing twice is harmless.
func (c *Client) Close() error {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	h := c.handle
	c.handle = 0
	hooks := c.hooks
	c.hooks = nil
	c.mu.Unlock()
	if h != 0 {
		C.ll_client_free(C.uint64_t(h))
	}
	for _, del := range hooks {
		del()
	}
	return nil
}

// Shutdown stops the library's I/O thread; call it before exit after heavy use (optional).
func Shutdown() {
	if load() == nil {
		C.ll_shutdown()
	}
}

func (c *Client) live() (uint64, error) {
	if c == nil {
		return 0, &Error{Label: "invalid_argument", Message: "nil client"}
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.handle == 0 {
		return 0, &Error{Label: "invalid_argument", Message: "client is closed"}
	}
	return c.handle, nil
}

// prepare checks the client and encodes the request.
func (c *Client) prepare(ctx context.Context, req any) (uint64, []byte, error) {
	h, err := c.live()
	if err != nil {
		return 0, nil, err
	}
	body, err := marshal(req)
	if err != nil {
		return h, nil, err
	}
	tp, ts := c.traceOf(ctx)
	return h, withCallOptions(ctx, body, tp, ts), nil
}

// CallWithMeta is Call that also returns how the call was served (deployment, attempts,
// fallbacks, latency). A failed call's *Error carries its Meta too.
func (c *Client) CallWithMeta(ctx context.Context, op string, req any, opts ...CallOption) (json.RawMessage, *Meta, error) {
	req, err := applyOptions(req, opts)
	if err != nil {
		return nil, nil, err
	}
	if c != nil && c.fake != nil {
		return c.fake.call(ctx, op, req)
	}
	h, body, err := c.prepare(ctx, req)
	if err != nil {
		return nil, nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, ctxError(err)
	}
	cop, creq := C.CString(op), cstr(body)
	defer C.free(unsafe.Pointer(cop))
	defer C.free(unsafe.Pointer(creq))
	done := make(chan []byte, 1)
	handle := cgo.NewHandle(done)
	accepted, err := check(gated(func() []byte {
		return takeEnvelope(C.ll_call_async(C.uint64_t(h), cop, creq, C.uintptr_t(handle)))
	}))
	if err != nil {
		handle.Delete() // done is never called for a refused call
		return nil, nil, err
	}
	var ack struct {
		RequestID uint64 `json:"request_id"`
	}
	_ = json.Unmarshal(accepted, &ack)
	select {
	case env := <-done:
		data, meta, err := checkMeta(env)
		if err != nil {
			if ctxErr := contextEnded(ctx, err); ctxErr != nil {
				return nil, nil, ctxErr
			}
		}
		return data, meta, err
	case <-ctx.Done():
		gated(func() []byte { return takeEnvelope(C.ll_cancel(C.uint64_t(h), C.uint64_t(ack.RequestID))) })
		env := <-done // the library always answers once; the handle is freed there
		if data, meta, err := checkMeta(env); err == nil {
			return data, meta, nil // it finished before the cancel took
		}
		return nil, nil, ctxError(ctx.Err())
	}
}
