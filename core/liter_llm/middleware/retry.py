"""Retry policy as named constants and small pure functions (the openai-python rules).

Retried: 408, 409, 429, every 5xx, connection errors and timeouts, unless the server says
``x-should-retry: false``; ``x-should-retry: true`` forces a retry. The delay is exponential
(0.5 s doubling, capped at 8 s) with up to 25 % jitter downwards, unless the server named a
delay in ``retry-after-ms`` or ``Retry-After`` (seconds or an HTTP date) no longer than
``MAX_RETRY_AFTER``. A stream is never retried after its first chunk reached the caller.
"""

from __future__ import annotations

import email.utils
import math
import time
from collections.abc import AsyncIterator, Mapping
from typing import Any

from .. import errors
from .context import CallContext
from .pipeline import Call, Stream, until_first_chunk

DEFAULT_MAX_RETRIES = 2
INITIAL_RETRY_DELAY = 0.5
MAX_RETRY_DELAY = 8.0
MAX_RETRY_AFTER = 60.0
JITTER = 0.25
RETRYABLE_STATUSES = frozenset({408, 409, 429})


def _get(headers: Mapping[str, str], name: str) -> str | None:
    v = headers.get(name)
    if v is None:
        v = headers.get(name.title())
    if v is None:
        for k, val in headers.items():
            if k.lower() == name:
                return val
    return v


def parse_retry_after(headers: Mapping[str, str], now: float | None = None) -> float | None:
    """Seconds the server asked us to wait, or None when it said nothing usable."""
    ms = _get(headers, "retry-after-ms")
    if ms is not None:
        try:
            v = float(ms) / 1000.0
            if math.isfinite(v) and v >= 0:
                return v
        except ValueError:
            pass
    ra = _get(headers, "retry-after")
    if ra is None:
        return None
    ra = ra.strip()
    try:
        v = float(ra)
        return v if math.isfinite(v) and v >= 0 else None
    except ValueError:
        pass
    try:
        parsed = email.utils.parsedate_to_datetime(ra)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if parsed is None:
        return None
    try:
        delta = parsed.timestamp() - (time.time() if now is None else now)
    except (OverflowError, ValueError, OSError):
        return None
    return max(0.0, delta)


def should_retry_status(status: int, headers: Mapping[str, str]) -> bool:
    """Whether an HTTP status (with the server's ``x-should-retry`` hint) is worth retrying."""
    hint = _get(headers, "x-should-retry")
    if hint is not None:
        h = hint.strip().lower()
        if h == "true":
            return True
        if h == "false":
            return False
    return status in RETRYABLE_STATUSES or status >= 500


def backoff_delay(
    retries_done: int,
    retry_after: float | None = None,
    jitter: float = 0.0,
    *,
    initial: float = INITIAL_RETRY_DELAY,
    maximum: float = MAX_RETRY_DELAY,
    max_retry_after: float = MAX_RETRY_AFTER,
) -> float:
    """Seconds to sleep before retry number ``retries_done + 1``.

    ``jitter`` is a random number in [0, 1); tests pass fixed values.
    """
    if retry_after is not None and 0 <= retry_after <= max_retry_after:
        return retry_after
    delay = min(initial * (2.0 ** max(0, retries_done)), maximum)
    return delay * (1.0 - JITTER * min(max(jitter, 0.0), 1.0))


# Errors that belong to one deployment (its key, its region's model list): another deployment
# of the same group may well answer, so they move on to it although they are not retryable.
DEPLOYMENT_LABELS = frozenset({"authentication", "permission_denied", "not_found"})


def wants_retry(err: Any, failover: bool) -> bool:
    """Whether ``err`` is worth another attempt; ``failover``: a fresh deployment is left."""
    hint = err.retry_hint
    retry = err.retryable if hint is None else hint
    return bool(retry) or (failover and err.label in DEPLOYMENT_LABELS)


class RetryLayer:
    """Attempts with backoff, each a call into the layers below (the router picks the
    deployment of each attempt). An attempt that fails over to a deployment this call has
    not tried yet goes at once; a backoff that would cross the deadline is not slept: the
    error is raised with its ``retry_after``. A stream is never retried after its first chunk
    reached the caller."""

    async def call(self, ctx: CallContext, nxt: Call) -> Any:
        attempt = 0
        while True:
            try:
                return await nxt(ctx)
            except errors.LiterLlmError as e:
                await backoff_or_raise(ctx, e, attempt)
                attempt += 1

    def stream(self, ctx: CallContext, nxt: Stream) -> AsyncIterator[Any]:
        attempts = [0]

        async def recover(e: errors.LiterLlmError) -> None:
            await backoff_or_raise(ctx, e, attempts[0])
            attempts[0] += 1

        return until_first_chunk(ctx, nxt, recover)


async def backoff_or_raise(ctx: CallContext, err: errors.LiterLlmError, attempt: int) -> None:
    """Sleep before the next attempt, or raise ``err`` when it must not or cannot be retried."""
    failover = ctx.failover is not None and ctx.failover(ctx)
    if attempt >= ctx.max_retries or not wants_retry(err, failover):
        raise err
    if failover:
        return
    delay = backoff_delay(attempt, err.retry_after, ctx.rng.random())
    if delay >= ctx.left():
        raise err
    await ctx.clock.sleep(delay)
