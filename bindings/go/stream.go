package literllm

/*
#include <stdint.h>
#include <stdlib.h>
char *ll_stream_open(uint64_t c, const char *op, const char *r, uint64_t *out);
char *ll_stream_next_async(uint64_t s, uintptr_t h);
void ll_stream_free(uint64_t s);
*/
import "C"

import (
	"context"
	"runtime/cgo"
	"sync"
	"unsafe"
)

// Stream starts a streamed op ("chat", "responses"); req may be a struct, map or raw JSON.
func (c *Client) Stream(ctx context.Context, op string, req any, opts ...CallOption) (*EventStream, error) {
	req, err := applyOptions(req, opts)
	if err != nil {
		return nil, err
	}
	if c != nil && c.fake != nil {
		return c.fake.stream(ctx, op, req)
	}
	h, body, err := c.prepare(ctx, req)
	if err != nil {
		return nil, err
	}
	cop, creq := C.CString(op), cstr(body)
	defer C.free(unsafe.Pointer(cop))
	defer C.free(unsafe.Pointer(creq))
	var sh C.uint64_t
	if _, err := check(gated(func() []byte {
		return takeEnvelope(C.ll_stream_open(C.uint64_t(h), cop, creq, &sh))
	})); err != nil {
		return nil, err
	}
	return newEventStream(ctx, &nativeSource{handle: uint64(sh)}), nil
}

// nativeSource is the library's pull stream, read through the async ABI.
type nativeSource struct {
	handle uint64
	once   sync.Once
}

func (s *nativeSource) free() {
	s.once.Do(func() { gatedDo(func() { C.ll_stream_free(C.uint64_t(s.handle)) }) })
}

// nextEnvelope waits for the stream's next envelope without holding an OS thread: the
// library answers through goDone. A cancelled context frees the stream ("cancelled").
func (s *nativeSource) next() ([]byte, error) {
	done := make(chan []byte, 1)
	h := cgo.NewHandle(done)
	if _, err := check(gated(func() []byte {
		return takeEnvelope(C.ll_stream_next_async(C.uint64_t(s.handle), C.uintptr_t(h)))
	})); err != nil {
		h.Delete() // refused: goDone never runs
		return nil, err
	}
	return <-done, nil
}
