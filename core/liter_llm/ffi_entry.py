"""The bridge the shared library calls: bytes in, envelope bytes out.

Each function here backs one exported C symbol of ``include/liter_llm.h`` (the C wrappers in
``ffi/build.py`` convert pointers). Nothing raises out of this module: every outcome is an
envelope ``{"ok":true,"data":...}`` or ``{"ok":false,"error":{...}}``. Handles are integers
from one counter, so a stream handle is never a valid client handle and a freed handle is
never reused. No pydantic on this path: requests stay dicts, provider bodies are spliced
into the envelope without being encoded again.
"""

from __future__ import annotations

import itertools
import sys
import threading
from collections.abc import Callable
from typing import Any

from . import _json, _runtime, errors
from ._bridge import CHUNK, DONE, ThreadStream
from ._engine import OPS, Engine, Result
from ._version import __version__
from .config import ClientConfig
from .middleware.context import Meta
from .providers import registry
from .providers.base import Binary
from .transport import Transport

ABI_VERSION = 1

_ids = itertools.count(0x5EED0001)
_clients: dict[int, _Client] = {}
_streams: dict[int, ThreadStream] = {}
_inflight: dict[int, tuple[int, Any]] = {}  # request id -> (client handle, task or None)
_lock = threading.Lock()


class _Client:
    __slots__ = ("engine", "transport")

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.transport = Transport(engine.config.net())

    async def aclose(self) -> None:
        await self.engine.aclose()
        await self.transport.aclose()


# ---------------------------------------------------------------------- envelopes
def _dumps(obj: Any) -> bytes:
    return _json.dumps(obj)


def ok(data: Any) -> bytes:
    return b'{"ok":true,"data":' + _dumps(data) + b"}"


def ok_raw(raw: bytes, meta: Meta | None = None) -> bytes:
    if meta is None:
        return b'{"ok":true,"data":' + raw + b"}"
    return b'{"ok":true,"data":' + raw + b',"meta":' + _dumps(meta.to_dict()) + b"}"


def fail(e: BaseException) -> bytes:
    """The error envelope; ``meta`` (the attempts made) beside the error when the call got
    that far."""
    err = errors.from_exception(e)
    d = err.to_dict()
    env: dict[str, Any] = {"ok": False, "error": d}
    if err.meta is not None:
        env["meta"] = err.meta.to_dict()
    try:
        return _dumps(env)
    except TypeError:  # a message with a lone surrogate
        for k, v in d.items():
            if isinstance(v, str):
                d[k] = v.encode("utf-8", "replace").decode()
        return _dumps(env)


def _result(r: Result) -> bytes:
    if r.raw is not None:
        return ok_raw(r.raw, r.meta)
    data = r.data.to_dict() if isinstance(r.data, Binary) else r.data
    return ok_raw(_dumps(data), r.meta)


def parse_json(raw: bytes | None, what: str) -> Any:
    """Strict JSON from the host: UTF-8, no NaN/Infinity, bounded nesting."""
    if raw is None:
        raise errors.InvalidArgumentError(f"{what} is NULL")
    try:
        return _json.loads(raw)
    except ValueError as e:
        raise errors.InvalidArgumentError(
            f"{what} is not valid JSON: {errors.excerpt(str(e), 160)}"
        ) from None


def _op(raw: bytes | None) -> str:
    if raw is None:
        raise errors.InvalidArgumentError("op is NULL")
    op = raw[:64].decode("utf-8", "replace")
    if len(raw) > 64 or op not in OPS:
        shown = errors.excerpt(repr(raw[:64].decode("utf-8", "replace")), 40)
        raise errors.InvalidArgumentError(f"unknown op {shown}; known: {sorted(OPS)}")
    return op


def _client(h: int) -> _Client:
    c = _clients.get(h)
    if c is None:
        raise errors.InvalidArgumentError(f"unknown or freed client handle {h}")
    return c


# ---------------------------------------------------------------------- exported operations
def version() -> bytes:
    return ok(
        {
            "library": __version__,
            "abi": ABI_VERSION,
            "python": sys.version.split()[0],
            "venv": sys.prefix,  # the Python environment the library started
            "providers": len(registry.PROVIDERS),
            "ops": sorted(OPS),
        }
    )


def client_new(config: bytes | None) -> tuple[bytes, int]:
    try:
        cfg = parse_json(config, "config") if config is not None else {}
        if not isinstance(cfg, dict):
            raise errors.InvalidArgumentError("config must be a JSON object")
        client = _Client(Engine(ClientConfig.from_dict(cfg)))
        h = next(_ids)
        _clients[h] = client
        return ok({"client": h}), h
    except BaseException as e:
        return fail(e), 0


def client_free(h: int) -> None:
    c = _clients.pop(h, None)
    if c is None:
        return
    with _lock:
        mine = [rid for rid, (owner, _) in _inflight.items() if owner == h]
    for rid in mine:
        cancel(h, rid)
    _runtime.cancel_owned(c)  # blocking calls in other threads end as cancelled
    if _runtime._loop is not None:
        fut = _runtime.submit(c.aclose())
        if _runtime.on_loop_thread():
            return  # freed from a done callback: the close runs as soon as it returns
        try:
            fut.result(5.0)
        except Exception:
            pass


