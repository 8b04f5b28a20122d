//go:build !cgo

package literllm

import (
	"context"
	"encoding/json"
)

// Built without cgo (CGO_ENABLED=0) the package reaches no library: only a Fake's clients
// answer, and the rest say why.
var errNoCgo = &Error{Label: "init_failed", Message: "built without cgo (CGO_ENABLED=0): only literllm.NewFake clients work; build with cgo to use the library"}

// Version needs the library.
func Version() (map[string]any, error) { return nil, errNoCgo }

// NewClient needs the library.
func NewClient(cfg Config) (*Client, error) { return nil, errNoCgo }

// Shutdown does nothing without the library.
func Shutdown() {}

// Close is harmless.
func (c *Client) Close() error { return nil }

// CallWithMeta answers from the client's fake.
func (c *Client) CallWithMeta(ctx context.Context, op string, req any, opts ...CallOption) (json.RawMessage, *Meta, error) {
	req, err := applyOptions(req, opts)
	if err != nil {
		return nil, nil, err
	}
	if c != nil && c.fake != nil {
		return c.fake.call(ctx, op, req)
	}
	return nil, nil, errNoCgo
}

// Stream answers from the client's fake.
func (c *Client) Stream(ctx context.Context, op string, req any, opts ...CallOption) (*EventStream, error) {
	req, err := applyOptions(req, opts)
	if err != nil {
		return nil, err
	}
	if c != nil && c.fake != nil {
		return c.fake.stream(ctx, op, req)
	}
	return nil, errNoCgo
}

// OnRequest needs the library (hooks are not faked).
func (c *Client) OnRequest(f func(HookEvent) error) error { return errNoCgo }

// OnResponse needs the library (hooks are not faked).
func (c *Client) OnResponse(f func(HookEvent)) error { return errNoCgo }

// OnError needs the library (hooks are not faked).
func (c *Client) OnError(f func(HookEvent)) error { return errNoCgo }
