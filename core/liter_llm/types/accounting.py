"""Answers of the local ops: what a usage costs, how many tokens a request is."""

from __future__ import annotations

from decimal import Decimal

from ._base import TopLevelResponse


class CostResult(TopLevelResponse):
    """USD as exact decimals; ``usd`` is None (with a ``reason``) when the model has no
    price: a cost is never guessed."""

    model: str | None = None
    usd: Decimal | None = None
    breakdown: dict[str, Decimal] = {}
    priced_as: str | None = None
    source: str | None = None
    reason: str | None = None


class TokenCount(TopLevelResponse):
    """``is_estimate`` is False only when the count is the model's own."""

    model: str
    input_tokens: int
    tokenizer: str | None = None
    is_estimate: bool = True
    method: str = "local"
    context_window: int | None = None
    fits: bool | None = None
