"""Rate limits (RPM and TPM) and concurrency limits, per deployment, model, caller key or
globally, in the client's state (this process, or Redis for many).

- **Rate limits** are sliding-window logs: never more than the limit in any window of its
  length. TPM reserves the prompt's estimate (its UTF-8 size / 4, plus ``max_tokens``)
  before dispatch and settles to the real ``total_tokens`` after; a failed call releases
  its tokens (its request still counts). On a limit the call waits, queued up to its
  deadline (``"on_limit": "wait"``, the default), or fails at once (``"reject"``) with
  ``rate_limited`` and ``retry_after`` equal to the real time left. A deployment's limit lets
  the router fail over to another deployment of the group.
- **Concurrency limits** (``max_in_flight``: provider name or deployment id -> N) hold at
  most N requests in flight in this process; the rest queue, up to their deadline.

Both sit inside the router: the deployment scope needs the chosen deployment.
"""

from __future__ import annotations

import asyncio
import itertools
import math
import uuid
from collections.abc import AsyncIterator
from typing import Any

from .. import errors, tokens
from ..config import RateLimit
from ..state.backend import State, StateUnavailable
from .context import CallContext
from .pipeline import Call, Stream


def caller_key(body: dict[str, Any]) -> str | None:
    """The caller a request names: OpenAI's ``user`` field, else ``metadata.key``."""
    user = body.get("user")
    if isinstance(user, str) and user:
        return user
    md = body.get("metadata")
    key = md.get("key") if isinstance(md, dict) else None
    return key if isinstance(key, str) and key else None


def token_estimate(ctx: CallContext) -> int:
    """Tokens to reserve before dispatch: the prompt's size / 4 (OpenAI's rule of thumb), plus
    the most the answer may take."""
    body = ctx.body
    out = body.get("max_completion_tokens") or body.get("max_tokens") or 0
    out = out if isinstance(out, int) and not isinstance(out, bool) else 0
    return math.ceil(prompt_bytes(ctx) / 4) + out


def prompt_bytes(ctx: CallContext) -> int:
    """``tokens.text_bytes`` of the call's body, summed once per call."""
    n = ctx.prompt_bytes
    if n is None:
        n = ctx.prompt_bytes = tokens.text_bytes(ctx.body)
    return n


_PROCESS = uuid.uuid4().hex[:12]  # member ids: unique across processes, cheap within one
_serial = itertools.count()


def member_id() -> str:
    return f"{_PROCESS}-{next(_serial)}"


def _tokens_used(data: Any) -> int:
    usage = data.get("usage") if isinstance(data, dict) else None
    t = usage.get("total_tokens") if isinstance(usage, dict) else None
    return t if isinstance(t, int) and not isinstance(t, bool) and t >= 0 else 0


