"""The state the limit, budget and cache layers share, behind one small interface.

- **Sliding-window logs** (rate limits, rolling budgets): ``admit`` records an amount under a
  member id when the window's sum plus it stays within the limit, else says how long until it
  would; ``adjust`` settles a recorded amount (real tokens after the call; 0 releases it).
  Exact: never more than the limit within any window of its length (no fixed-window edge).
- **Held/spent counters** (calendar budgets): ``hold`` adds a reservation atomically when
  held + spent + amount stays within the limit; ``settle`` turns a reservation into spend
  (or releases it with 0).
- **A cache map** with TTL.

Amounts are integers (tokens, requests, nano-dollars). ``MemoryState`` serves one process
(the default); ``RedisState`` (``state/redis.py``) many processes and machines.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict, deque
from typing import Any, Protocol


class StateUnavailable(Exception):
    """The backend could not be reached (the layers apply ``on_unavailable``)."""


class State(Protocol):
    async def admit(self, key: str, limit: int, amount: int, window: float, member: str) -> float:
        """0.0 when admitted (recorded), else seconds until it could be (inf: never)."""
        ...

    async def adjust(self, key: str, member: str, amount: int, window: float) -> None: ...

    async def window_sum(self, key: str, window: float) -> int: ...

    async def hold(self, key: str, limit: int, amount: int, ttl: float | None) -> bool: ...

    async def settle(self, key: str, held: int, spent: int, ttl: float | None) -> None: ...

    async def counters(self, key: str) -> tuple[int, int]:
        """(held, spent) of a counter."""
        ...

    async def cache_get(self, key: str) -> bytes | None: ...

    async def cache_set(self, key: str, value: bytes, ttl: float) -> None: ...

    async def aclose(self) -> None: ...


class MemoryState:
    """One process's state (thread-safe: the library loop and callers' loops may share it).
    ``clock``: monotonic seconds (the injected clock, for exact tests)."""

    def __init__(self, clock: Any = None, max_entries: int = 10_000) -> None:
        self._now = clock.now if clock is not None else time.monotonic
        self._lock = threading.Lock()
        self._logs: dict[str, deque[list[Any]]] = {}  # key -> [time, amount, member]
        self._members: dict[str, dict[str, list[Any]]] = {}  # key -> member -> its entry
        self._sums: dict[str, int] = {}
        self._counters: dict[str, list[int]] = {}  # key -> [held, spent]
        self._cache: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
        self.max_entries = max_entries

    def _prune(self, key: str, window: float, now: float) -> deque[list[Any]]:
        log = self._logs.setdefault(key, deque())
        members = self._members.setdefault(key, {})
        edge = now - window
        while log and log[0][0] <= edge:
            _, amount, member = log.popleft()
            self._sums[key] -= amount
            members.pop(member, None)
        return log

    async def admit(self, key: str, limit: int, amount: int, window: float, member: str) -> float:
        with self._lock:
            now = self._now()
            log = self._prune(key, window, now)
            total = self._sums.get(key, 0)
            if total + amount <= limit:
                entry = [now, amount, member]
                log.append(entry)
                self._members[key][member] = entry
                self._sums[key] = total + amount
                return 0.0
            if amount > limit:
                return math.inf
            need, freed = total + amount - limit, 0
            for t, a, _ in log:
                freed += a
                if freed >= need:
                    return max(float(t) + window - now, 1e-6)
            return window  # pragma: no cover - the sum covers need

    async def adjust(self, key: str, member: str, amount: int, window: float) -> None:
        with self._lock:
            self._prune(key, window, self._now())
            entry = self._members[key].get(member)
            if entry is not None:  # else it already left the window
                self._sums[key] += amount - entry[1]
                entry[1] = amount

    async def window_sum(self, key: str, window: float) -> int:
        with self._lock:
            self._prune(key, window, self._now())
            return self._sums.get(key, 0)

    async def hold(self, key: str, limit: int, amount: int, ttl: float | None) -> bool:
        with self._lock:
            c = self._counters.setdefault(key, [0, 0])
            if c[0] + c[1] + amount > limit:
                return False
            c[0] += amount
            return True

    async def settle(self, key: str, held: int, spent: int, ttl: float | None) -> None:
        with self._lock:
            c = self._counters.setdefault(key, [0, 0])
            c[0] -= held
            c[1] += spent

    async def counters(self, key: str) -> tuple[int, int]:
        with self._lock:
            held, spent = self._counters.get(key, (0, 0))
            return held, spent

    async def cache_get(self, key: str) -> bytes | None:
        with self._lock:
            hit = self._cache.get(key)
            if hit is None:
                return None
            if hit[0] <= self._now():
                del self._cache[key]
                return None
            self._cache.move_to_end(key)  # least recently used leaves first
            return hit[1]

    async def cache_set(self, key: str, value: bytes, ttl: float) -> None:
        with self._lock:
            self._cache[key] = (self._now() + ttl, value)
            self._cache.move_to_end(key)
            while len(self._cache) > self.max_entries:
                self._cache.popitem(last=False)

    async def aclose(self) -> None:
        return None
