"""Deployment health: passive (failure rate over a window) and optional active probes.

Passive: a deployment whose failures over ``window`` seconds reach ``failure_rate`` of its
requests (once it has ``min_requests``) is unhealthy; the router avoids it while a healthy
deployment of the group is left, and sends to it again when its window clears. Active
(``interval`` > 0, off by default): every ``interval`` seconds each deployment gets a probe
(the ``models`` op, or a one-token chat); a failed probe marks it unhealthy until a probe
succeeds.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from .. import errors
from ..config import HealthConfig
from ..state import WindowCounter
from .context import Clock
from .cooldown import COUNTED


class HealthState:
    __slots__ = ("fails", "last_fail", "oks", "probe_error", "probe_ok")

    def __init__(self, window: float) -> None:
        self.oks = WindowCounter(window)
        self.fails = WindowCounter(window)
        self.last_fail = float("-inf")  # a deployment with no failure in the window is healthy
        self.probe_ok = True
        self.probe_error: str | None = None


class Health:
    def __init__(self, cfg: HealthConfig) -> None:
        self.cfg = cfg

    def state(self) -> HealthState:
        return HealthState(self.cfg.window)

    def healthy(self, st: HealthState, now: float) -> bool:
        if not st.probe_ok:
            return False
        if not self.cfg.passive or st.last_fail <= now - self.cfg.window:
            return True
        bad = st.fails.total(now)
        if not bad:
            return True
        total = bad + st.oks.total(now)
        return total < self.cfg.min_requests or bad / total < self.cfg.failure_rate

    def record(self, st: HealthState, now: float, err: errors.LiterLlmError | None) -> None:
        if err is None:
            st.oks.add(now)
        elif err.label in COUNTED:
            st.fails.add(now)
            st.last_fail = now


class Prober:
    """Runs the active probes on the loop it was started on, until ``stop``."""

    def __init__(
        self,
        health: Health,
        clock: Clock,
        targets: Sequence[tuple[HealthState, Callable[[], Awaitable[Any]]]],
        on_change: Callable[[], None],
    ) -> None:
        self.health = health
        self.clock = clock
        self.targets = targets
        self.on_change = on_change  # after every probe result
        self.task: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self.task is None:
            self.task = asyncio.get_running_loop().create_task(self._run())

    async def probe_all(self) -> None:
        async def one(st: HealthState, probe: Callable[[], Awaitable[Any]]) -> None:
            try:
                await probe()
                st.probe_ok, st.probe_error = True, None
            except errors.LiterLlmError as e:
                st.probe_ok, st.probe_error = False, e.label
            self.on_change()

        await asyncio.gather(*(one(st, p) for st, p in self.targets))

    async def _run(self) -> None:
        while True:
            await self.probe_all()
            await self.clock.sleep(self.health.cfg.interval)

    async def stop(self) -> None:
        task, self.task = self.task, None
        if task is not None and not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, RuntimeError):
                await task
