"""The library's own event loop: one daemon thread running asyncio (on uvloop when installed).

All network I/O of the synchronous API and of the C ABI runs here, on long-lived connection
pools. Host threads hand coroutines over and wait with the GIL released. ``shutdown()`` stops
and joins the thread; the next call starts a fresh one.
"""

from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import os
import threading
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")

_lock = threading.Lock()
_loop: asyncio.AbstractEventLoop | None = None
_thread: threading.Thread | None = None
_pid = 0  # the process whose loop thread runs

FORK_MESSAGE = (
    "liter_llm's runtime was started before fork(); it cannot run in a forked child (its I/O "
    "threads did not survive the fork). Make the first liter_llm call after forking "
    "(gunicorn --preload, multiprocessing: not in the parent), or use the spawn start method"
)


def check_fork() -> None:
    """Fail fast, never hang, in a child forked after the runtime started."""
    if _pid and os.getpid() != _pid:
        from .errors import InitFailedError

        raise InitFailedError(FORK_MESSAGE)


def _close_pools() -> Coroutine[Any, Any, None]:
    from .transport import close_all_on_this_loop

    return close_all_on_this_loop()


def _new_loop() -> asyncio.AbstractEventLoop:
    try:
        import uvloop

        return uvloop.new_event_loop()  # type: ignore[no-any-return]
    except ImportError:  # pragma: no cover - uvloop is a dependency on POSIX
        return asyncio.new_event_loop()


def loop() -> asyncio.AbstractEventLoop:
    """The running library loop, started on first use."""
    global _loop, _thread, _pid
    lp = _loop
    if lp is not None:
        if _pid != os.getpid():
            check_fork()
        return lp
    check_fork()
    with _lock:
        if _loop is None:
            _pid = os.getpid()
            lp = _new_loop()
            ready = threading.Event()

            def main() -> None:
                asyncio.set_event_loop(lp)
                lp.call_soon(ready.set)
                lp.run_forever()

            _thread = threading.Thread(target=main, name="liter-llm-loop", daemon=True)
            _thread.start()
            ready.wait()
            _loop = lp
        return _loop


def on_loop_thread() -> bool:
    return _thread is not None and threading.current_thread() is _thread


def reentry_error() -> BaseException:
    from .errors import InvalidArgumentError

    return InvalidArgumentError(
        "a blocking liter_llm call was made on the library's own I/O thread (from a done "
        "callback of an async call?); callbacks there must only hand the result off"
    )


def submit(coro: Coroutine[Any, Any, T]) -> concurrent.futures.Future[T]:
    """Schedule ``coro`` on the library loop; the returned future is thread-safe."""
    return asyncio.run_coroutine_threadsafe(coro, loop())


# Blocking calls in flight on the library loop, with their owner (a client), so that freeing
# a client or shutting down ends them as ``cancelled`` at once.
_blocking: dict[asyncio.Task[Any], object] = {}
_blocking_lock = threading.Lock()


def run(coro: Coroutine[Any, Any, T], owner: object = None) -> T:
    """Run ``coro`` on the library loop and block this (non-loop) thread until it ends.

    The hop is one ``call_soon_threadsafe`` and a lock released by the task's done callback:
    lighter than ``run_coroutine_threadsafe`` and ``concurrent.futures`` (the lock wait
    releases the GIL). Running blocking calls on their caller's own loop was tried and
    measured: within noise of this, and the HTTP engine keeps per-thread wake-up sockets on
    a loop until it closes, which short-lived host threads would pile up."""
    if on_loop_thread():
        coro.close()
        raise reentry_error()
    lp = loop()
    done = threading.Lock()
    done.acquire()
    box: list[asyncio.Task[T]] = []

    def finished(task: asyncio.Task[T]) -> None:
        with _blocking_lock:
            _blocking.pop(task, None)
        box.append(task)
        done.release()

    def start() -> None:
        task = lp.create_task(coro)
        with _blocking_lock:
            _blocking[task] = owner
        task.add_done_callback(finished)

    lp.call_soon_threadsafe(start)
    done.acquire()
    task = box[0]
    if task.cancelled():
        from .errors import CancelledError

        raise CancelledError("the call was cancelled (its client was freed, or shutdown)")
    return task.result()


def cancel_owned(owner: object = None) -> int:
    """Cancel the blocking calls of ``owner`` (every one when None); returns how many."""
    lp = _loop
    if lp is None:
        return 0
    with _blocking_lock:
        mine = [t for t, o in _blocking.items() if owner is None or o is owner]
    for t in mine:
        try:
            lp.call_soon_threadsafe(t.cancel)
        except RuntimeError:  # the loop just closed
            pass
    return len(mine)


def shutdown(timeout: float = 5.0) -> None:
    """Close pools, stop the loop, join the thread. Safe to call twice or before any use."""
    global _loop, _thread
    cancel_owned(None)
    with _lock:
        lp, th = _loop, _thread
        _loop = _thread = None
    if lp is None or th is None:
        return

    async def close_all() -> None:
        try:
            await _close_pools()
        except Exception:
            pass
        tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for t in tasks:
            t.cancel()
        if tasks:
            await asyncio.wait(tasks, timeout=timeout)

    if th.is_alive() and threading.current_thread() is not th:
        try:
            asyncio.run_coroutine_threadsafe(close_all(), lp).result(timeout)
        except Exception:
            pass
        lp.call_soon_threadsafe(lp.stop)
        th.join(timeout)
    if not lp.is_running():
        lp.close()


atexit.register(shutdown)
