"""Streams consumed by a host thread while the loop thread produces them.

A producer task on the library loop runs a ``StreamRun`` and puts each chunk into a
thread-safe queue; the consuming thread (a Python caller, or a C host in ``literllm_stream``
/ ``literllm_stream_next``) takes them with the GIL released while it waits. ``close()``
cancels the producer, which closes the upstream connection.
"""

from __future__ import annotations

import asyncio
import queue
import threading
from collections.abc import Callable
from typing import Any

from . import _runtime, errors
from ._engine import Engine, StreamRun
from .transport import Transport

CHUNK, DONE, ERROR = 0, 1, 2


class ThreadStream:
    __slots__ = ("_fut", "_lock", "_q", "_waiter", "finished", "run")

    def __init__(self, engine: Engine, op: str, req: Any, transport: Transport) -> None:
        self.run: StreamRun = engine.stream(op, req, transport)  # validates on this thread
        self._q: queue.SimpleQueue[tuple[int, Any, Any]] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._waiter: Callable[[tuple[int, Any, Any]], None] | None = None
        self.finished = False
        self._fut = _runtime.submit(self._produce())

    def _put(self, item: tuple[int, Any, Any]) -> None:
        """Hand an item to a waiting ``next_async`` caller, else queue it."""
        with self._lock:
            waiter, self._waiter = self._waiter, None
            if waiter is None:
                self._q.put(item)
                return
        waiter(self._taken(item))

    async def _produce(self) -> None:
        put = self._put
        try:
            async for chunk, raw in self.run:
                put((CHUNK, chunk, raw))
            put((DONE, self.run.final(), None))
        except asyncio.CancelledError:
            put((ERROR, errors.CancelledError("stream cancelled by the caller"), None))
            raise
        except errors.LiterLlmError as e:
            put((ERROR, e, None))
        except Exception as e:  # a bug: still an answer, never a hang
            put((ERROR, errors.InternalError(f"{type(e).__name__}: {e}"), None))

    def next(self) -> tuple[int, Any, Any]:
        """(CHUNK, dict, json bytes) | (DONE, final dict, None) | (ERROR, LiterLlmError, None).
        After DONE or ERROR, further calls give an ``invalid_argument`` ERROR."""
        if self.finished:
            return (ERROR, errors.InvalidArgumentError("the stream has already ended"), None)
        return self._taken(self._q.get())

    def _taken(self, item: tuple[int, Any, Any]) -> tuple[int, Any, Any]:
        """Record that ``item`` went to the consumer (DONE and ERROR end the stream)."""
        if item[0] != CHUNK:
            self.finished = True
        return item

    def next_async(self, deliver: Callable[[tuple[int, Any, Any]], None]) -> None:
        """Like ``next`` without blocking: ``deliver(item)`` runs once, at once if an item is
        queued, else on the loop thread when the producer has one."""
        if self.finished:
            raise errors.InvalidArgumentError("the stream has already ended")
        with self._lock:
            if self._waiter is not None:
                raise errors.InvalidArgumentError("a next call is already pending on this stream")
            try:
                item = self._q.get_nowait()
            except queue.Empty:
                self._waiter = deliver
                return
        deliver(self._taken(item))

    def close(self) -> None:
        """Cancel the producer (and the upstream request) if it still runs."""
        if not self._fut.done():
            self._fut.cancel()
        self.finished = True
