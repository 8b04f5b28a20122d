package literllm

/*
#include <stdlib.h>
*/
import "C"

import (
	"encoding/json"
	"runtime/cgo"
	"unsafe"
)

// goDone receives the envelope of an async call on the library's I/O thread. It only hands
// the bytes to the waiting goroutine; no panic can cross into C.
//
//export goDone
func goDone(envelope *C.char, userData unsafe.Pointer) {
	defer func() { _ = recover() }()
	h := cgo.Handle(uintptr(userData))
	ch := h.Value().(chan []byte)
	h.Delete()
	ch <- takeEnvelope(envelope)
}

// goHook runs a Go hook for the library (on a library worker thread). For on_request, a
// non-nil error refuses the call: its text goes into reason (the library's buffer).
//
//export goHook
func goHook(event *C.char, n C.size_t, reason *C.char, capacity C.size_t, userData unsafe.Pointer) (refused C.int) {
	defer func() {
		if p := recover(); p != nil {
			refused = 0
		}
	}()
	hk, ok := cgo.Handle(uintptr(userData)).Value().(*hook)
	if !ok {
		return 0
	}
	raw := C.GoBytes(unsafe.Pointer(event), C.int(n))
	var ev HookEvent
	if err := json.Unmarshal(raw, &ev); err != nil {
		return 0
	}
	ev.Raw = raw
	if hk.observe != nil {
		hk.observe(ev)
		return 0
	}
	if err := hk.request(ev); err != nil {
		msg := []byte(err.Error())
		if max := int(capacity) - 1; len(msg) > max {
			msg = msg[:max]
		}
		buf := unsafe.Slice((*byte)(unsafe.Pointer(reason)), int(capacity))
		copy(buf, msg)
		buf[len(msg)] = 0
		return 1
	}
	return 0
}
