package literllm

/*
#include <stdint.h>
#include <stdlib.h>
char *ll_client_set_hook(uint64_t c, const char *event, uintptr_t h);
char *ll_client_clear_hook(uint64_t c, const char *event);
*/
import "C"

import (
	"context"
	"runtime/cgo"
	"unsafe"
)

// traceOf is the W3C trace context of a call: WithTraceContext's, else the config's reader.
func (c *Client) traceOf(ctx context.Context) (string, string) {
	if tc, ok := ctx.Value(traceKey{}).(traceContext); ok {
		return tc.parent, tc.state
	}
	if c.trace != nil {
		return c.trace(ctx)
	}
	return "", ""
}

type hook struct {
	request func(HookEvent) error
	observe func(HookEvent)
}

// OnRequest sets the hook run before each call is sent (nil removes it). A non-nil error
// refuses the call: it fails with ErrHookRejected, whose message is the error's text.
// Hooks run on a library worker thread, concurrently for concurrent calls.
func (c *Client) OnRequest(f func(HookEvent) error) error {
	if f == nil {
		return c.setHook("on_request", nil)
	}
	return c.setHook("on_request", &hook{request: f})
}

// OnResponse sets the hook run after each answered call (nil removes it).
func (c *Client) OnResponse(f func(HookEvent)) error {
	if f == nil {
		return c.setHook("on_response", nil)
	}
	return c.setHook("on_response", &hook{observe: f})
}

// OnError sets the hook run after each failed call (nil removes it).
func (c *Client) OnError(f func(HookEvent)) error {
	if f == nil {
		return c.setHook("on_error", nil)
	}
	return c.setHook("on_error", &hook{observe: f})
}

func (c *Client) setHook(event string, hk *hook) error {
	if c.fake != nil {
		return &Error{Label: "unsupported", Message: "a fake client runs no hooks"}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.handle == 0 {
		return &Error{Label: "invalid_argument", Message: "client is closed"}
	}
	ev := C.CString(event)
	defer C.free(unsafe.Pointer(ev))
	if hk == nil {
		_, err := check(takeEnvelope(C.ll_client_clear_hook(C.uint64_t(c.handle), ev)))
		return err
	}
	h := cgo.NewHandle(hk)
	if _, err := check(takeEnvelope(C.ll_client_set_hook(C.uint64_t(c.handle), ev, C.uintptr_t(h)))); err != nil {
		h.Delete()
		return err
	}
	// a replaced hook may still be running for a call in flight: its handle lives until Close
	c.hooks = append(c.hooks, h.Delete)
	return nil
}
