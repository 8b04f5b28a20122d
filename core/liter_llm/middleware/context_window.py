"""The pre-call check that a chat prompt fits the routed model's context window.

Innermost layer (the model is known once the router chose): a prompt refused here is
``context_window_exceeded`` before any network call, so the fallback layer moves it along
``context_window_fallbacks``. The window comes from the pricing catalog (or a ``pricing``
override's ``context_window``). The check costs one size sum unless the prompt could be too
long: a byte-level token is at least one byte, so a prompt whose text is smaller than the
window fits without tokenizing. Only then is it counted, and refused when the count exceeds
the window (an estimate, from another model's tokenizer, by more than ``ESTIMATE_MARGIN``).
No tokenizer file, or no known window: no check (the provider answers).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

from .. import errors, tokens
from .context import Attempt, CallContext
from .limits import prompt_bytes
from .pipeline import Call, Stream

ESTIMATE_MARGIN = 1.10
# No chat model of the catalog takes fewer tokens than this: a prompt no larger in bytes
# fits whatever it is sent to, without even looking the window up (no catalog load on a
# first small call). A ``pricing`` override may name a smaller window: then that is the floor.
SMALLEST_WINDOW = 4096


class ContextWindowLayer:
    def __init__(
        self,
        window_of: Callable[[Any], int | None],
        tokenizers_dir: str | None,
        smallest: int = SMALLEST_WINDOW,
    ) -> None:
        self.window_of = window_of
        self.tokenizers_dir = tokenizers_dir
        self.smallest = smallest

    def call(self, ctx: CallContext, nxt: Call) -> Any:
        if ctx.op == "chat":
            self.check(ctx)
        return nxt(ctx)

    def stream(self, ctx: CallContext, nxt: Stream) -> AsyncIterator[Any]:
        self.check(ctx)
        return nxt(ctx)

    def check(self, ctx: CallContext) -> None:
        if prompt_bytes(ctx) <= self.smallest:
            return
        target = ctx.route.target
        window = self.window_of(target)
        if not window or prompt_bytes(ctx) <= window:
            return
        try:
            n = tokens.count(target.model, ctx.body, self.tokenizers_dir)
        except errors.UnsupportedError:
            return  # no tokenizer here: the provider will say
        limit = window * ESTIMATE_MARGIN if n["is_estimate"] else window
        if n["input_tokens"] > limit:
            approx = "about " if n["is_estimate"] else ""
            route = ctx.route
            att = Attempt(route.deployment_id, target.provider, target.model)
            att.label = "context_window_exceeded"
            ctx.meta.attempts.append(att)  # refused here: visible like any attempt
            raise errors.ContextWindowExceededError(
                f"the prompt is {approx}{n['input_tokens']} tokens ({n['tokenizer']}); "
                f"{target.provider}/{target.model} takes {window} (checked before sending)",
                provider=target.provider,
                model=target.model,
            )
