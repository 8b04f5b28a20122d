package literllm

/*
#cgo CFLAGS: -I${SRCDIR}
#cgo LDFLAGS: -ldl
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "liter_llm.h"

typedef struct {
	int (*abi_version)(void);
	char *(*version)(void);
	char *(*client_new)(const char *, uint64_t *);
	void (*client_free)(uint64_t);
	char *(*call)(uint64_t, const char *, const char *);
	char *(*stream_open)(uint64_t, const char *, const char *, uint64_t *);
	char *(*stream_next)(uint64_t);
	char *(*stream_next_async)(uint64_t, literllm_done_cb, void *);
	void (*stream_free)(uint64_t);
	char *(*call_async)(uint64_t, const char *, const char *, literllm_done_cb, void *);
	char *(*cancel)(uint64_t, uint64_t);
	char *(*client_set_hook)(uint64_t, const char *, literllm_hook_cb, void *);
	void (*free_)(char *);
	void (*shutdown)(void);
} ll_api;

static ll_api ll;

// Open the library at path and resolve every symbol; returns NULL or a static message.
static const char *ll_open(const char *path) {
	void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!h) return dlerror();
#define SYM(f, name) if (!(*(void **)&ll.f = dlsym(h, name))) return "missing symbol " name;
	SYM(abi_version, "literllm_abi_version")
	SYM(version, "literllm_version")
	SYM(client_new, "literllm_client_new")
	SYM(client_free, "literllm_client_free")
	SYM(call, "literllm_call")
	SYM(stream_open, "literllm_stream_open")
	SYM(stream_next, "literllm_stream_next")
	SYM(stream_next_async, "literllm_stream_next_async")
	SYM(stream_free, "literllm_stream_free")
	SYM(call_async, "literllm_call_async")
	SYM(cancel, "literllm_cancel")
	SYM(client_set_hook, "literllm_client_set_hook")
	SYM(free_, "literllm_free")
	SYM(shutdown, "literllm_shutdown")
#undef SYM
	return NULL;
}

extern void goDone(char *envelope, void *user_data);
extern int goHook(char *event, size_t n, char *reason, size_t cap, void *user_data);
static int ll_hook_tramp(const char *ev, size_t n, char *reason, size_t cap, void *ud) {
	return goHook((char *)ev, n, reason, cap, ud);
}

int ll_abi_version(void) { return ll.abi_version(); }
char *ll_version(void) { return ll.version(); }
char *ll_client_new(const char *c, uint64_t *out) { return ll.client_new(c, out); }
void ll_client_free(uint64_t c) { ll.client_free(c); }
char *ll_call(uint64_t c, const char *op, const char *r) { return ll.call(c, op, r); }
char *ll_stream_open(uint64_t c, const char *op, const char *r, uint64_t *out) {
	return ll.stream_open(c, op, r, out);
}
char *ll_stream_next_async(uint64_t s, uintptr_t h) { return ll.stream_next_async(s, goDone, (void *)h); }
void ll_stream_free(uint64_t s) { ll.stream_free(s); }
// user_data carries a cgo.Handle value, never a Go pointer.
char *ll_call_async(uint64_t c, const char *op, const char *r, uintptr_t h) {
	return ll.call_async(c, op, r, goDone, (void *)h);
}
char *ll_cancel(uint64_t c, uint64_t id) { return ll.cancel(c, id); }
char *ll_client_set_hook(uint64_t c, const char *ev, uintptr_t h) {
	return ll.client_set_hook(c, ev, ll_hook_tramp, (void *)h);
}
char *ll_client_clear_hook(uint64_t c, const char *ev) {
	return ll.client_set_hook(c, ev, NULL, NULL);
}
void ll_free(char *p) { ll.free_(p); }
void ll_shutdown(void) { ll.shutdown(); }
*/
import "C"

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"
	"unsafe"
)

// ABIVersion is the C ABI version this package was written against.
const ABIVersion = 1

var (
	loadOnce sync.Once
	loadErr  error
)

// configLibPath asks the installed engine where its library is: `liter-llm config --lib` of
// the venv in LITER_LLM_VENV, else of the `liter-llm` on PATH. Returns the path, or why not.
func configLibPath() (string, string) {
	cmd := "liter-llm"
	if v := os.Getenv("LITER_LLM_VENV"); v != "" {
		cmd = filepath.Join(v, "bin", "liter-llm")
	}
	exe, err := exec.LookPath(cmd)
	if err != nil {
		where := ""
		if cmd == "liter-llm" {
			where = " on PATH"
		}
		return "", cmd + " config --lib: not found" + where
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, exe, "config", "--lib").Output()
	if err != nil {
		return "", exe + " config --lib: " + err.Error()
	}
	return strings.TrimSpace(string(out)), ""
}

// loaderName is the library's name for the platform loader's own search.
func loaderName() string {
	if runtime.GOOS == "darwin" {
		return "libliter_llm.dylib"
	}
	return "libliter_llm.so"
}

// load opens libliter_llm by the lookup chain every binding shares: LITER_LLM_LIB, then
// `liter-llm config --lib` (the installed engine), then the platform loader.
func load() error {
	loadOnce.Do(func() {
		var tried []string
		candidates := []string{}
		if p := os.Getenv("LITER_LLM_LIB"); p != "" {
			candidates = append(candidates, p)
		} else {
			tried = append(tried, "LITER_LLM_LIB: not set")
		}
		if p, why := configLibPath(); p != "" {
			candidates = append(candidates, p)
		} else {
			tried = append(tried, why)
		}
		candidates = append(candidates, loaderName())
		for _, p := range candidates {
			cp := C.CString(p)
			msg := C.ll_open(cp)
			C.free(unsafe.Pointer(cp))
			if msg == nil {
				if v := int(C.ll_abi_version()); v != ABIVersion {
					loadErr = &Error{Label: "init_failed", Message: fmt.Sprintf(
						"%s has C ABI version %d; this package needs %d", p, v, ABIVersion)}
				}
				return
			}
			tried = append(tried, p+": "+C.GoString(msg))
		}
		loadErr = &Error{Label: "init_failed", Message: "cannot load libliter_llm; tried:\n  " +
			strings.Join(tried, "\n  ") + "\n" + InstallHint}
	})
	return loadErr
}

// InstallHint is the fix a failed lookup suggests.
const InstallHint = "install the engine: pip install literllm-engine (in a venv whose bin is on PATH, " +
	"or named by LITER_LLM_VENV), or set LITER_LLM_LIB to libliter_llm's path"

// gate bounds how many goroutines are inside the library's non-blocking calls at once.
// Each such call waits for the embedded interpreter's lock; a goroutine queued here parks
// in Go, where one waiting inside C would hold an OS thread (and make the runtime start
// more). Blocking calls (Shutdown, Close) never pass through it.
var gate = make(chan struct{}, 16)

// gatedDo runs f, a short library call that never waits on another goroutine, through gate.
func gatedDo(f func()) {
	gate <- struct{}{}
	defer func() { <-gate }()
	f()
}

// gated is gatedDo for a call with a result.
func gated[T any](f func() T) (v T) {
	gatedDo(func() { v = f() })
	return v
}

// takeEnvelope copies a library string into Go memory and frees it.
func takeEnvelope(p *C.char) []byte {
	if p == nil {
		return nil
	}
	defer C.ll_free(p)
	return C.GoBytes(unsafe.Pointer(p), C.int(C.strlen(p)))
}

// cstr returns a C copy of s; the caller frees it.
func cstr(s []byte) *C.char {
	return (*C.char)(C.CBytes(append(s, 0)))
}
