"""Fallbacks: when a model (or a whole deployment group) fails after its retries, the next
model of the list that fits the error.

- ``context_window_exceeded`` moves along ``context_window_fallbacks`` (larger models),
- ``content_policy`` along ``content_policy_fallbacks``,
- any retryable error, and ``not_found``/``authentication``/``permission_denied`` (errors of
  that model or key, not of the request), along ``fallbacks``.

A specific list that is not configured leaves its error to ``fallbacks``. Other errors (a bad
request stays bad) are raised at once. ``max_fallbacks`` bounds how many models are tried after
the first; a model is never tried twice in one call; the deadline is shared. Per-call keys,
base URLs and headers go to the provider they were given for only. Each fallback taken is
recorded in ``meta.fallbacks``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

from .. import errors
from .context import CallContext
from .pipeline import Call, Stream, until_first_chunk

# Per-call options that belong to the provider of the requested model only: a fallback to
# another provider never receives them (a key sent to the wrong provider is a leaked key).
PER_PROVIDER_OPTIONS = ("api_key", "base_url", "extra_headers")

# Errors of a model or its key (not of the request) that the general list takes.
GENERAL_LABELS = frozenset({"not_found", "authentication", "permission_denied"})

LISTS = ("fallbacks", "context_window_fallbacks", "content_policy_fallbacks")
_SPECIFIC = {
    "context_window_exceeded": "context_window_fallbacks",
    "content_policy": "content_policy_fallbacks",
}


class FallbackLayer:
    def __init__(
        self,
        lists: dict[str, tuple[str, ...]],
        max_fallbacks: int,
        provider_of: Callable[[str | None, dict[str, Any]], str],
    ) -> None:
        self.lists = lists
        self.max_fallbacks = max_fallbacks
        self.provider_of = provider_of

    async def call(self, ctx: CallContext, nxt: Call) -> Any:
        state = _State(ctx)
        while True:
            try:
                return await nxt(ctx)
            except errors.LiterLlmError as e:
                self.move_on(ctx, state, e)

    def stream(self, ctx: CallContext, nxt: Stream) -> AsyncIterator[Any]:
        state = _State(ctx)

        async def recover(e: errors.LiterLlmError) -> None:
            self.move_on(ctx, state, e)

        return until_first_chunk(ctx, nxt, recover)

    def list_for(self, ctx: CallContext, err: errors.LiterLlmError) -> tuple[str, ...]:
        opts = ctx.opts
        specific = _SPECIFIC.get(err.label)
        if specific is not None:
            lst = opts[specific] if specific in opts else self.lists.get(specific, ())
            if lst:
                return tuple(lst)
        elif not (err.retryable or err.label in GENERAL_LABELS):
            return ()
        return tuple(opts["fallbacks"] if "fallbacks" in opts else self.lists.get("fallbacks", ()))

    def move_on(self, ctx: CallContext, state: _State, err: errors.LiterLlmError) -> None:
        """Point ``ctx`` at the next model for ``err``, or raise ``err``."""
        if state.used >= self.max_fallbacks or ctx.left() <= 0:
            raise err
        model = next((m for m in self.list_for(ctx, err) if m not in state.tried), None)
        if model is None:
            raise err
        state.used += 1
        state.tried.add(model)
        ctx.meta.fallbacks.append(model)
        ctx.model = model
        ctx.opts = self.options_for(state, model)

    def options_for(self, state: _State, model: str) -> dict[str, Any]:
        opts = state.first_opts
        if not any(k in opts for k in PER_PROVIDER_OPTIONS):
            return opts
        if self.provider_of(model, opts) == self.provider_of(state.first_model, opts):
            return opts
        return {k: v for k, v in opts.items() if k not in PER_PROVIDER_OPTIONS}


class _State:
    __slots__ = ("first_model", "first_opts", "tried", "used")

    def __init__(self, ctx: CallContext) -> None:
        self.tried: set[str | None] = {ctx.model}
        self.used = 0
        self.first_model = ctx.model
        self.first_opts = ctx.opts
