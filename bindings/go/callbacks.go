package literllm

/*
#include <stdlib.h>
*/
import "C"

import (
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
