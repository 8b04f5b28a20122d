"""Streams consumed by a host thread while the loop thread produces them.

A producer task on the library loop runs a ``StreamRun`` and puts each chunk into a
thread-safe queue; the consuming thread (a Python caller, or a C host in ``literllm_stream``
/ ``literllm_stream_next``) takes them with the GIL released while it waits.

- **Back-pressure**: at most ``HIGH_WATER`` chunks wait in the queue; then the producer stops
  reading the upstream (so TCP flow control slows the provider) until the consumer has taken
  the queue down to ``LOW_WATER``.
- **One consumer at a time**: a second concurrent ``next`` is ``invalid_argument``.
- ``close()`` cancels the producer, which closes the upstream connection, and wakes a consumer
  blocked in ``next`` with a ``cancelled`` answer.
"""

from __future__ import annotations

import asyncio
import queue
import threading
from collections.abc import Callable
from typing import Any

from . import _runtime, errors
from ._engine import Engine, StreamRun
from .transport import TransportLike

CHUNK, DONE, ERROR = 0, 1, 2
HIGH_WATER = 64
LOW_WATER = 16


class ThreadStream:
    __slots__ = (
        "_busy",
        "_closed",
        "_fut",
        "_lock",
        "_loop",
        "_paused",
        "_q",
        "_waiter",
        "finished",
        "run",
    )

    def __init__(self, engine: Engine, op: str, req: Any, transport: TransportLike) -> None:
        self.run: StreamRun = engine.stream(op, req, transport)  # validates on this thread
        self._q: queue.SimpleQueue[tuple[int, Any, Any]] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._waiter: Callable[[tuple[int, Any, Any]], None] | None = None
        self._busy = False  # a consumer is inside next()
        self._paused: asyncio.Event | None = None  # set by the consumer to resume the producer
        self._closed = False
        self.finished = False
        self._loop = _runtime.loop()
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
        q = self._q
        try:
            async for chunk, raw in self.run:
                put((CHUNK, chunk, raw))
                if q.qsize() >= HIGH_WATER:
                    ev = asyncio.Event()
                    with self._lock:
                        self._paused = ev
                    if q.qsize() >= LOW_WATER:  # the consumer may have drained meanwhile
                        await ev.wait()
                    with self._lock:
                        self._paused = None
            put((DONE, self.run.final(), None))
        except asyncio.CancelledError:
            put((ERROR, errors.CancelledError("stream cancelled by the caller"), None))
            raise
        except errors.LiterLlmError as e:
            put((ERROR, e, None))
        except Exception as e:  # a bug: still an answer, never a hang
            put((ERROR, errors.InternalError(f"{type(e).__name__}: {e}"), None))

    def _resume_if_drained(self) -> None:
        ev = self._paused
        if ev is not None and self._q.qsize() < LOW_WATER:
            with self._lock:
                ev, self._paused = self._paused, None
            if ev is not None:
                self._loop.call_soon_threadsafe(ev.set)

    def next(self) -> tuple[int, Any, Any]:
        """(CHUNK, dict, json bytes) | (DONE, final dict, None) | (ERROR, LiterLlmError, None).
        After DONE or ERROR, further calls give an ``invalid_argument`` ERROR; so does a call
        made while another thread is inside ``next`` on the same stream."""
        with self._lock:
            if self.finished:
                return (ERROR, errors.InvalidArgumentError("the stream has already ended"), None)
            if self._busy or self._waiter is not None:
                return (
                    ERROR,
                    errors.InvalidArgumentError(
                        "another thread is already reading this stream (one consumer at a time)"
                    ),
                    None,
                )
            self._busy = True
        try:
            item = self._q.get()
            if self._closed and item[0] == CHUNK:
                item = (ERROR, errors.CancelledError("the stream was closed"), None)
            self._resume_if_drained()
            return self._taken(item)
        finally:
            self._busy = False

    def _taken(self, item: tuple[int, Any, Any]) -> tuple[int, Any, Any]:
        """Record that ``item`` went to the consumer (DONE and ERROR end the stream)."""
        if item[0] != CHUNK:
            self.finished = True
        return item

    def next_async(self, deliver: Callable[[tuple[int, Any, Any]], None]) -> None:
        """Like ``next`` without blocking: ``deliver(item)`` runs once, at once if an item is
        queued, else on the loop thread when the producer has one."""
        with self._lock:
            if self.finished:
                raise errors.InvalidArgumentError("the stream has already ended")
            if self._waiter is not None or self._busy:
                raise errors.InvalidArgumentError("a next call is already pending on this stream")
            try:
                item = self._q.get_nowait()
            except queue.Empty:
                self._waiter = deliver
                return
        self._resume_if_drained()
        deliver(self._taken(item))

    def close(self) -> None:
        """Cancel the producer (and the upstream request) if it still runs; a consumer blocked
        in ``next`` wakes with ``cancelled``."""
        if self._closed:
            return
        self._closed = True
        if not self._fut.done():
            self._fut.cancel()
        with self._lock:
            ev, self._paused = self._paused, None
            busy = self._busy
        if ev is not None:
            self._loop.call_soon_threadsafe(ev.set)
        if busy:  # wake the blocked reader (the producer's own answer may follow: harmless)
            self._q.put((ERROR, errors.CancelledError("the stream was closed"), None))
        self.finished = True
