"""Budgets in USD (decimals, never floats), per scope (global, model, caller key) and window
(total, daily, monthly in UTC, or rolling N hours).

A **hard** budget reserves the call's worst-case cost atomically before dispatch: the
prompt's UTF-8 size (no tokenizer's count can exceed it) at the highest input-side price
(text, cache write) plus ``max_tokens`` (else the model's context window) at the highest
output-side price. A call that would cross the limit is refused with ``budget_exceeded``
before anything is sent; after the call the reservation settles to the real cost (a failure
releases it), so concurrent calls can never overspend. A model without a price cannot be
admitted by a hard budget (its cost is unknown): refused, never guessed. A **soft** budget
lets the call through and, once crossed, adds a warning to ``meta.warnings`` and the
``liter_llm`` logger. A stream abandoned after its first chunk is charged its worst case
(its real usage never arrives): never under.

Spend is kept in whole nano-dollars, each cost rounded up (never under).
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import AsyncIterator
from decimal import ROUND_CEILING, Decimal
from typing import Any

from .. import errors
from ..config import Budget, budget_seconds
from ..state.backend import State, StateUnavailable
from .context import CallContext
from .limits import caller_key, member_id, prompt_bytes
from .pipeline import Call, Stream

NANO = Decimal(1_000_000_000)
log = logging.getLogger("liter_llm")

IN_KEYS = ("input_mtok", "cache_write_mtok", "cache_write_1h_mtok")
OUT_KEYS = ("output_mtok", "output_reasoning_mtok")


def nano(usd: Decimal) -> int:
    return int((usd * NANO).to_integral_value(rounding=ROUND_CEILING))


def usd(n: int) -> str:
    d = Decimal(n) / NANO
    s = format(d, "f")
    return (s.rstrip("0").rstrip(".") if "." in s else s) or "0"


def window_id(window: str, now: datetime.datetime) -> tuple[str, float | None]:
    """(the calendar window's id, a TTL that outlives it) of ``now``."""
    if window == "daily":
        return now.strftime("%Y-%m-%d"), 2 * 86400.0
    if window == "monthly":
        return now.strftime("%Y-%m"), 32 * 86400.0
    return "total", None


class BudgetLayer:
    def __init__(
        self, budgets: tuple[Budget, ...], state: State, pricing: Any, fail_open: bool
    ) -> None:
        self.budgets = budgets
        self.has_soft = any(b.mode == "soft" for b in budgets)
        self.state = state
        self.pricing = pricing
        self.fail_open = fail_open

    def _who(self, ctx: CallContext, b: Budget) -> str | None:
        if b.scope == "global":
            return "*"
        if b.scope == "model":
            return str(ctx.model)
        return caller_key(ctx.body)

    def worst_case(self, ctx: CallContext) -> int:
        target = ctx.route.target
        price = self.pricing.price(target.provider, target.model, target.settings.get("base_model"))
        if price is None:
            raise errors.BudgetExceededError(
                f"no price for {target.provider}/{target.model}: a hard budget cannot admit a "
                "call whose cost is unknown (set it under 'pricing' or set 'base_model')",
                provider=target.provider,
                model=target.model,
            )
        prompt = prompt_bytes(ctx)
        body = ctx.body
        out = body.get("max_completion_tokens") or body.get("max_tokens")
        if not isinstance(out, int) or isinstance(out, bool) or out <= 0:
            out = price.context_window
        if not out:
            raise errors.BudgetExceededError(
                f"a hard budget needs max_tokens for {target.provider}/{target.model} "
                "(its output limit is not known)",
                provider=target.provider,
                model=target.model,
            )
        rate_in = max(
            (p for k in IN_KEYS if (p := price.get(k, prompt)) is not None), default=Decimal(0)
        )
        rate_out = max(
            (p for k in OUT_KEYS if (p := price.get(k, prompt)) is not None), default=Decimal(0)
        )
        return nano((rate_in * prompt + rate_out * out) / 1_000_000)

    async def _reserve(self, ctx: CallContext) -> list[tuple[Budget, str, Any]]:
        held: list[tuple[Budget, str, Any]] = []
        now = datetime.datetime.now(datetime.UTC)
        worst: int | None = None
        try:
            for b in self.budgets:
                who = self._who(ctx, b)
                if who is None or b.mode != "hard":
                    continue
                if worst is None:
                    worst = self.worst_case(ctx)
                limit = nano(b.limit_usd)
                rolling = budget_seconds(b.window)
                if rolling is not None:
                    key = f"budget:{b.scope}:{who}:{b.window}"
                    member = member_id()
                    ok = await self.state.admit(key, limit, worst, rolling, member) == 0.0
                    token: Any = (member, rolling, worst)
                else:
                    wid, ttl = window_id(b.window, now)
                    key = f"budget:{b.scope}:{who}:{wid}"
                    ok = await self.state.hold(key, limit, worst, ttl)
                    token = (None, ttl, worst)
                if not ok:
                    if ctx.obs is not None:
                        ctx.obs.rejections.append("budget")
                    raise errors.BudgetExceededError(
                        f"the {b.window} budget of ${b.limit_usd} for {b.scope} {who!r} would be "
                        f"crossed (this call may cost up to ${usd(worst)})"
                    )
                held.append((b, key, token))
        except StateUnavailable as e:
            await self._finish(held, 0)
            if self.fail_open:
                return []
            raise errors.ServiceUnavailableError(
                f"budgets cannot be checked: {e} (state.on_unavailable is fail_closed)"
            ) from None
        except BaseException:
            await self._finish(held, 0)
            raise
        return held

    async def _finish(
        self, held: list[tuple[Budget, str, Any]], spent: int, worst_case: bool = False
    ) -> None:
        """Settle each reservation to ``spent`` (its worst case when the real cost cannot be
        known: a stream abandoned after its first chunk)."""
        for _b, key, (member, ttl, worst) in held:
            if worst_case:
                spent = worst
            try:
                if member is not None:
                    await self.state.adjust(key, member, spent, ttl)
                else:
                    await self.state.settle(key, worst, spent, ttl)
            except StateUnavailable:
                log.warning("budget %s not settled: the state backend is unreachable", key)

    async def _soft(self, ctx: CallContext, spent: int) -> None:
        if not self.has_soft or not spent:
            return
        now = datetime.datetime.now(datetime.UTC)
        for b in self.budgets:
            who = self._who(ctx, b)
            if who is None or b.mode != "soft" or not spent:
                continue
            try:
                rolling = budget_seconds(b.window)
                if rolling is not None:
                    key = f"budget:{b.scope}:{who}:{b.window}"
                    await self.state.admit(key, 2**62, spent, rolling, member_id())
                    total = await self.state.window_sum(key, rolling)
                else:
                    wid, ttl = window_id(b.window, now)
                    key = f"budget:{b.scope}:{who}:{wid}"
                    await self.state.settle(key, 0, spent, ttl)
                    total = sum(await self.state.counters(key))
            except StateUnavailable:
                continue
            if total > nano(b.limit_usd):
                msg = (
                    f"soft budget crossed: {b.window} spend ${usd(total)} for {b.scope} {who!r} "
                    f"is over ${b.limit_usd}"
                )
                ctx.meta.warnings.append(msg)
                log.warning(msg)

    def _spent(self, ctx: CallContext) -> int:
        cost = ctx.meta.cost
        if not cost or cost.get("usd") is None:
            return 0
        return nano(Decimal(cost["usd"]))

    async def call(self, ctx: CallContext, nxt: Call) -> Any:
        held = await self._reserve(ctx)
        try:
            r = await nxt(ctx)
        except BaseException:
            await self._finish(held, 0)
            raise
        spent = self._spent(ctx)
        await self._finish(held, spent)
        await self._soft(ctx, spent)
        return r

    async def stream(self, ctx: CallContext, nxt: Stream) -> AsyncIterator[Any]:
        held = await self._reserve(ctx)
        delivered = False
        try:
            async for item in nxt(ctx):
                delivered = True
                yield item
        except BaseException:
            await self._finish(held, 0, worst_case=delivered)
            raise
        spent = self._spent(ctx)
        await self._finish(held, spent)
        await self._soft(ctx, spent)
