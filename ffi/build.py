"""Build libliter_llm.so: cffi embedding of the Python core behind include/liter_llm.h.

    python ffi/build.py [OUT_DIR [TMP_DIR]]        (default: build/)

The exported ``literllm_*`` symbols are hand-written C wrappers. They start CPython once
(pthread_once) with PyConfig -- isolated from PYTHON* variables, no user site, no signal
handlers, program name pinned to the venv's python (LITER_LLM_VENV, else the venv the
library lies in when installed from the wheel, else the venv this build ran in) -- after
re-opening libpython RTLD_GLOBAL so RTLD_LOCAL hosts (the JVM, .NET, plain dlopen) can
import C extensions. A start-up failure becomes an "init_failed" envelope. Cheap checks
(NULL, size limit) answer in C without entering Python. The cffi entry points (``ll__*``)
are internal and call ``liter_llm.ffi_entry``.
"""

from __future__ import annotations

import os
import sys

import cffi

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
INCLUDE = os.path.join(ROOT, "include")

# The checkout's build remembers its venv; a wheel's library finds the venv around it instead
# (setup.py sets LITER_LLM_BUILD_WHEEL), so no build machine's path is baked into it.
BAKED_VENV = (
    sys.prefix
    if sys.prefix != sys.base_prefix and not os.environ.get("LITER_LLM_BUILD_WHEEL")
    else ""
)
BAKED_BASE_EXE = os.path.realpath(getattr(sys, "_base_executable", sys.executable))

ffibuilder = cffi.FFI()
ffibuilder.embedding_api("""
typedef int (*literllm_chunk_cb)(const char *chunk_json, size_t len, void *user_data);
typedef void (*literllm_done_cb)(char *envelope, void *user_data);
typedef int (*literllm_hook_cb)(const char *event_json, size_t len, char *reason,
                                size_t reason_cap, void *user_data);
char *ll__version(void);
char *ll__client_new(const char *config_json, uint64_t *out_client);
void ll__client_free(uint64_t client);
char *ll__call(uint64_t client, const char *op, const char *request_json);
char *ll__stream(uint64_t client, const char *op, const char *request_json,
                 literllm_chunk_cb cb, void *user_data);
char *ll__stream_open(uint64_t client, const char *op, const char *request_json,
                      uint64_t *out_stream);
char *ll__stream_next(uint64_t stream);
char *ll__stream_next_async(uint64_t stream, literllm_done_cb done, void *user_data);
void ll__stream_free(uint64_t stream);
char *ll__call_async(uint64_t client, const char *op, const char *request_json,
                     literllm_done_cb done, void *user_data);
char *ll__cancel(uint64_t client, uint64_t request_id);
char *ll__client_set_hook(uint64_t client, const char *event, literllm_hook_cb hook,
                          void *user_data);
void ll__shutdown(void);
""")
ffibuilder.cdef("char *ll__dup(const char *data, size_t n);")