class RateLimitLayer:
    def __init__(
        self, rules: tuple[RateLimit, ...], state: State, reject: bool, fail_open: bool
    ) -> None:
        self.rules = rules
        self.state = state
        self.reject = reject
        self.fail_open = fail_open

    def _scopes(self, ctx: CallContext, rule: RateLimit) -> str | None:
        if rule.scope == "global":
            return "*"
        if rule.scope == "model":
            return str(ctx.model)
        if rule.scope == "key":
            return caller_key(ctx.body)
        route = ctx.route
        return route.deployment_id or f"{route.target.provider}/{route.target.model}"

    async def acquire(self, ctx: CallContext) -> list[tuple[str, str, float]]:
        """Admit this attempt under every rule; the TPM entries to settle after it."""
        held: list[tuple[str, str, float]] = []
        member = member_id()
        est = token_estimate(ctx) if any(r.tpm for r in self.rules) else 0
        try:
            for rule in self.rules:
                who = self._scopes(ctx, rule)
                if who is None:
                    continue
                for kind, limit, amount in (("rpm", rule.rpm, 1), ("tpm", rule.tpm, est)):
                    if not limit:
                        continue
                    key = f"rl:{rule.scope}:{who}:{kind}:{rule.window:g}"
                    await self._admit(ctx, rule, who, kind, key, limit, amount, member)
                    if kind == "tpm":
                        held.append((key, member, rule.window))
        except StateUnavailable as e:
            await self.release(held)
            if self.fail_open:
                return []
            raise errors.ServiceUnavailableError(
                f"rate limits cannot be checked: {e} (state.on_unavailable is fail_closed)"
            ) from None
        except BaseException:
            await self.release(held)
            raise
        return held

    async def _admit(
        self,
        ctx: CallContext,
        rule: RateLimit,
        who: str,
        kind: str,
        key: str,
        limit: int,
        amount: int,
        member: str,
    ) -> None:
        while True:
            wait = await self.state.admit(key, limit, amount, rule.window, member)
            if wait == 0.0:
                return
            if self.reject or wait >= ctx.left() or math.isinf(wait):
                err = errors.RateLimitedError(
                    f"local {kind} limit of {limit} per {rule.window:g} s reached for "
                    f"{rule.scope} {who!r}"
                    + (f" (this call needs {amount})" if math.isinf(wait) else ""),
                    retry_after=None if math.isinf(wait) else wait,
                )
                # the same deployment's limit could let the router move on; others cannot
                err.retry_hint = None if rule.scope == "deployment" else False
                if ctx.obs is not None:
                    ctx.obs.rejections.append("rate")
                raise err
            await ctx.clock.sleep(wait)

    async def release(self, held: list[tuple[str, str, float]]) -> None:
        await self.settle(held, 0)

    async def settle(self, held: list[tuple[str, str, float]], used: int) -> None:
        for key, member, window in held:
            try:
                await self.state.adjust(key, member, used, window)
            except StateUnavailable:
                pass  # the entry ages out of its window

    async def call(self, ctx: CallContext, nxt: Call) -> Any:
        held = await self.acquire(ctx)
        try:
            r = await nxt(ctx)
        except BaseException:
            await self.release(held)
            raise
        if held:
            await self.settle(held, _tokens_used(getattr(r, "data", None)))
        return r

    async def stream(self, ctx: CallContext, nxt: Stream) -> AsyncIterator[Any]:
        held = await self.acquire(ctx)
        try:
            async for item in nxt(ctx):
                yield item
        except BaseException:
            await self.release(held)
            raise
        if held:
            usage = ctx.acc.usage if ctx.acc is not None else None
            await self.settle(held, _tokens_used({"usage": usage}))


class ConcurrencyLayer:
    """At most N requests in flight per provider or deployment (this process)."""

    def __init__(self, limits: dict[str, int]) -> None:
        self.limits = limits
        self._sems: dict[tuple[Any, str], asyncio.Semaphore] = {}

    def _sem(self, key: str) -> asyncio.Semaphore:
        loop = asyncio.get_running_loop()
        s = self._sems.get((loop, key))
        if s is None:
            s = self._sems[(loop, key)] = asyncio.Semaphore(self.limits[key])
        return s

    async def _enter(self, ctx: CallContext) -> list[asyncio.Semaphore]:
        route = ctx.route
        names = [n for n in (route.deployment_id, route.target.provider) if n in self.limits]
        taken: list[asyncio.Semaphore] = []
        try:
            for n in names:
                s = self._sem(n)
                if not s.locked():  # a free slot: no timer to set up
                    await s.acquire()
                    taken.append(s)
                    continue
                try:
                    async with asyncio.timeout(max(ctx.left(), 0)):
                        await s.acquire()
                except TimeoutError:
                    if ctx.obs is not None:
                        ctx.obs.rejections.append("concurrency")
                    raise errors.TimeoutError(
                        f"the deadline passed while waiting for one of {self.limits[n]} "
                        f"request slots of {n!r} (max_in_flight)"
                    ) from None
                taken.append(s)
        except BaseException:
            for s in taken:
                s.release()
            raise
        return taken

    async def call(self, ctx: CallContext, nxt: Call) -> Any:
        taken = await self._enter(ctx)
        try:
            return await nxt(ctx)
        finally:
            for s in taken:
                s.release()

    async def stream(self, ctx: CallContext, nxt: Stream) -> AsyncIterator[Any]:
        taken = await self._enter(ctx)
        try:
            async for item in nxt(ctx):
                yield item
        finally:
            for s in taken:
                s.release()
