"""What flows through the pipeline: the call's context down, its ``Meta`` back up.

A ``CallContext`` is made once per call by the engine and handed to every layer: the op, the
request body and per-call options, the deadline, the injected clock and random source, the
model currently being tried and the route that was chosen for it. Layers record what they
decided in ``ctx.meta`` (attempts, fallbacks, the deployment that answered), which the C ABI
envelope, the Python response and every binding expose.
"""

from __future__ import annotations

import asyncio
import datetime
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:  # annotations only: the transport imports the retry policy, which uses this
    from ..streaming import ChunkAccumulator
    from ..transport import Timeouts


class Clock(Protocol):
    """Monotonic seconds and a sleep on them: the real one, or a fake in tests."""

    def now(self) -> float: ...

    async def sleep(self, seconds: float) -> None: ...


class SystemClock:
    """The loop's monotonic clock (asyncio and uvloop both count ``time.monotonic``)."""

    __slots__ = ()
    now = staticmethod(time.monotonic)  # the builtin itself: no Python frame per reading

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


SYSTEM_CLOCK = SystemClock()


class Random(Protocol):
    def random(self) -> float: ...


class Attempt:
    """One try of one deployment (or plain model): its error label, or None when it answered."""

    __slots__ = ("deployment", "label", "model", "provider", "seconds", "status")

    def __init__(self, deployment: str | None, provider: str, model: str) -> None:
        self.deployment = deployment
        self.provider = provider
        self.model = model
        self.label: str | None = None
        self.status: int | None = None
        self.seconds: float | None = None

    @property
    def latency_ms(self) -> float | None:
        return ms(self.seconds)

    def failed(self, err: Any, seconds: float) -> None:
        self.label = err.label
        self.status = err.status
        self.seconds = seconds

    def to_dict(self) -> dict[str, Any]:
        return {
            "deployment": self.deployment,
            "provider": self.provider,
            "model": self.model,
            "label": self.label,
            "status": self.status,
            "latency_ms": ms(self.seconds),
        }

    def __repr__(self) -> str:
        return f"Attempt({self.to_dict()!r})"


class Meta:
    """How a call was served: the deployment, provider and model that answered, every attempt
    with its error label, the fallback models used, and the latency (time to the first chunk
    too, for streams). ``to_dict()`` is the ``meta`` object of the C ABI envelope."""

    __slots__ = (
        "_cost",
        "attempts",
        "cache_hit",
        "deployment",
        "fallbacks",
        "headers",
        "model",
        "priced",
        "provider",
        "seconds",
        "ttft",
        "usage",
        "warnings",
    )

    def __init__(self) -> None:
        self.deployment: str | None = None
        self.provider: str | None = None
        self.model: str | None = None
        self.attempts: list[Attempt] = []
        self.fallbacks: list[str] = []
        self.seconds: float | None = None  # the whole call
        self.ttft: float | None = None  # streams: seconds to the first chunk
        self.usage: Any = None  # the answer's usage, as the provider reported it
        # (pricing, target, unix time) of the answer: the cost is worked out when first read
        self.priced: tuple[Any, Any, float] | None = None
        self._cost: dict[str, Any] | None = None
        self.cache_hit = False
        self.warnings: list[str] = []  # soft budgets crossed
        self.headers: Any = None  # the answering response's headers (read when shown)

    @property
    def cost(self) -> dict[str, Any] | None:
        """``{"usd": "0.0012", "breakdown": {...}, "priced_as": ..., "source": ...}``, or
        ``{"usd": None, "reason": ...}`` when the model has no price; None when nothing
        answered. Worked out on first read (no cost on the hot path until then)."""
        if self._cost is None and self.priced is not None:
            pricing, target, when = self.priced
            self._cost = pricing.cost(
                target.provider,
                target.model,
                self.usage,
                target.settings.get("base_model"),
                datetime.datetime.fromtimestamp(when, datetime.UTC),
            )
        return self._cost

    @property
    def latency_ms(self) -> float | None:
        return ms(self.seconds)

    @property
    def request_id(self) -> str | None:
        """The provider's request id for the answer (``x-request-id`` and kin), or None."""
        return None if self.headers is None else request_id_of(self.headers)

    @property
    def rate_limit(self) -> dict[str, str]:
        """The answer's rate-limit headers (``x-ratelimit-remaining-requests`` and kin,
        ``anthropic-ratelimit-*``, ``ratelimit-*``), names lower-cased; empty when none."""
        return {} if self.headers is None else rate_limit_headers(self.headers)

    @property
    def ttft_ms(self) -> float | None:
        return ms(self.ttft)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "deployment": self.deployment,
            "provider": self.provider,
            "model": self.model,
            "attempts": [a.to_dict() for a in self.attempts],
            "fallbacks": self.fallbacks,
            "latency_ms": ms(self.seconds),
        }
        if self.ttft is not None:
            d["ttft_ms"] = ms(self.ttft)
        if self.priced is not None:
            d["cost"] = self.cost
        d["cache_hit"] = self.cache_hit
        if self.headers is not None:
            rid = request_id_of(self.headers)
            if rid is not None:
                d["request_id"] = rid
            rl = rate_limit_headers(self.headers)
            if rl:
                d["rate_limit"] = rl
        if self.warnings:
            d["warnings"] = self.warnings
        return d

    def __repr__(self) -> str:
        return f"Meta({self.to_dict()!r})"


