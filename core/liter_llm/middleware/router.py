"""The router: which deployment of a model group serves an attempt.

A request whose ``model`` is a ``model_name`` of ``deployments`` routes among that group; any
other model resolves to its provider directly (``DirectRoute``, the only routing step of a
client without deployments). Per attempt, the candidates are the deployments that are not
cooling, healthy ones first and ones this call has not tried yet first; the strategy picks
among them:

- ``simple_shuffle``: weighted random by ``weight`` (else by ``rpm``, else by ``tpm`` when every
  deployment gives one; else uniform),
- ``round_robin``: the group's deployments in turn, skipping unavailable ones,
- ``least_busy``: fewest requests in flight,
- ``latency``: lowest EWMA of latency (of time to first chunk, for streams) times one plus the
  requests in flight, so a fast deployment that is already loaded is not piled on; one never
  measured goes first,
- ``usage``: most RPM/TPM headroom this window (a deployment without limits counts as fully
  free; ties: fewest tokens this window),
- ``priority``: lowest ``priority`` first (ties: weighted shuffle),
- ``cost``: cheapest by real prices (input plus output per million tokens, from the catalog
  or the ``pricing`` overrides; ties: weighted shuffle). A deployment without a price is
  tried only after every priced one; when none has a price the client is refused at
  creation (a cost strategy that cannot see a cost would be a silent shuffle).

Ties and shuffles draw from the call's random source and every figure reads the call's
clock, so tests are exact.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import AsyncIterator, Callable, Sequence
from functools import partial
from itertools import accumulate
from typing import Any

from .. import errors
from ..config import ClientConfig, DeploymentConfig
from ..providers.base import Target
from ..state import WindowCounter
from .context import CallContext
from .cooldown import Cooldown, CooldownState, all_cooling_error
from .fallback import PER_PROVIDER_OPTIONS
from .health import Health, HealthState, Prober
from .pipeline import Call, Stream


class Route:
    """The router's choice for one attempt: a deployment (or None) and its target."""

    __slots__ = ("deployment", "target")

    def __init__(self, deployment: Deployment | None, target: Target) -> None:
        self.deployment = deployment
        self.target = target

    @property
    def deployment_id(self) -> str | None:
        return self.deployment.id if self.deployment is not None else None


class Deployment:
    """One deployment's live figures."""

    __slots__ = (
        "cfg",
        "cool",
        "health",
        "id",
        "in_flight",
        "index",
        "latency",
        "requests",
        "route",
        "target",
        "tokens",
        "ttft",
    )

    def __init__(
        self,
        cfg: DeploymentConfig,
        index: int,
        window: float,
        cool: CooldownState | None,
        health: HealthState,
    ) -> None:
        self.cfg = cfg
        self.id = cfg.id
        self.index = index
        self.in_flight = 0
        self.latency: float | None = None  # EWMA, seconds
        self.ttft: float | None = None
        self.requests = WindowCounter(window)
        self.tokens = WindowCounter(window)
        self.cool = cool
        self.health = health
        self.target: Target | None = None
        self.route: Route | None = None  # (self, target), made once the target is known

    def __repr__(self) -> str:
        return f"Deployment({self.id!r}, in_flight={self.in_flight})"


class DirectRoute:
    """A model that is no deployment group: its provider, resolved per call."""

    def __init__(self, resolve: Callable[[str | None, dict[str, Any]], Target]) -> None:
        self.resolve = resolve

    def call(self, ctx: CallContext, nxt: Call) -> Any:
        ctx.route = Route(None, self.resolve(ctx.model, ctx.opts))
        return nxt(ctx)

    def stream(self, ctx: CallContext, nxt: Stream) -> AsyncIterator[Any]:
        ctx.route = Route(None, self.resolve(ctx.model, ctx.opts))
        return nxt(ctx)