def call(h: int, op: bytes | None, req: bytes | None) -> bytes:
    try:
        c = _client(h)
        name = _op(op)
        request = parse_json(req, "request")
        return _result(_runtime.run(c.engine.call(name, request, c.transport), c))
    except BaseException as e:
        return fail(e)


def _open(h: int, op: bytes | None, req: bytes | None) -> ThreadStream:
    c = _client(h)
    name = _op(op)
    return ThreadStream(c.engine, name, parse_json(req, "request"), c.transport)


def stream(h: int, op: bytes | None, req: bytes | None, emit: Callable[[bytes], int]) -> bytes:
    """Blocking stream: ``emit(chunk_json)`` per chunk on this thread; non-zero cancels."""
    if _runtime.on_loop_thread():
        return fail(_runtime.reentry_error())
    try:
        s = _open(h, op, req)
    except BaseException as e:
        return fail(e)
    try:
        while True:
            kind, value, raw = s.next()
            if kind == CHUNK:
                if emit(raw) != 0:
                    s.close()
                    return fail(errors.CancelledError("stream cancelled by the callback"))
            elif kind == DONE:
                return ok_raw(_dumps(value), s.run.meta)
            else:
                return fail(value)
    except BaseException as e:
        s.close()
        return fail(e)


def stream_open(h: int, op: bytes | None, req: bytes | None) -> tuple[bytes, int]:
    try:
        s = _open(h, op, req)
    except BaseException as e:
        return fail(e), 0
    sid = next(_ids)
    _streams[sid] = s
    return ok({"stream": sid}), sid


def _event(item: tuple[int, Any, Any], meta: Meta | None = None) -> bytes:
    kind, value, raw = item
    if kind == CHUNK:
        return b'{"ok":true,"data":{"chunk":' + bytes(raw) + b"}}"
    if kind == DONE:
        return ok_raw(b'{"done":true,"response":' + _dumps(value) + b"}", meta)
    return fail(value)


def stream_next(sid: int) -> bytes:
    if _runtime.on_loop_thread():
        return fail(_runtime.reentry_error())
    s = _streams.get(sid)
    if s is None:
        return fail(errors.InvalidArgumentError(f"unknown or freed stream handle {sid}"))
    try:
        return _event(s.next(), s.run.meta)
    except BaseException as e:
        return fail(e)


def stream_next_async(sid: int, done: Callable[[bytes], None]) -> bytes:
    """The next event without blocking: ``done(envelope)`` runs once, only if this returns ok."""
    s = _streams.get(sid)
    if s is None:
        return fail(errors.InvalidArgumentError(f"unknown or freed stream handle {sid}"))
    try:
        meta = s.run.meta
        s.next_async(lambda item: done(_event(item, meta)))
    except BaseException as e:
        return fail(e)
    return ok({"pending": True})


def stream_free(sid: int) -> None:
    s = _streams.pop(sid, None)
    if s is not None:
        s.close()


def call_async(h: int, op: bytes | None, req: bytes | None, done: Callable[[bytes], None]) -> bytes:
    """Start a call; ``done(envelope)`` runs once on the loop thread, only if this returns ok."""
    try:
        c = _client(h)
        name = _op(op)
        request = parse_json(req, "request")
    except BaseException as e:
        return fail(e)
    rid = next(_ids)
    loop = _runtime.loop()
    with _lock:
        _inflight[rid] = (h, None)

    def finish(task: Any) -> None:
        with _lock:
            _inflight.pop(rid, None)
        if task.cancelled():
            env = fail(errors.CancelledError("request cancelled by the caller"))
        elif task.exception() is not None:
            env = fail(task.exception())
        else:
            env = _result(task.result())
        done(env)

    def start() -> None:
        task = loop.create_task(c.engine.call(name, request, c.transport))
        with _lock:
            cancelled_early = _inflight.get(rid, (h, None))[1] == "cancel"
            _inflight[rid] = (h, task)
        task.add_done_callback(finish)
        if cancelled_early:
            task.cancel()

    loop.call_soon_threadsafe(start)
    return ok({"request_id": rid})


def cancel(h: int, rid: int) -> bytes:
    try:
        with _lock:
            entry = _inflight.get(rid)
            if entry is None or entry[0] != h:
                return ok({"cancelled": False})
            task = entry[1]
            if task is None:
                _inflight[rid] = (h, "cancel")  # start() has not run yet: it cancels at once
        if task is not None and task != "cancel":
            _runtime.loop().call_soon_threadsafe(task.cancel)
        return ok({"cancelled": True})
    except BaseException as e:
        return fail(e)


def client_set_hook(h: int, event: bytes | None, fn: Callable[[bytes], str | None] | None) -> bytes:
    """Set or (fn None) remove a client's C hook of ``event``."""
    try:
        c = _client(h)
        name = (event or b"")[:32].decode("utf-8", "replace")
        c.engine.hooks.set_native(name, fn)
        c.engine.compose()
        return ok({"event": name, "set": fn is not None})
    except BaseException as e:
        return fail(e)


def shutdown() -> None:
    for sid in list(_streams):
        stream_free(sid)
    _runtime.shutdown()
