"""Request, response and error hooks: what a host runs around every call.

``on_request`` sees the request before anything is sent and may refuse it (the call then
fails with label ``hook_rejected``); ``on_response`` sees the answer (a stream's accumulated
answer); ``on_error`` sees the error of a failed call. Each gets one JSON object with
secrets removed (no API key, no credential header value, nothing the engine knows as a
secret). A client without hooks pays nothing: the observe layer is not in its pipeline.

Python hooks are plain functions (run on the engine's event loop: keep them quick) or
coroutine functions (awaited). C hooks (``literllm_client_set_hook``) run on a worker
thread so a slow host function never stalls other calls' I/O.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable
from typing import Any

from .. import _json, errors
from ..config import secret_header
from .logs import log

EVENTS = ("on_request", "on_response", "on_error")

# A C hook: (payload JSON) -> None to let the call go on, or the reason it is refused.
NativeHook = Callable[[bytes], "str | None"]


class Hook:
    __slots__ = ("fn", "kind")

    def __init__(self, fn: Callable[..., Any], kind: str) -> None:
        self.fn = fn
        self.kind = kind  # "async", "sync" (Python) or "native" (a C function pointer)


class Hooks:
    """The hooks of one client, by event; ``any`` is False when none is set."""

    def __init__(self) -> None:
        self.by_event: dict[str, list[Hook]] = {e: [] for e in EVENTS}
        self.any = False

    def add(self, event: str, fn: Callable[..., Any], native: bool = False) -> None:
        if event not in EVENTS:
            raise errors.InvalidArgumentError(f"unknown hook {event!r}; known: {list(EVENTS)}")
        if not callable(fn):
            raise errors.InvalidArgumentError(f"the {event} hook must be callable")
        kind = "native" if native else "async" if inspect.iscoroutinefunction(fn) else "sync"
        self.by_event[event].append(Hook(fn, kind))
        self.any = True

    def set_native(self, event: str, fn: NativeHook | None) -> None:
        """Replace the C hook of ``event`` (None removes it)."""
        if event not in EVENTS:
            raise errors.InvalidArgumentError(f"unknown hook {event!r}; known: {list(EVENTS)}")
        self.by_event[event] = [h for h in self.by_event[event] if h.kind != "native"]
        if fn is not None:
            self.by_event[event].append(Hook(fn, "native"))
        self.any = any(self.by_event.values())

    async def run(self, event: str, payload: dict[str, Any]) -> str | None:
        """Run the hooks of ``event`` in the order they were added; for ``on_request``, the
        first refusal's reason (the rest do not run). A failing ``on_response`` or
        ``on_error`` hook is logged and never fails the call."""
        hooks = self.by_event[event]
        if not hooks:
            return None
        raw = scrubbed(payload)
        for h in hooks:
            try:
                if h.kind == "native":
                    loop = asyncio.get_running_loop()
                    reason = await loop.run_in_executor(None, h.fn, raw)
                    if reason is not None and event == "on_request":
                        return reason or "refused by the on_request hook"
                elif h.kind == "async":
                    await h.fn(_json.loads(raw))
                else:
                    h.fn(_json.loads(raw))
            except Exception as e:
                msg = errors.redact(f"{type(e).__name__}: {errors.excerpt(str(e), 200)}")
                if event == "on_request":
                    if isinstance(e, errors.HookRejectedError):
                        return e.message
                    return f"the on_request hook raised {msg}"
                log.warning("the %s hook raised %s", event, msg)
        return None


def scrubbed(payload: dict[str, Any]) -> bytes:
    """``payload`` as JSON with every known secret and credential-looking value removed."""
    return errors.redact(_json.dumps(payload).decode()).encode()


def options(opts: dict[str, Any]) -> dict[str, Any]:
    """Per-call options as a hook may see them: no key, no credential header value."""
    out = {k: v for k, v in opts.items() if k != "api_key"}
    headers = out.get("extra_headers")
    if isinstance(headers, dict):
        out["extra_headers"] = {k: ("***" if secret_header(k) else v) for k, v in headers.items()}
    return out