class Router:
    def __init__(
        self,
        config: ClientConfig,
        resolve: Callable[[str | None, dict[str, Any]], Target],
        deployment_target: Callable[[DeploymentConfig], Target],
        pricing: Any = None,
    ) -> None:
        rc = config.router
        self.strategy = rc.strategy
        self._unit_cost: dict[str, Any] = {}
        self._default_provider = config.provider
        self.alpha = rc.latency_alpha
        self.cooldown = Cooldown(config.cooldown) if config.cooldown is not None else None
        self.health = Health(config.health)
        self.resolve = resolve
        self.deployment_target = deployment_target
        self.groups: dict[str, list[Deployment]] = {}
        for i, dc in enumerate(config.deployments):
            dep = Deployment(
                dc,
                i,
                rc.window,
                self.cooldown.state() if self.cooldown else None,
                self.health.state(),
            )
            self.groups.setdefault(dc.model_name, []).append(dep)
        self._rr: dict[str, int] = dict.fromkeys(self.groups, 0)
        if self.strategy == "cost":
            self._unit_cost = self._prices(pricing)
        self._pick = getattr(self, "_pick_" + self.strategy)
        # until when a group may have a deployment cooling or with failures in its health
        # window: before that moment every choice takes the slow, careful path
        self._clear_at: dict[str, float] = dict.fromkeys(self.groups, float("-inf"))
        self._cumulative = {name: cumulative(weights_of(d)) for name, d in self.groups.items()}
        self._count_usage = self.strategy == "usage"
        self._timed = self.strategy == "latency"  # only it reads the latency EWMA
        self._probing = self.health.cfg.interval > 0
        self._probed_down: set[str] = set()  # groups with a deployment whose probe failed
        # per group, made once: a per-call closure over ctx would be a reference cycle
        self._failover = {name: partial(self._fresh_left, d) for name, d in self.groups.items()}
        self.prober: Prober | None = None
        self.probe: Callable[[Deployment, Any], Any] | None = None  # set by the engine

    # ------------------------------------------------------------------ the layer
    async def call(self, ctx: CallContext, nxt: Call) -> Any:
        group = self.groups.get(ctx.model or "")
        if group is None:
            ctx.route = Route(None, self.resolve(ctx.model, ctx.opts))
            return await nxt(ctx)
        dep = self.choose_now(ctx, group) or await self.choose(ctx, group)
        clock = ctx.clock
        start = clock.now() if self._timed else 0.0
        dep.in_flight += 1
        if self._count_usage:  # a request uses the quota whether or not it succeeds
            dep.requests.add(clock.now())
        try:
            result = await nxt(ctx)
        except errors.LiterLlmError as e:
            self.failed(group, dep, e, clock.now())
            raise
        finally:
            dep.in_flight -= 1
        self.succeeded(dep, clock.now(), start, None, getattr(result, "data", None))
        return result

    async def stream(self, ctx: CallContext, nxt: Stream) -> AsyncIterator[Any]:
        group = self.groups.get(ctx.model or "")
        if group is None:
            ctx.route = Route(None, self.resolve(ctx.model, ctx.opts))
            async for item in nxt(ctx):
                yield item
            return
        dep = self.choose_now(ctx, group) or await self.choose(ctx, group)
        clock = ctx.clock
        start = clock.now()
        ttft: float | None = None
        dep.in_flight += 1
        if self._count_usage:
            dep.requests.add(start)
        try:
            async for item in nxt(ctx):
                if ttft is None:
                    ttft = clock.now() - start
                yield item
        except errors.LiterLlmError as e:
            self.failed(group, dep, e, clock.now())
            raise
        finally:
            dep.in_flight -= 1
        usage = ctx.acc.usage if ctx.acc is not None else None
        self.succeeded(dep, clock.now(), start, ttft, {"usage": usage})

    # ------------------------------------------------------------------ choice
    def choose_now(self, ctx: CallContext, group: list[Deployment]) -> Deployment | None:
        """The common case without a coroutine: the first attempt of a call while no
        deployment of the group is cooling or has failed within the health window. None
        sends the choice down the careful path (``choose``)."""
        if ctx.tried is not None or ctx.opts or (self.prober is None and self._probing):
            return None
        now = ctx.clock.now()
        name = group[0].cfg.model_name
        if now < self._clear_at[name] or name in self._probed_down:
            return None
        ctx.tried = set()
        return self._routed(
            ctx, group, group[0] if len(group) == 1 else self._pick(ctx, group, group, now)
        )

    async def choose(self, ctx: CallContext, group: list[Deployment]) -> Deployment:
        """The deployment of this attempt; waits while every deployment cools (up to the
        deadline), then raises the last error's label."""
        if any(k in ctx.opts for k in (*PER_PROVIDER_OPTIONS, "provider")):
            raise errors.InvalidArgumentError(
                f"{ctx.model!r} is a deployment group: per-call api_key, base_url, "
                "extra_headers and provider do not apply to it (set them on its deployments)"
            )
        if self.prober is None and self._probing:
            self._start_probes(ctx.transport)
        clock = ctx.clock
        tried = ctx.tried
        if tried is None:
            tried = ctx.tried = set()
        while True:
            now = clock.now()
            up = [d for d in group if not self._cooling(d, now)]
            if up:
                break
            soonest = min(group, key=lambda d: d.cool.until if d.cool else 0.0)
            wait = soonest.cool.until - now if soonest.cool else 0.0
            if wait >= ctx.left():
                raise all_cooling_error(
                    ctx.model or "", soonest.cool.last_error if soonest.cool else None, wait
                )
            await clock.sleep(wait)
        healthy = [d for d in up if self.health.healthy(d.health, now)]
        fresh_healthy = [d for d in healthy if d.id not in tried]
        candidates = fresh_healthy or [d for d in up if d.id not in tried] or healthy or up
        dep: Deployment = (
            candidates[0] if len(candidates) == 1 else self._pick(ctx, group, candidates, now)
        )
        return self._routed(ctx, group, dep)

    def _routed(self, ctx: CallContext, group: list[Deployment], dep: Deployment) -> Deployment:
        assert ctx.tried is not None
        ctx.tried.add(dep.id)
        ctx.failover = self._failover[dep.cfg.model_name]  # also when its target fails below
        route = dep.route
        if route is None:
            dep.target = self.deployment_target(dep.cfg)
            route = dep.route = Route(dep, dep.target)
        ctx.route = route
        return dep

    def _cooling(self, d: Deployment, now: float) -> bool:
        return d.cool is not None and d.cool.until > now

    def _fresh_left(self, group: list[Deployment], ctx: CallContext) -> bool:
        """Is a deployment this call has not tried yet and that is not cooling left?"""
        now = ctx.clock.now()
        tried = ctx.tried or ()
        return any(d.id not in tried and not self._cooling(d, now) for d in group)

    # ------------------------------------------------------------------ outcomes
    def failed(
        self, group: list[Deployment], dep: Deployment, err: errors.LiterLlmError, now: float
    ) -> None:
        self.health.record(dep.health, now, err)
        if self.cooldown is not None and dep.cool is not None:
            others_up = any(d is not dep and not self._cooling(d, now) for d in group)
            self.cooldown.failed(dep.cool, err, now, others_up)
        name = dep.cfg.model_name
        until = now + self.health.cfg.window
        if dep.cool is not None:
            until = max(until, dep.cool.until)
        self._clear_at[name] = max(self._clear_at[name], until)

    def succeeded(
        self, dep: Deployment, now: float, start: float, ttft: float | None, data: Any
    ) -> None:
        self.health.record(dep.health, now, None)
        a = self.alpha
        if self._timed:
            lat = now - start
            dep.latency = lat if dep.latency is None else a * lat + (1 - a) * dep.latency
        if ttft is not None:
            dep.ttft = ttft if dep.ttft is None else a * ttft + (1 - a) * dep.ttft
        if self._count_usage:
            tokens = _tokens(data)
            if tokens:
                dep.tokens.add(now, tokens)

    # ------------------------------------------------------------------ strategies
    def _pick_simple_shuffle(
        self, ctx: CallContext, group: list[Deployment], c: list[Deployment], now: float
    ) -> Deployment:
        if c is group:
            cum = self._cumulative[group[0].cfg.model_name]
            return c[min(bisect_right(cum, ctx.rng.random() * cum[-1]), len(c) - 1)]
        return weighted(c, ctx.rng.random())

    def _pick_round_robin(
        self, ctx: CallContext, group: list[Deployment], c: list[Deployment], now: float
    ) -> Deployment:
        name = group[0].cfg.model_name
        n = len(group)
        start = self._rr[name]
        for k in range(n):
            d = group[(start + k) % n]
            if d in c:
                self._rr[name] = (start + k + 1) % n
                return d
        return c[0]  # pragma: no cover - c is a non-empty subset of group

    def _pick_least_busy(
        self, ctx: CallContext, group: list[Deployment], c: list[Deployment], now: float
    ) -> Deployment:
        low = min(d.in_flight for d in c)
        return _any(ctx, [d for d in c if d.in_flight == low])

    def _pick_latency(
        self, ctx: CallContext, group: list[Deployment], c: list[Deployment], now: float
    ) -> Deployment:
        stream = ctx.stream

        def score(d: Deployment) -> float:
            base = d.ttft if stream and d.ttft is not None else d.latency
            return 0.0 if base is None else base * (1 + d.in_flight)

        scores = [score(d) for d in c]
        low = min(scores)
        return _any(ctx, [d for d, s in zip(c, scores, strict=True) if s == low])

    def _pick_usage(
        self, ctx: CallContext, group: list[Deployment], c: list[Deployment], now: float
    ) -> Deployment:
        def headroom(d: Deployment) -> tuple[float, float]:
            free = 1.0
            if d.cfg.rpm:
                free = min(free, 1.0 - d.requests.total(now) / d.cfg.rpm)
            tokens = d.tokens.total(now)
            if d.cfg.tpm:
                free = min(free, 1.0 - tokens / d.cfg.tpm)
            return free, -tokens

        scores = [headroom(d) for d in c]
        best = max(scores)
        return _any(ctx, [d for d, s in zip(c, scores, strict=True) if s == best])

    def _pick_cost(
        self, ctx: CallContext, group: list[Deployment], c: list[Deployment], now: float
    ) -> Deployment:
        unit = self._unit_cost
        priced = [d for d in c if unit.get(d.id) is not None]
        if not priced:
            return weighted(c, ctx.rng.random())
        low = min(unit[d.id] for d in priced)
        return weighted([d for d in priced if unit[d.id] == low], ctx.rng.random())

    def _pick_priority(
        self, ctx: CallContext, group: list[Deployment], c: list[Deployment], now: float
    ) -> Deployment:
        low = min(d.cfg.priority for d in c)
        return weighted([d for d in c if d.cfg.priority == low], ctx.rng.random())

    def _prices(self, pricing: Any) -> dict[str, Any]:
        """Each deployment's input plus output price per million tokens (the cost strategy);
        the client is refused when no deployment of a group has one."""
        out: dict[str, Any] = {}
        for name, deps in self.groups.items():
            for d in deps:
                provider, model = _provider_model(d.cfg, self._default_provider)
                base = d.cfg.settings.get("base_model")
                price = pricing.price(provider, model, base) if pricing is not None else None
                out[d.id] = price.blended() if price is not None else None
            if all(out[d.id] is None for d in deps):
                raise errors.InvalidArgumentError(
                    f"router strategy 'cost': no deployment of {name!r} has a price in the "
                    "catalog; add them under 'pricing' or set 'base_model'"
                )
        return out

    # ------------------------------------------------------------------ active probes
    def _start_probes(self, transport: Any) -> None:
        """Probe every deployment now and every ``health.interval`` seconds, on the loop and
        transport of the first call (stopped by ``aclose``)."""
        assert self.probe is not None
        probe = self.probe
        targets = [
            (d.health, partial(probe, d, transport)) for deps in self.groups.values() for d in deps
        ]
        from .context import SYSTEM_CLOCK

        self.prober = Prober(self.health, SYSTEM_CLOCK, targets, self._after_probes)
        self.prober.start()

    def _after_probes(self) -> None:
        self._probed_down = {
            name for name, deps in self.groups.items() if any(not d.health.probe_ok for d in deps)
        }

    async def aclose(self) -> None:
        if self.prober is not None:
            await self.prober.stop()
            self.prober = None

    def snapshot(self, now: float) -> dict[str, Any]:
        """Every deployment's figures (for tests and a later ``usage`` op); requests and
        tokens are counted only under the ``usage`` strategy, which reads them."""
        return {
            d.id: {
                "in_flight": d.in_flight,
                "cooling": self._cooling(d, now),
                "healthy": self.health.healthy(d.health, now),
                "latency_ms": None if d.latency is None else d.latency * 1000,
                "requests": d.requests.total(now),
                "tokens": d.tokens.total(now),
            }
            for deps in self.groups.values()
            for d in deps
        }


