"""Counters and maps the pipeline's layers keep between calls (in memory; Redis comes with the
limits and budgets layers). Layers never read a clock themselves: every method takes ``now``."""

from .memory import EventWindow, WindowCounter

__all__ = ["EventWindow", "WindowCounter"]
