"""Cooldown: a deployment that keeps failing is left alone for a while.

- ``allowed_fails`` failures of a counted kind within ``window`` seconds cool a deployment for
  ``seconds``, unless it is the last deployment of its group not cooling: that one is tried
  anyway (a group is never blacked out by its own failure count).
- A 429 with a Retry-After cools the deployment at once for exactly that long, the last one
  too: the provider said when to come back. When every deployment of a group is cooling, a
  call waits for the soonest to come back, up to its deadline (see the router).
- Caller faults (a bad request, a context window, a content policy, a cancel) never count.
"""

from __future__ import annotations

from typing import Any

from .. import errors
from ..config import CooldownConfig
from ..state import EventWindow

# Failures that say something about the deployment, not about the request.
COUNTED = frozenset(
    {
        "rate_limited",
        "timeout",
        "connection",
        "server_error",
        "service_unavailable",
        "stream_incomplete",
        "invalid_response",
        "authentication",
        "permission_denied",
        "not_found",
    }
)


class CooldownState:
    """A deployment's failures and how long it cools."""

    __slots__ = ("fails", "last_error", "until")

    def __init__(self, window: float) -> None:
        self.fails = EventWindow(window)
        self.until = 0.0
        self.last_error: errors.LiterLlmError | None = None


class Cooldown:
    def __init__(self, cfg: CooldownConfig) -> None:
        self.cfg = cfg

    def state(self) -> CooldownState:
        return CooldownState(self.cfg.window)

    @staticmethod
    def cooling(st: CooldownState, now: float) -> bool:
        return st.until > now

    def failed(
        self, st: CooldownState, err: errors.LiterLlmError, now: float, others_up: bool
    ) -> None:
        """Record a failure; ``others_up``: another deployment of the group is not cooling."""
        if err.label not in COUNTED:
            return
        if err.label == "rate_limited" and err.retry_after:
            st.until = max(st.until, now + err.retry_after)
            st.last_error = err
            return
        if st.fails.add(now) >= self.cfg.allowed_fails and others_up:
            st.until = now + self.cfg.seconds
            st.last_error = err
            st.fails.clear()


def all_cooling_error(group: str, err: Any, wait: float) -> errors.LiterLlmError:
    """Every deployment of ``group`` cools longer than the call may wait: the last error's
    label, with how long until the soonest comes back."""
    label = err.label if err is not None else "service_unavailable"
    e = errors.error_from_label(
        label,
        f"every deployment of {group!r} is cooling down for at least {wait:.3g} s more "
        f"(last error: {err.message if err is not None else 'none'})",
        status=getattr(err, "status", None),
        retry_after=wait,
        provider=getattr(err, "provider", None),
        model=getattr(err, "model", None),
    )
    return e