C_SOURCE = r"""
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <pthread.h>
#include <dlfcn.h>
#include "liter_llm.h"

#define LL_EXPORT __attribute__((visibility("default")))
#define LL_BAKED_VENV "@BAKED_VENV@"
#define LL_BAKED_BASE_EXE "@BAKED_BASE_EXE@"

/* the cffi entry points, defined further down by cffi */
static char *ll__version(void);
static char *ll__client_new(const char *, uint64_t *);
static void ll__client_free(uint64_t);
static char *ll__call(uint64_t, const char *, const char *);
static char *ll__stream(uint64_t, const char *, const char *, literllm_chunk_cb, void *);
static char *ll__stream_open(uint64_t, const char *, const char *, uint64_t *);
static char *ll__stream_next(uint64_t);
static char *ll__stream_next_async(uint64_t, literllm_done_cb, void *);
static void ll__stream_free(uint64_t);
static char *ll__call_async(uint64_t, const char *, const char *, literllm_done_cb, void *);
static char *ll__cancel(uint64_t, uint64_t);
static char *ll__client_set_hook(uint64_t, const char *, literllm_hook_cb, void *);
static void ll__shutdown(void);

static pthread_once_t ll__once = PTHREAD_ONCE_INIT;
static char ll__init_error[2048];                 /* "" once Python is usable */
static volatile int ll__started = 0;
static pid_t ll__pid = 0;                          /* the process that started Python */
#define LL_FORK_MSG "liter_llm's runtime was started in a parent process before fork(); " \
    "it cannot run in a forked child (its I/O threads did not survive the fork). Make the " \
    "first liter_llm call after forking (PHP-FPM, gunicorn --preload: not in the master), " \
    "or start workers with spawn instead of fork"

/* 1 in a child forked after the runtime started: never enter Python there (its GIL may be
   held by a thread that does not exist in the child). */
static int ll__forked(void) { return ll__pid != 0 && getpid() != ll__pid; }

/* A malloc'd copy of n bytes plus a NUL: every string handed to the host. */
static char *ll__dup(const char *data, size_t n) {
    char *p = malloc(n + 1);
    if (!p) return NULL;
    memcpy(p, data, n);
    p[n] = 0;
    return p;
}

/* An error envelope built in C (for failures before or outside Python). */
static char *ll__err(const char *label, const char *msg) {
    size_t n = strlen(msg), i, j = 0;
    char *out = malloc(n * 6 + strlen(label) + 96);
    if (!out) return NULL;
    j += (size_t)sprintf(out, "{\"ok\":false,\"error\":{\"label\":\"%s\",\"message\":\"", label);
    for (i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)msg[i];
        if (ch == '"' || ch == '\\') { out[j++] = '\\'; out[j++] = (char)ch; }
        else if (ch < 0x20) j += (size_t)sprintf(out + j, "\\u%04x", ch);
        else out[j++] = (char)ch;
    }
    strcpy(out + j, "\",\"retryable\":false}}");
    return out;
}

static void ll__set_err(const char *what, const char *detail) {
    snprintf(ll__init_error, sizeof ll__init_error, "%s%s%s", what,
             detail ? ": " : "", detail ? detail : "");
}

/* The venv this library lies in: an installed wheel puts it in
   <venv>/lib/pythonX.Y/site-packages/liter_llm/lib/, below the venv's pyvenv.cfg. */
static const char *ll__own_venv_python(char *buf, size_t n) {
    Dl_info self;
    int up;
    if (!dladdr((void *)&ll__own_venv_python, &self) || !self.dli_fname) return NULL;
    snprintf(buf, n, "%s", self.dli_fname);
    for (up = 0; up < 8; up++) {
        char *s = strrchr(buf, '/');
        size_t l;
        if (!s || s == buf) return NULL;
        *s = 0;
        l = strlen(buf);
        snprintf(buf + l, n - l, "/pyvenv.cfg");
        if (access(buf, R_OK) == 0) {
            snprintf(buf + l, n - l, "/bin/python3");
            return access(buf, X_OK) == 0 ? buf : NULL;
        }
        buf[l] = 0;
    }
    return NULL;
}

static const char *ll__pick_python(char *buf, size_t n, const char *libpy) {
    const char *venv = getenv("LITER_LLM_VENV");
    if (venv && *venv) {                          /* explicit: must be valid */
        snprintf(buf, n, "%s/bin/python3", venv);
        return access(buf, X_OK) == 0 ? buf : NULL;
    }
    if (ll__own_venv_python(buf, n)) return buf;  /* installed: the venv around it */
    if (*LL_BAKED_VENV) {
        snprintf(buf, n, "%s/bin/python3", LL_BAKED_VENV);
        if (access(buf, X_OK) == 0) return buf;
    }
    if (libpy) {   /* <prefix>/lib[/<multiarch>]/libpython3.X.so -> <prefix>/bin/python3.X */
        int up;
        for (up = 2; up <= 3; up++) {
            int k; char *s = NULL;
            snprintf(buf, n, "%s", libpy);
            for (k = 0; k < up && (s = strrchr(buf, '/')) != NULL; k++) *s = 0;
            if (k == up) {
                size_t l = strlen(buf);
                snprintf(buf + l, n - l, "/bin/python%d.%d", PY_MAJOR_VERSION, PY_MINOR_VERSION);
                if (access(buf, X_OK) == 0) return buf;
            }
        }
    }
    snprintf(buf, n, "%s", LL_BAKED_BASE_EXE);
    return access(buf, X_OK) == 0 ? buf : NULL;
}

static void ll__init_python(void) {
    Dl_info info; const char *libpy = NULL; char exe[4096];
    PyConfig c; PyStatus st;
    if (dladdr((void *)&Py_InitializeFromConfig, &info) && info.dli_fname) libpy = info.dli_fname;
    /* RTLD_LOCAL hosts: make libpython's symbols global so C extensions can import. */
    if (libpy) (void)dlopen(libpy, RTLD_LAZY | RTLD_NOLOAD | RTLD_GLOBAL);
    ll__started = 1;
    ll__pid = getpid();
    if (Py_IsInitialized()) return;               /* the host already runs Python */
    const char *py = ll__pick_python(exe, sizeof exe, libpy);
    if (!py) {
        ll__set_err("no Python found",
                    "set LITER_LLM_VENV to a virtual environment of Python "
                    PY_STRINGIFY_VERSION " with liter_llm installed (make venv)");
        return;
    }
    PyConfig_InitPythonConfig(&c);
    c.install_signal_handlers = 0;                /* the host owns signals */
    c.use_environment = 0;                        /* ignore PYTHONHOME/PYTHONPATH/... */
    c.user_site_directory = 0;
    c.parse_argv = 0;
    c.safe_path = 1;
    st = PyConfig_SetBytesString(&c, &c.program_name, py);
    if (!PyStatus_Exception(st)) st = Py_InitializeFromConfig(&c);
    PyConfig_Clear(&c);
    if (PyStatus_Exception(st)) {
        char m[1024];
        snprintf(m, sizeof m, "%s (python %s; set LITER_LLM_VENV to a venv of Python "
                 PY_STRINGIFY_VERSION ")", st.err_msg ? st.err_msg : "?", py);
        ll__set_err(st.func ? st.func : "Python start-up failed", m);
        return;
    }
    PyEval_SaveThread();                          /* release the GIL, as cffi expects */
}

static int ll__ready(void) {
    pthread_once(&ll__once, ll__init_python);
    return ll__init_error[0] == 0;
}

#define LL_READY_OR_RETURN() \
    do { if (!ll__ready()) return ll__err("init_failed", ll__init_error); \
         if (ll__forked()) return ll__err("init_failed", LL_FORK_MSG); } while (0)
#define LL_LIVE() (ll__started && !ll__forked() && ll__ready())
#define LL_NONNULL(r) \
    ((r) ? (r) : ll__err("internal", "the embedded runtime failed to start (see stderr)"))

static int ll__too_big(const char *s) {
    return s && strnlen(s, LITERLLM_MAX_INPUT_BYTES + 1) > LITERLLM_MAX_INPUT_BYTES;
}
#define LL_CHECK_INPUT(op, req) do { \
    if (!(op)) return ll__err("invalid_argument", "op is NULL"); \
    if (!(req)) return ll__err("invalid_argument", "request_json is NULL"); \
    if (ll__too_big(req)) return ll__err("invalid_argument", \
        "request_json is larger than LITERLLM_MAX_INPUT_BYTES (16 MiB)"); } while (0)

LL_EXPORT int literllm_abi_version(void) { return LITERLLM_ABI_VERSION; }

LL_EXPORT void literllm_free(char *p) { free(p); }

LL_EXPORT char *literllm_version(void) {
    LL_READY_OR_RETURN();
    char *r = ll__version();
    return LL_NONNULL(r);
}

LL_EXPORT char *literllm_client_new(const char *config_json, uint64_t *out_client) {
    if (!out_client) return ll__err("invalid_argument", "out_client is NULL");
    *out_client = 0;
    if (ll__too_big(config_json))
        return ll__err("invalid_argument", "config_json is larger than LITERLLM_MAX_INPUT_BYTES");
    LL_READY_OR_RETURN();
    char *r = ll__client_new(config_json, out_client);
    return LL_NONNULL(r);
}

LL_EXPORT void literllm_client_free(uint64_t client) {
    if (client && LL_LIVE()) ll__client_free(client);
}

LL_EXPORT char *literllm_call(uint64_t client, const char *op, const char *request_json) {
    LL_CHECK_INPUT(op, request_json);
    LL_READY_OR_RETURN();
    char *r = ll__call(client, op, request_json);
    return LL_NONNULL(r);
}

LL_EXPORT char *literllm_stream(uint64_t client, const char *op, const char *request_json,
                                literllm_chunk_cb cb, void *user_data) {
    LL_CHECK_INPUT(op, request_json);
    if (!cb) return ll__err("invalid_argument", "cb is NULL");
    LL_READY_OR_RETURN();
    char *r = ll__stream(client, op, request_json, cb, user_data);
    return LL_NONNULL(r);
}

LL_EXPORT char *literllm_stream_open(uint64_t client, const char *op, const char *request_json,
                                     uint64_t *out_stream) {
    if (!out_stream) return ll__err("invalid_argument", "out_stream is NULL");
    *out_stream = 0;
    LL_CHECK_INPUT(op, request_json);
    LL_READY_OR_RETURN();
    char *r = ll__stream_open(client, op, request_json, out_stream);
    return LL_NONNULL(r);
}

LL_EXPORT char *literllm_stream_next(uint64_t stream) {
    LL_READY_OR_RETURN();
    char *r = ll__stream_next(stream);
    return LL_NONNULL(r);
}

LL_EXPORT char *literllm_stream_next_async(uint64_t stream, literllm_done_cb done,
                                          void *user_data) {
    if (!done) return ll__err("invalid_argument", "done is NULL");
    LL_READY_OR_RETURN();
    char *r = ll__stream_next_async(stream, done, user_data);
    return LL_NONNULL(r);
}

LL_EXPORT void literllm_stream_free(uint64_t stream) {
    if (stream && LL_LIVE()) ll__stream_free(stream);
}

LL_EXPORT char *literllm_call_async(uint64_t client, const char *op, const char *request_json,
                                    literllm_done_cb done, void *user_data) {
    LL_CHECK_INPUT(op, request_json);
    if (!done) return ll__err("invalid_argument", "done is NULL");
    LL_READY_OR_RETURN();
    char *r = ll__call_async(client, op, request_json, done, user_data);
    return LL_NONNULL(r);
}

LL_EXPORT char *literllm_cancel(uint64_t client, uint64_t request_id) {
    LL_READY_OR_RETURN();
    char *r = ll__cancel(client, request_id);
    return LL_NONNULL(r);
}

LL_EXPORT char *literllm_client_set_hook(uint64_t client, const char *event,
                                         literllm_hook_cb hook, void *user_data) {
    if (!event) return ll__err("invalid_argument", "event is NULL");
    LL_READY_OR_RETURN();
    char *r = ll__client_set_hook(client, event, hook, user_data);
    return LL_NONNULL(r);
}

LL_EXPORT void literllm_shutdown(void) {
    if (LL_LIVE()) ll__shutdown();
}
"""