REQUEST_ID_HEADERS = ("x-request-id", "request-id", "x-amzn-requestid", "cf-ray")
RATE_LIMIT_PREFIXES = ("x-ratelimit-", "anthropic-ratelimit-", "ratelimit-")


def request_id_of(headers: Mapping[str, str]) -> str | None:
    """A response's request id: the first of ``REQUEST_ID_HEADERS`` it has."""
    for h in REQUEST_ID_HEADERS:
        v = headers.get(h)
        if v:
            return v
    return None


_RATE_LIMIT_BYTES = tuple(p.encode() for p in RATE_LIMIT_PREFIXES)


def rate_limit_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """A response's rate-limit headers by lower-cased name."""
    prefixed = getattr(headers, "prefixed", None)
    if prefixed is not None:  # the default transport's headers: decode only the matches
        return prefixed(_RATE_LIMIT_BYTES)  # type: ignore[no-any-return]
    out: dict[str, str] = {}
    for k, v in headers.items():
        k = k.lower()
        if k.startswith(RATE_LIMIT_PREFIXES):
            out[k] = v
    return out


def ms(seconds: float | None) -> float | None:
    """Milliseconds, to the microsecond (latencies are kept in seconds until shown)."""
    return None if seconds is None else round(seconds * 1000.0, 3)


@dataclass(slots=True, eq=False)
class CallContext:
    """One call on its way down the pipeline. ``model`` and ``opts`` change as the fallback
    layer moves along its lists; ``route`` is set by the router for the attempt under way."""

    op: str
    body: dict[str, Any]
    opts: dict[str, Any]
    stream: bool
    timeouts: Timeouts
    max_retries: int
    deadline: float
    clock: Clock
    rng: Random
    meta: Meta
    model: str | None = None
    route: Any = None  # the router's choice for the attempt under way (a Route)
    acc: ChunkAccumulator | None = None  # streams: the chunks so far, for the final answer
    # set by the router: is a deployment this call has not tried yet left? (takes the context)
    failover: Callable[[CallContext], bool] | None = None
    tried: set[str] | None = None  # deployments this call has tried (router)
    prompt_bytes: int | None = None  # tokens.text_bytes of the body, once summed
    transport: Any = None  # the transport of the client making the call
    stream_end: float | None = None  # loop time when stream_timeout runs out
    obs: Any = None  # the call's telemetry (observe.CallObs) when the client has any
    started: float = 0.0

    def left(self) -> float:
        return self.deadline - self.clock.now()


def default_rng() -> Random:
    return random.Random()
