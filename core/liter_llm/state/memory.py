"""In-memory windowed counters for one process (the router's usage and health figures)."""

from __future__ import annotations

from collections import deque


class WindowCounter:
    """A sum over the last ``window`` seconds, kept in ``buckets`` slots: what falls out of the
    window leaves it a slot at a time (``window / buckets`` seconds), never all at once at a
    fixed boundary. O(1) per add; memory is the slot ring, whatever the rate."""

    __slots__ = ("_stamps", "_sums", "_width", "buckets", "window")

    def __init__(self, window: float, buckets: int = 60) -> None:
        self.window = window
        self.buckets = buckets
        self._width = window / buckets
        self._sums = [0.0] * buckets
        self._stamps = [-1] * buckets  # which slot number each ring entry holds

    def add(self, now: float, amount: float = 1.0) -> None:
        slot = int(now / self._width)
        i = slot % self.buckets
        if self._stamps[i] != slot:
            self._stamps[i] = slot
            self._sums[i] = 0.0
        self._sums[i] += amount

    def total(self, now: float) -> float:
        slot = int(now / self._width)
        oldest = slot - self.buckets + 1
        return sum(s for s, st in zip(self._sums, self._stamps, strict=True) if st >= oldest)


class EventWindow:
    """Timestamps of events within the last ``window`` seconds (failures for the cooldown)."""

    __slots__ = ("_times", "window")

    def __init__(self, window: float) -> None:
        self.window = window
        self._times: deque[float] = deque()

    def add(self, now: float) -> int:
        """Record one event; the count within the window, this one included."""
        self._times.append(now)
        return self.count(now)

    def count(self, now: float) -> int:
        t = self._times
        edge = now - self.window
        while t and t[0] <= edge:
            t.popleft()
        return len(t)

    def clear(self) -> None:
        self._times.clear()