def _c_source() -> str:
    src = C_SOURCE.replace("@BAKED_VENV@", BAKED_VENV).replace("@BAKED_BASE_EXE@", BAKED_BASE_EXE)
    ver = f"{sys.version_info[0]}.{sys.version_info[1]}"
    return src.replace("PY_STRINGIFY_VERSION", '"' + ver + '"')


ffibuilder.set_source(
    "_liter_llm_cffi",
    _c_source(),
    include_dirs=[INCLUDE],
    extra_compile_args=[
        "-Wall",
        "-Wextra",
        "-Werror",
        "-Wno-unused-parameter",
        "-Wno-unused-function",
        "-Wno-missing-field-initializers",
        "-Wno-cast-function-type",
        "-fvisibility=hidden",
    ],
)

ffibuilder.embedding_init_code(r"""
from _liter_llm_cffi import ffi, lib

try:
    from liter_llm import ffi_entry as _e
    _INIT_ERROR = None
except BaseException as _exc:                  # keep answering, with init_failed envelopes
    import traceback as _tb
    _e = None
    _INIT_ERROR = "".join(_tb.format_exception_only(type(_exc), _exc)).strip()

import json as _json


def _out(b):
    return lib.ll__dup(b, len(b))


def _init_failed():
    return _out(_json.dumps({"ok": False, "error": {
        "label": "init_failed", "retryable": False,
        "message": "cannot import liter_llm in the embedded Python (" + str(_INIT_ERROR)
                   + "); set LITER_LLM_VENV to the venv where it is installed"}}).encode())


def _s(p):
    return None if p == ffi.NULL else ffi.string(p)


def _deliver(done, ud):
    # the envelope sink of an async call: a malloc'd copy goes to the host's done callback
    return lambda env: done(lib.ll__dup(env, len(env)), ud)


@ffi.def_extern()
def ll__version():
    return _init_failed() if _e is None else _out(_e.version())


@ffi.def_extern()
def ll__client_new(cfg, out):
    if _e is None:
        return _init_failed()
    env, h = _e.client_new(_s(cfg))
    out[0] = h
    return _out(env)


@ffi.def_extern()
def ll__client_free(h):
    if _e is not None:
        _e.client_free(h)


@ffi.def_extern()
def ll__call(h, op, req):
    return _init_failed() if _e is None else _out(_e.call(h, _s(op), _s(req)))


@ffi.def_extern()
def ll__stream(h, op, req, cb, ud):
    if _e is None:
        return _init_failed()

    def emit(raw):
        return cb(raw, len(raw), ud)

    return _out(_e.stream(h, _s(op), _s(req), emit))


@ffi.def_extern()
def ll__stream_open(h, op, req, out):
    if _e is None:
        return _init_failed()
    env, sid = _e.stream_open(h, _s(op), _s(req))
    out[0] = sid
    return _out(env)


@ffi.def_extern()
def ll__stream_next(sid):
    return _init_failed() if _e is None else _out(_e.stream_next(sid))


@ffi.def_extern()
def ll__stream_next_async(sid, done, ud):
    if _e is None:
        return _init_failed()
    return _out(_e.stream_next_async(sid, _deliver(done, ud)))


@ffi.def_extern()
def ll__stream_free(sid):
    if _e is not None:
        _e.stream_free(sid)


@ffi.def_extern()
def ll__call_async(h, op, req, done, ud):
    if _e is None:
        return _init_failed()
    return _out(_e.call_async(h, _s(op), _s(req), _deliver(done, ud)))


@ffi.def_extern()
def ll__cancel(h, rid):
    return _init_failed() if _e is None else _out(_e.cancel(h, rid))


REASON_CAP = 1024  # bytes an on_request hook may write as its reason


def _native_hook(cb, ud):
    # a C hook as the engine calls it: payload JSON in, None or the refusal's reason out
    def run(payload):
        reason = ffi.new("char[]", REASON_CAP)
        if cb(payload, len(payload), reason, REASON_CAP, ud) == 0:
            return None
        return ffi.string(reason).decode("utf-8", "replace")

    return run


@ffi.def_extern()
def ll__client_set_hook(h, event, cb, ud):
    if _e is None:
        return _init_failed()
    fn = None if cb == ffi.NULL else _native_hook(cb, ud)
    return _out(_e.client_set_hook(h, _s(event), fn))


@ffi.def_extern()
def ll__shutdown():
    if _e is not None:
        _e.shutdown()
""")


if __name__ == "__main__":
    # python ffi/build.py [OUT_DIR [TMP_DIR]]: the library into OUT_DIR, cffi's C source and
    # objects into TMP_DIR (default OUT_DIR/cffi-tmp)
    out = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build"))
    tmp = os.path.abspath(sys.argv[2]) if len(sys.argv) > 2 else os.path.join(out, "cffi-tmp")
    os.makedirs(out, exist_ok=True)
    path = ffibuilder.compile(tmpdir=tmp, target="libliter_llm.*", verbose=False)
    final = os.path.join(out, os.path.basename(path))
    if os.path.abspath(path) != final:
        os.replace(path, final)
    print(final)