def _provider_model(d: DeploymentConfig, default: str) -> tuple[str, str]:
    """The provider and model name of a deployment, without resolving its credentials."""
    if d.provider:
        return d.provider, d.model
    head, _, rest = d.model.partition("/")
    return (head, rest) if rest else (default, d.model)


def weights_of(c: Sequence[Deployment]) -> list[float]:
    if any(d.cfg.weight is not None for d in c):
        return [d.cfg.weight if d.cfg.weight is not None else 1.0 for d in c]
    if all(d.cfg.rpm for d in c):
        return [float(d.cfg.rpm or 0) for d in c]
    if all(d.cfg.tpm for d in c):
        return [float(d.cfg.tpm or 0) for d in c]
    return [1.0] * len(c)


def weighted(c: Sequence[Deployment], r: float) -> Deployment:
    """The deployment a draw ``r`` in [0, 1) lands on, by weight."""
    cum = cumulative(weights_of(c))
    return c[min(bisect_right(cum, r * cum[-1]), len(c) - 1)]


def cumulative(w: Sequence[float]) -> list[float]:
    return list(accumulate(w))


def _any(ctx: CallContext, tied: list[Deployment]) -> Deployment:
    return tied[0] if len(tied) == 1 else tied[int(ctx.rng.random() * len(tied)) % len(tied)]


def _tokens(data: Any) -> int:
    usage = data.get("usage") if isinstance(data, dict) else None
    if not isinstance(usage, dict):
        return 0
    t = usage.get("total_tokens")
    if isinstance(t, int) and not isinstance(t, bool) and t > 0:
        return t
    p, c = usage.get("prompt_tokens"), usage.get("completion_tokens")
    return sum(x for x in (p, c) if isinstance(x, int) and not isinstance(x, bool) and x > 0)
