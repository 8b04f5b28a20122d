"""The engine: validate a call, run it down the client's pipeline, and at the bottom of it
translate, send one attempt and decode.

The pipeline (``middleware/``) is composed once per client from its config, outermost first;
a layer that is not configured is not in it:

    observe -> cache -> fallback -> retry -> router (or a direct route) -> budget
            -> rate limit -> concurrency -> context window -> send (translate, one attempt,
            decode)

The observe layer (spans, metrics, logs, hooks) is outermost so a cache hit is observed
like any call; each attempt's child span is opened in ``_send``.

Budgets, rate and concurrency limits sit inside the router, not outside it as in DESIGN.md's
list: a deployment's limit and a worst-case price need the deployment the router chose, and
each attempt (a retry may go to another deployment) is admitted on its own.

Loop-agnostic: every method is a coroutine running on whichever loop owns the ``Transport``
it is given (the library's loop for the sync API and the C ABI, the caller's for async).
Requests stay plain dicts on this path: no model validation, no extra copies.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import os
import re
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from types import ModuleType
from typing import Any

from . import errors, tokens
from .config import (
    CALL_OPTIONS,
    ClientConfig,
    DeploymentConfig,
    budget_seconds,
    check_headers,
    check_url,
    model_list,
    register_headers,
    retries,
    seconds,
)
from .middleware.budget import BudgetLayer, usd, window_id
from .middleware.cache import CacheLayer
from .middleware.cache import check_options as check_cache_options
from .middleware.context import (
    SYSTEM_CLOCK,
    Attempt,
    CallContext,
    Clock,
    Meta,
    Random,
    default_rng,
)
from .middleware.context_window import SMALLEST_WINDOW, ContextWindowLayer
from .middleware.fallback import LISTS, FallbackLayer
from .middleware.limits import ConcurrencyLayer, RateLimitLayer
from .middleware.pipeline import Layer, compose
from .middleware.retry import RetryLayer, should_retry_status
from .middleware.router import DirectRoute, Router
from .observe.hooks import Hooks
from .observe.semconv import TRACE_HEADER_ADAPTERS
from .observe.telemetry import ObserveLayer, Telemetry
from .pricing import Pricing
from .providers import anthropic as anthropic_adapter
from .providers import azure as azure_adapter
from .providers import bedrock as bedrock_adapter
from .providers import cohere as cohere_adapter
from .providers import gemini as gemini_adapter
from .providers import jina as jina_adapter
from .providers import mistral as mistral_adapter
from .providers import openai as openai_adapter
from .providers import registry
from .providers import voyage as voyage_adapter
from .providers import watsonx as watsonx_adapter
from .providers.base import Binary, Target, served_ops
from .state.backend import MemoryState, State, StateUnavailable
from .state.redis import RedisState
from .streaming import ChunkAccumulator, ResponseAccumulator
from .transport import Timeouts, TransportLike, drain

UTF8_BOM = b"\xef\xbb\xbf"

# Ops whose answers carry a usage to price (meta.cost).
PRICED_OPS = frozenset({"chat", "embed", "responses"})
# Ops answered locally, without a provider call (no pipeline, no network).
LOCAL_OPS = frozenset({"cost", "metrics"})
# Ops sent to a provider: OpenAI's REST surface and token counting; each adapter declares
# which of them it serves (``OPS``), and a provider's row may narrow that.
PROVIDER_OPS = openai_adapter.OPS | {"count_tokens"}
OPS = PROVIDER_OPS | {"usage"} | LOCAL_OPS
NO_MODEL_OPS = frozenset({"usage", "metrics"}) | {
    op for op, ep in openai_adapter.ENDPOINTS.items() if not ep.model
}
STREAM_OPS = openai_adapter.STREAMABLE
# Ops whose answer is bytes (``Binary``), not JSON.
BINARY_OPS = frozenset(op for op, ep in openai_adapter.ENDPOINTS.items() if ep.binary)

ADAPTERS: dict[str, ModuleType] = {
    "openai": openai_adapter,
    "anthropic": anthropic_adapter,
    "azure": azure_adapter,
    "gemini": gemini_adapter,
    "cohere": cohere_adapter,
    "mistral": mistral_adapter,
    "bedrock": bedrock_adapter,
    "voyage": voyage_adapter,
    "jina": jina_adapter,
    "watsonx": watsonx_adapter,
}


PROBE_TIMEOUT = 10.0  # seconds an active health probe may take at most


@dataclass(frozen=True, slots=True)
class Result:
    data: Any
    raw: bytes | None  # the provider's body when it is exactly `data` as JSON (no re-encode)
    meta: Meta | None = None


class Engine:
    """A client's configuration and its pipeline. ``clock`` and ``rng`` are injected for
    deterministic tests of the router, cooldown and backoff (defaults: the monotonic clock
    and a fresh ``random.Random``)."""

    def __init__(
        self,
        config: ClientConfig,
        *,
        clock: Clock | None = None,
        rng: Random | None = None,
        hooks: Hooks | None = None,
        tracer_provider: Any = None,
        meter_provider: Any = None,
    ) -> None:
        self.config = config
        self.pricing = Pricing(config.pricing)
        self.clock = clock or SYSTEM_CLOCK
        self.rng = rng or default_rng()
        self.router: Router | None = None
        route: Layer
        if config.deployments:
            self.router = route = Router(config, self.target, self.deployment_target, self.pricing)
            self.router.probe = self._probe
        else:
            route = DirectRoute(self.target)  # type: ignore[assignment]
        lists = {
            "fallbacks": config.fallbacks,
            "context_window_fallbacks": config.context_window_fallbacks,
            "content_policy_fallbacks": config.content_policy_fallbacks,
        }
        self._fallback = FallbackLayer(lists, config.max_fallbacks, self.provider_of)
        self._has_lists = any(lists.values())
        st = config.state
        self.state: State = (
            RedisState(st.redis_url, st.timeout, st.prefix)
            if st.redis_url
            else MemoryState(self.clock, config.cache.max_entries if config.cache else 10_000)
        )
        fail_open = st.on_unavailable == "fail_open"
        self.hooks = hooks or Hooks()
        self.tel = Telemetry(
            config.telemetry,
            self.hooks,
            self.clock,
            self._span_provider,
            tracer_provider,
            meter_provider,
        )
        outer: list[Layer] = []
        if config.cache is not None:
            outer.append(CacheLayer(self.state, config.cache.ttl, self._destination))
        inner: list[Layer] = [RetryLayer(), route]
        if config.budgets:
            inner.append(BudgetLayer(config.budgets, self.state, self.pricing, fail_open))
        if config.rate_limits:
            reject = config.on_limit == "reject"
            inner.append(RateLimitLayer(config.rate_limits, self.state, reject, fail_open))
        if config.max_in_flight:
            inner.append(ConcurrencyLayer(config.max_in_flight))
        if config.context_check:
            windows = [
                o["context_window"] for o in config.pricing.values() if "context_window" in o
            ]
            smallest = min([SMALLEST_WINDOW, *windows])
            inner.append(ContextWindowLayer(self.window_of, config.tokenizers_dir, smallest))
        self._outer, self._inner = outer, inner
        self.compose()

    def compose(self) -> None:
        """(Re)build the pipeline: once at start, and when hooks are set or removed (a client
        with nothing to observe has no observe layer)."""
        outer: list[Layer] = list(self._outer)
        if self.tel.wanted:
            outer.insert(0, ObserveLayer(self.tel))
        inner = self._inner
        plain = compose([*outer, *inner], self._send, self._send_stream)
        # a per-call fallback list needs the fallback layer though the client has none
        fb = compose([*outer, self._fallback, *inner], self._send, self._send_stream)
        self._plain, self._with_fallback = plain, fb
        self._default = fb if self._has_lists else plain

    def _span_provider(self, model: str, opts: dict[str, Any]) -> str | None:
        """The provider a call's span names at its start (None for a deployment group: the
        router's choice is named when an attempt is made)."""
        if self.router is not None and model in self.router.groups:
            return None
        p = self.provider_of(model, opts)
        return p if isinstance(p, str) else None

    async def aclose(self) -> None:
        """Stop background work (active health probes) and state connections of this loop."""
        if self.router is not None:
            await self.router.aclose()
        await self.state.aclose()
        self.tel.close()

    def _destination(self, ctx: CallContext) -> str:
        """Where a call goes, for the cache key: its deployment group, or provider and URL."""
        if self.router is not None and ctx.model in self.router.groups:
            return f"group:{ctx.model}"
        t = self.target(ctx.model, ctx.opts)
        return f"{t.provider}|{t.base_url}"

    # ------------------------------------------------------------------ resolution
    def provider_of(self, model: str | None, opts: dict[str, Any]) -> Any:
        return self._provider_and_name(model, opts)[0]

    def _provider_and_name(self, model: str | None, opts: dict[str, Any]) -> tuple[Any, Any]:
        """(provider name, model name at that provider) of a requested model."""
        cfg = self.config
        provider = opts.get("provider")
        name = model or ""
        if provider is None and isinstance(name, str) and "/" in name:
            prefix, rest = name.split("/", 1)
            if prefix in registry.PROVIDERS or prefix in cfg.providers:
                provider, name = prefix, rest
        return provider or cfg.provider, name

    def deployment_target(self, dep: DeploymentConfig) -> Target:
        """The target of a deployment: its own key, URL, headers and settings over its
        provider's entry."""
        opts: dict[str, Any] = {}
        if dep.provider:
            opts["provider"] = dep.provider
        return self.target(dep.model, opts, dep)

    def target(
        self, model: str | None, opts: dict[str, Any], dep: DeploymentConfig | None = None
    ) -> Target:
        cfg = self.config
        provider, name = self._provider_and_name(model, opts)
        if not isinstance(provider, str):
            raise errors.InvalidArgumentError("provider must be a string")
        if not isinstance(name, str):
            raise errors.InvalidArgumentError("model must be a string")
        spec = registry.get(provider)
        pconf = cfg.providers.get(provider)
        is_default = provider == cfg.provider
        base_url = (
            (dep and dep.base_url)
            or opts.get("base_url")
            or (pconf and pconf.base_url)
            or (cfg.base_url if is_default else None)
        )
        if spec is None:
            if not base_url:
                raise errors.InvalidArgumentError(
                    f"unknown provider {provider!r}: known are {sorted(registry.PROVIDERS)}, "
                    "or give it a base_url under 'providers'"
                )
            spec = registry.ProviderSpec(provider, base_url, None, requires_key=False)
        if not base_url and spec.base_url_env:
            base_url = os.environ.get(spec.base_url_env) or None
        base_url = base_url or spec.base_url
        key_env = (
            (dep and dep.api_key_env)
            or (pconf and pconf.api_key_env)
            or (cfg.api_key_env if is_default else None)
            or spec.api_key_env
        )
        if dep is not None and (dep.api_key or dep.api_key_env):
            # a deployment that names its own key never borrows its provider's: that key
            # was not meant for the deployment's URL
            api_key = dep.api_key or os.environ.get(dep.api_key_env or "") or None
            if not api_key:
                raise errors.AuthenticationError(
                    f"no API key for deployment {dep.id!r}: set {dep.api_key_env}",
                    provider=provider,
                    model=name,
                )
        else:
            api_key = (
                opts.get("api_key")
                or (pconf and pconf.api_key)
                or (cfg.api_key if is_default else None)
                or (os.environ.get(key_env) if key_env else None)
            )
        errors.register_secret(api_key)
        if spec.requires_key and not api_key and base_url == spec.base_url:
            raise errors.AuthenticationError(
                f"no API key for provider {provider!r}: set {key_env} or pass api_key",
                provider=provider,
                model=name,
            )
        headers = dict(cfg.headers) if is_default else {}
        if pconf:
            headers.update(pconf.headers)
        if dep is not None:
            headers.update(dep.headers)
        extra = opts.get("extra_headers")
        if extra:
            headers.update(extra)  # validated by _split
        settings = pconf.settings if pconf else {}
        if dep is not None and dep.settings:
            settings = {**settings, **dep.settings}
        drop = opts.get("drop_params", cfg.drop_params)
        return Target(
            spec,
            name,
            base_url,
            api_key,
            headers,
            settings,
            drop,
            cfg.max_event_bytes,
        )

    def _split(self, op: str, req: Any) -> tuple[dict[str, Any], dict[str, Any]]:
        if op not in OPS:
            raise errors.InvalidArgumentError(f"unknown op {op!r}; known: {sorted(OPS)}")
        if req is None:
            req = {}
        if not isinstance(req, dict):
            raise errors.InvalidArgumentError("request must be a JSON object")
        opts = {k: req[k] for k in CALL_OPTIONS if k in req}
        body = {k: v for k, v in req.items() if k not in CALL_OPTIONS}
        extra = opts.get("extra_body")
        if extra is not None and not isinstance(extra, dict):
            raise errors.InvalidArgumentError("extra_body must be an object")
        if "drop_params" in opts and not isinstance(opts["drop_params"], bool):
            raise errors.InvalidArgumentError("drop_params must be true or false")
        if "output_file" in opts:
            out = opts["output_file"]
            if op not in BINARY_OPS:
                raise errors.InvalidArgumentError(
                    f"output_file is for ops answered with bytes ({', '.join(sorted(BINARY_OPS))})"
                )
            if not isinstance(out, str) or not out or "\0" in out:
                raise errors.InvalidArgumentError("output_file must be a file path")
        if opts:
            _check_options(opts)
        if op not in NO_MODEL_OPS:
            m = body.get("model")
            if not isinstance(m, str) or not m:
                raise errors.InvalidArgumentError("request needs a 'model' string")
        if op == "chat":
            msgs = body.get("messages")
            if not isinstance(msgs, list) or not msgs:
                raise errors.InvalidArgumentError("chat request needs a non-empty 'messages' list")
        return body, opts

    def context(self, op: str, req: Any, transport: TransportLike, stream: bool) -> CallContext:
        """A validated call, ready for the pipeline."""
        body, opts = self._split(op, req)
        cfg = self.config
        n = retries(opts["max_retries"]) if "max_retries" in opts else cfg.max_retries
        t = cfg.timeouts
        if "timeout" in opts:
            t = replace(t, total=seconds(opts["timeout"], "timeout"))
        now = self.clock.now()
        return CallContext(
            op,
            body,
            opts,
            stream,
            t,
            n,
            now + t.total,
            self.clock,
            self.rng,
            Meta(),
            model=body.get("model"),
            transport=transport,
            started=now,
        )

    def _chain(self, opts: dict[str, Any]) -> tuple[Any, Any]:
        if opts and any(k in opts for k in LISTS):
            return self._with_fallback
        return self._default

    # ------------------------------------------------------------------ calls
    async def call(self, op: str, req: Any, transport: TransportLike) -> Result:
        if op in LOCAL_OPS:
            return self.local(op, req)
        if op == "count_tokens":
            return await self.count_tokens(req, transport)
        if op == "usage":
            return await self.usage(req)
        return await self.run(self.context(op, req, transport, False))

    async def run(self, ctx: CallContext) -> Result:
        """A validated call down the pipeline."""
        try:
            r: Result = await self._chain(ctx.opts)[0](ctx)
        except errors.LiterLlmError as e:
            ctx.meta.seconds = self.clock.now() - ctx.started
            e.meta = ctx.meta
            raise
        ctx.meta.seconds = self.clock.now() - ctx.started
        return r

    async def _send(self, ctx: CallContext) -> Result:
        """One attempt at the routed target: translate, send, decode."""
        target, att, adapter, obs, span = _begin(ctx)
        clock = ctx.clock
        t0 = clock.now()
        try:
            left = ctx.deadline - t0
            if left <= 0:
                raise _deadline_error(ctx.timeouts, target)
            _check_served(ctx.op, target, adapter)
            target = await _authorize(adapter, target, ctx.transport, ctx.timeouts)
            wire = adapter.to_wire(
                ctx.op, dict(ctx.body), target, False, ctx.opts.get("extra_body")
            )
            if ctx.opts or span is not None:
                _trace_headers(ctx, span, target, wire)
            t = ctx.timeouts
            if ctx.op in BINARY_OPS:
                data = await _send_binary(
                    ctx, adapter, wire, Timeouts(left, t.connect, t.read), target
                )
                if span is not None:
                    obs.attempt_done(span, None)
                self._served(ctx, att, clock.now() - t0, target, None)
                return Result(data, None, ctx.meta)
            raw = await ctx.transport.send(wire, Timeouts(left, t.connect, t.read))
            if raw.status >= 300:
                raise _status_error(adapter, raw, target)
            b = raw.body
            if b[:3] == UTF8_BOM:
                b = b[3:]
            data = decode_response(adapter, ctx.op, b, target)
            ctx.meta.headers = raw.headers
        except errors.LiterLlmError as e:
            _annotate(e, target)
            att.failed(e, clock.now() - t0)
            if span is not None:
                obs.attempt_done(span, e)
            raise
        if span is not None:
            obs.attempt_done(span, None)
        usage = data.get("usage") if isinstance(data, dict) else None
        self._served(ctx, att, clock.now() - t0, target, usage)
        passthrough = getattr(adapter, "PASSTHROUGH", True) and ctx.op not in TEXT_OPS
        return Result(data, b if passthrough else None, ctx.meta)

    def _served(
        self, ctx: CallContext, att: Attempt, seconds: float, target: Target, usage: Any
    ) -> None:
        """Record the attempt that answered, and what prices its answer (meta.cost is worked
        out from these when first read)."""
        att.seconds = seconds
        meta = ctx.meta
        meta.deployment, meta.provider, meta.model = att.deployment, att.provider, att.model
        if ctx.op in PRICED_OPS:
            meta.usage = usage
            meta.priced = (self.pricing, target, time.time())

    # ------------------------------------------------------------------ streams
    def stream(self, op: str, req: Any, transport: TransportLike) -> StreamRun:
        return StreamRun(self, op, req, transport)

    async def _send_stream(self, ctx: CallContext) -> AsyncIterator[tuple[dict[str, Any], bytes]]:
        """One streamed attempt at the routed target: the chunks as they are decoded."""
        target, att, adapter, obs, span = _begin(ctx)
        clock = ctx.clock
        loop = asyncio.get_running_loop()
        t0 = clock.now()
        acc = ctx.acc
        assert acc is not None
        pieces: Any = None
        completed = False
        try:
            left = ctx.deadline - t0
            if left <= 0:
                raise _deadline_error(ctx.timeouts, target)
            t = ctx.timeouts
            _check_served(ctx.op, target, adapter)
            target = await _authorize(adapter, target, ctx.transport, t)
            wire = adapter.to_wire(ctx.op, dict(ctx.body), target, True, ctx.opts.get("extra_body"))
            if ctx.opts or span is not None:
                _trace_headers(ctx, span, target, wire)
            err_resp, pieces = await ctx.transport.stream(
                wire, Timeouts(left, t.connect, t.read, t.stream_idle, None)
            )
            if err_resp is not None:
                raise _status_error(adapter, err_resp, target)
            if ctx.op == "chat":
                dec = adapter.stream_decoder(target)
            else:
                dec = adapter.event_decoder(ctx.op, target)
            it = aiter(pieces)
            idle = t.stream_idle
            end = ctx.stream_end
            # content progress, not bytes, keeps a stream alive: keep-alive comments and
            # pings move no deadline; stream_timeout (end) bounds the whole stream
            idle_at = loop.time() + idle
            while True:
                limit = idle_at if end is None else min(idle_at, end)
                try:
                    async with asyncio.timeout_at(limit):
                        piece = await anext(it)
                except StopAsyncIteration:
                    break
                except TimeoutError:
                    raise _stream_timeout(end, limit, idle) from None
                items, failed = feed(dec, acc, piece, target)
                for item in items:
                    if ctx.meta.ttft is None:
                        ctx.meta.ttft = clock.now() - ctx.started
                    yield item
                    idle_at = loop.time() + idle
                if failed is not None:
                    raise failed
                if dec.done:
                    await drain(pieces)
                    break
            else:  # pragma: no cover - the loop only ends by break
                pass
            if not dec.done:
                dec.end(acc.finished)
            completed = True
            ctx.meta.headers = getattr(pieces, "headers", None)
        except errors.LiterLlmError as e:
            _annotate(e, target)
            att.failed(e, clock.now() - t0)
            if span is not None:
                obs.attempt_done(span, e)
                span = None
            raise
        finally:
            if span is not None and not completed:  # the consumer stopped reading
                obs.attempt_done(span, errors.CancelledError("the stream was not consumed"))
                span = None
            if pieces is not None:
                await pieces.aclose()
        if span is not None:
            obs.attempt_done(span, None)
        self._served(ctx, att, clock.now() - t0, target, acc.usage)

    # ------------------------------------------------------------------ local ops
    def local(self, op: str, req: Any) -> Result:
        """An op answered from the shipped data alone (no network)."""
        start = self.clock.now()
        body, opts = self._split(op, req)
        if op == "cost":
            data = self.cost(body, opts)
        elif op == "metrics":
            data = {
                "content_type": "text/plain; version=0.0.4; charset=utf-8",
                "text": self.tel.metrics_text(),
            }
        else:  # pragma: no cover
            raise errors.InternalError(f"no local op {op!r}")
        meta = Meta()  # no attempt: nothing was sent
        meta.seconds = self.clock.now() - start
        return Result(data, None, meta)

    def cost(self, body: dict[str, Any], opts: dict[str, Any]) -> dict[str, Any]:
        """The ``cost`` op: ``{"model": "provider/model", "usage": {...}}`` or
        ``{"model": ..., "response": {...}}`` (a whole response: its usage is priced);
        ``"at"`` (ISO 8601) prices a call made then, for hour-of-day prices."""
        model = body["model"]
        usage = body.get("usage")
        if usage is None and isinstance(body.get("response"), dict):
            usage = body["response"].get("usage")
        if not isinstance(usage, dict):
            raise errors.InvalidArgumentError(
                "cost needs a 'usage' object (or a 'response' with one)"
            )
        if self.router is not None and model in self.router.groups:
            raise errors.InvalidArgumentError(
                f"{model!r} is a deployment group: name the provider/model to price"
            )
        at = None
        if body.get("at") is not None:
            try:
                at = datetime.datetime.fromisoformat(str(body["at"]))
            except ValueError:
                raise errors.InvalidArgumentError("at must be an ISO 8601 time") from None
            if at.tzinfo is None:
                at = at.replace(tzinfo=datetime.UTC)
        target = self.target(model, {**opts, "api_key": opts.get("api_key") or "unused"})
        out = self.pricing.cost(
            target.provider, target.model, usage, target.settings.get("base_model"), at
        )
        return {"model": f"{target.provider}/{target.model}", **out}

    def window_of(self, target: Target) -> int | None:
        """The context window of a target's model (catalog or override), if known."""
        p = self.pricing.price(target.provider, target.model, target.settings.get("base_model"))
        return p.context_window if p is not None else None

    async def count_tokens(self, req: Any, transport: TransportLike) -> Result:
        """The ``count_tokens`` op: a chat request (``messages``, ``tools``) or ``text`` for a
        model. Local by default (an estimate unless it is the model's own tokenizer and
        format); ``"exact": true`` asks the provider where it has an endpoint (Anthropic,
        Gemini, Vertex), through the same retries and errors as any call, and is refused
        (``unsupported``) where neither the provider nor a local count can be exact."""
        start = self.clock.now()
        body, opts = self._split("count_tokens", req)
        exact = body.pop("exact", False)
        if not isinstance(exact, bool):
            raise errors.InvalidArgumentError("exact must be true or false")
        model = body["model"]
        if self.router is not None and model in self.router.groups:
            dep = self.router.groups[model][0].cfg  # a group counts as its first deployment
            pick = {"provider": dep.provider} if dep.provider else {}
            provider, name = self._provider_and_name(dep.model, pick)
        else:
            provider, name = self._provider_and_name(model, opts)
        spec = registry.get(provider)
        adapter = ADAPTERS[spec.adapter] if spec is not None else openai_adapter
        if exact and getattr(adapter, "COUNT_TOKENS", False):
            ctx = self.context("count_tokens", req, transport, False)
            ctx.body.pop("exact", None)
            r = await self.run(ctx)
            data = {"model": f"{provider}/{name}", **r.data}
            return Result(self._fits(data, provider, name), None, r.meta)
        data = tokens.count(name, body, self.config.tokenizers_dir)
        if exact and data["is_estimate"]:
            raise errors.UnsupportedError(
                f"provider {provider!r} has no token counting endpoint and the local count "
                f"({data['tokenizer']}) would be an estimate; leave out 'exact' for it",
                provider=provider,
                model=name,
            )
        meta = Meta()
        meta.seconds = self.clock.now() - start
        data = self._fits({"model": f"{provider}/{name}", **data}, provider, name)
        return Result(data, None, meta)

    def _fits(self, data: dict[str, Any], provider: str, name: str) -> dict[str, Any]:
        p = self.pricing.price(provider, name)
        window = p.context_window if p is not None else None
        data["context_window"] = window
        data["fits"] = None if window is None else data["input_tokens"] <= window
        return data

    async def usage(self, req: Any) -> Result:
        """The ``usage`` op: spend and counters of this client's budgets and rate limits, for
        the global scope, every deployment, and the ``model`` and ``key`` the request names
        (``{"model": "chat-default", "key": "user-42"}``, both optional)."""
        body, _ = self._split("usage", req)
        now = datetime.datetime.now(datetime.UTC)
        ids: dict[str, list[str]] = {"global": ["*"], "model": [], "key": [], "deployment": []}
        if isinstance(body.get("model"), str):
            ids["model"].append(body["model"])
        if isinstance(body.get("key"), str):
            ids["key"].append(body["key"])
        if self.router is not None:
            ids["deployment"] = [d.id for g in self.router.groups.values() for d in g]
        out: dict[str, Any] = {"state": "redis" if self.config.state.redis_url else "memory"}
        try:
            out["budgets"] = [
                await self._budget_usage(b, who, now)
                for b in self.config.budgets
                for who in ids[b.scope]
            ]
            out["rate_limits"] = [
                {
                    "scope": r.scope,
                    "id": who,
                    "kind": kind,
                    "limit": limit,
                    "window": r.window,
                    "used": await self.state.window_sum(
                        f"rl:{r.scope}:{who}:{kind}:{r.window:g}", r.window
                    ),
                }
                for r in self.config.rate_limits
                for who in ids[r.scope]
                for kind, limit in (("rpm", r.rpm), ("tpm", r.tpm))
                if limit
            ]
        except StateUnavailable as e:
            raise errors.ServiceUnavailableError(f"usage cannot be read: {e}") from None
        return Result(out, None, Meta())

    async def _budget_usage(self, b: Any, who: str, now: datetime.datetime) -> dict[str, Any]:
        rolling = budget_seconds(b.window)
        if rolling is not None:
            spent = await self.state.window_sum(f"budget:{b.scope}:{who}:{b.window}", rolling)
            held = 0
        else:
            wid, _ = window_id(b.window, now)
            held, spent = await self.state.counters(f"budget:{b.scope}:{who}:{wid}")
        return {
            "scope": b.scope,
            "id": who,
            "window": b.window,
            "mode": b.mode,
            "limit_usd": str(b.limit_usd),
            "spent_usd": usd(spent),
            "held_usd": usd(held),
        }

    # ------------------------------------------------------------------ health probes
    async def _probe(self, dep: Any, transport: TransportLike) -> None:
        """An active health probe of one deployment, one attempt on the client's transport:
        its provider's model list, or a one-token chat (``health.probe``). Raises its error."""
        from .middleware.router import Route

        if dep.target is None:
            dep.target = self.deployment_target(dep.cfg)
        if self.config.health.probe == "chat":
            op = "chat"
            body: dict[str, Any] = {
                "model": dep.target.model,
                "messages": [{"role": "user", "content": "ping"}],
                "max_tokens": 1,
            }
        else:
            op, body = "models", {}
        total = min(self.config.timeouts.total, PROBE_TIMEOUT)
        now = self.clock.now()
        ctx = CallContext(
            op,
            body,
            {},
            False,
            replace(self.config.timeouts, total=total),
            0,
            now + total,
            self.clock,
            self.rng,
            Meta(),
            model=dep.target.model,
            route=Route(dep, dep.target),
            transport=transport,
            started=now,
        )
        await self._send(ctx)


def _begin(ctx: CallContext) -> tuple[Target, Attempt, ModuleType, Any, Any]:
    """One attempt at the routed target starts: its target, its ``Attempt`` in the meta, its
    adapter, the call's telemetry and the attempt's span (None without tracing)."""
    route = ctx.route
    target: Target = route.target
    att = Attempt(route.deployment_id, target.provider, target.model)
    ctx.meta.attempts.append(att)
    obs = ctx.obs
    span = obs.attempt(ctx, target) if obs is not None else None
    return target, att, ADAPTERS[target.spec.adapter], obs, span


class StreamRun:
    """One streamed call: ``async for chunk, raw in run`` yields OpenAI-shaped chunks (and
    their JSON text); ``final()`` is the accumulated response once the stream has ended;
    ``meta`` says how it was served."""

    def __init__(self, engine: Engine, op: str, req: Any, transport: TransportLike) -> None:
        if op not in STREAM_OPS:
            if op in OPS:
                raise errors.UnsupportedError(
                    f"op {op!r} cannot be streamed (streamed ops: {', '.join(sorted(STREAM_OPS))})"
                )
            engine._split(op, req)  # raises the right label
        self.engine = engine
        self.ctx = engine.context(op, req, transport, True)
        acc: Any = ChunkAccumulator() if op == "chat" else ResponseAccumulator()
        self.acc = self.ctx.acc = acc
        self.done = False

    @property
    def meta(self) -> Meta:
        return self.ctx.meta

    @property
    def body(self) -> dict[str, Any]:
        return self.ctx.body

    def final(self) -> dict[str, Any]:
        if not self.done:
            raise errors.StreamIncompleteError("the stream has not completed")
        route = self.ctx.route
        target = route.target if route is not None else None
        try:
            out: dict[str, Any] = self.acc.result()
        except SHAPE_ERRORS as e:
            raise _shape_error(e, "stream chunks", target) from None
        if target is not None and not out.get("model") and self.ctx.op == "chat":
            out["model"] = target.model
        return out

    def __aiter__(self) -> AsyncIterator[tuple[dict[str, Any], bytes]]:
        return self._run()

    async def _run(self) -> AsyncIterator[tuple[dict[str, Any], bytes]]:
        ctx = self.ctx
        engine = self.engine
        st = ctx.timeouts.stream_total
        if st:
            ctx.stream_end = asyncio.get_running_loop().time() + st
        try:
            async for item in engine._chain(ctx.opts)[1](ctx):
                yield item
        except errors.LiterLlmError as e:
            ctx.meta.seconds = engine.clock.now() - ctx.started
            e.meta = ctx.meta
            raise
        ctx.meta.seconds = engine.clock.now() - ctx.started
        self.done = True


async def _authorize(
    adapter: ModuleType, target: Target, transport: TransportLike, timeouts: Timeouts
) -> Target:
    """Adapters whose credentials need a request of their own (an OAuth2 token) get it here."""
    hook = getattr(adapter, "authorize", None)
    if hook is None:
        return target
    try:
        result: Target = await hook(target, transport, timeouts)
    except errors.LiterLlmError as e:
        _annotate(e, target)
        raise
    return result


# What a provider answer of the wrong shape raises inside pure translation code (a string
# where an object belongs, a list where a string does): that answer is invalid, not a bug.
SHAPE_ERRORS = (TypeError, AttributeError, KeyError, IndexError, ValueError, OverflowError)


def _shape_error(e: BaseException, what: str, target: Target | None) -> errors.LiterLlmError:
    cls = errors.StreamIncompleteError if what == "stream chunks" else errors.InvalidResponseError
    return cls(
        f"provider {what} of an unexpected shape ({type(e).__name__}: "
        f"{errors.excerpt(str(e), 120)})",
        provider=target.provider if target else None,
        model=target.model if target else None,
    )


def decode_response(adapter: ModuleType, op: str, raw: bytes, target: Target) -> Any:
    """The adapter's answer for ``op``; only a ``LiterLlmError`` comes out."""
    try:
        return adapter.from_wire(op, raw, target)
    except SHAPE_ERRORS as e:
        raise _shape_error(e, "answer", target) from None


def decode_error(
    adapter: ModuleType, status: int, headers: Any, raw: bytes, target: Target
) -> errors.LiterLlmError:
    """The typed error of a non-2xx answer, whatever its body holds."""
    try:
        err: errors.LiterLlmError = adapter.error_from_wire(status, headers, raw, target)
        return err
    except SHAPE_ERRORS:
        return errors.error_from_status(
            status,
            f"HTTP {status} (the error body had an unexpected shape)",
            provider=target.provider,
            model=target.model,
        )


def feed(
    dec: Any, acc: ChunkAccumulator, piece: bytes, target: Target
) -> tuple[list[tuple[dict[str, Any], bytes]], errors.LiterLlmError | None]:
    """The chunks one body piece completes, and the error that ended the stream within it
    (the chunks before an error event are still delivered, then the error)."""
    out: list[tuple[dict[str, Any], bytes]] = []
    try:
        for chunk, raw in dec.feed(piece):
            acc.add(chunk)
            out.append((chunk, raw))
    except errors.LiterLlmError as e:
        return out, e
    except SHAPE_ERRORS as e:
        return out, _shape_error(e, "stream chunks", target)
    return out, None


_SERVED: dict[tuple[Any, ModuleType], frozenset[str]] = {}
TEXT_OPS = openai_adapter.TEXT_OPS


def _check_served(op: str, target: Target, adapter: ModuleType) -> None:
    """``unsupported`` naming provider and op when the provider does not serve ``op``."""
    key = (target.spec, adapter)
    ops = _SERVED.get(key)
    if ops is None:
        ops = _SERVED[key] = served_ops(target.spec, adapter)
    if op not in ops:
        raise errors.UnsupportedError(
            f"provider {target.provider!r} has no {op!r} endpoint (it serves: "
            f"{', '.join(sorted(ops))})",
            provider=target.provider,
            model=target.model or None,
        )


async def _send_binary(
    ctx: CallContext, adapter: ModuleType, wire: Any, t: Timeouts, target: Target
) -> Binary:
    """An answer of bytes: read whole (at most ``max_response_bytes``), or, with the call's
    ``output_file``, streamed into that file (written beside it, renamed when complete, so a
    cut-off body never leaves a partial file under the asked name)."""
    path = ctx.opts.get("output_file")
    if path is None:
        raw = await ctx.transport.send(wire, t)
        if raw.status >= 300:
            raise _status_error(adapter, raw, target)
        ctx.meta.headers = raw.headers
        ctype = raw.headers.get("content-type") or "application/octet-stream"
        return Binary(str(ctype), raw.body)
    err_resp, pieces = await ctx.transport.stream(
        wire, Timeouts(t.total, t.connect, t.read, ctx.timeouts.stream_idle, None)
    )
    if err_resp is not None:
        raise _status_error(adapter, err_resp, target)
    part = f"{path}.part-{os.getpid()}-{id(ctx):x}"
    size = 0
    try:
        try:
            f = open(part, "wb")  # noqa: SIM115 - closed below, also on failure
        except OSError as e:
            raise errors.InvalidArgumentError(
                f"output_file {path!r} cannot be written: {e.strerror}"
            ) from None
        with f:
            try:
                async with asyncio.timeout(t.total):  # the call's deadline bounds the body too
                    async for piece in pieces:
                        f.write(piece)
                        size += len(piece)
            except TimeoutError:
                raise _deadline_error(ctx.timeouts, target) from None
        os.replace(part, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(part)
        raise
    finally:
        await pieces.aclose()  # type: ignore[attr-defined]
    headers = getattr(pieces, "headers", None)
    ctx.meta.headers = headers
    ctype = (headers or {}).get("content-type") or "application/octet-stream"
    return Binary(str(ctype), b"", path, size)


def _status_error(adapter: ModuleType, raw: Any, target: Target) -> errors.LiterLlmError:
    if raw.status < 400:
        return _redirect_error(raw.status, raw.headers, target)
    err = decode_error(adapter, raw.status, raw.headers, raw.body, target)
    err.retry_hint = should_retry_status(raw.status, raw.headers)
    return err


def _redirect_error(status: int, headers: Any, target: Target) -> errors.LiterLlmError:
    """API calls never follow redirects: a credential must not travel to another origin."""
    loc = str(headers.get("location") or "")
    where = loc.split("?", 1)[0].split("#", 1)[0]
    to = f" to {errors.excerpt(where, 100)}" if where else ""
    return errors.InvalidResponseError(
        f"provider answered HTTP {status} (a redirect{to}); "
        "API calls do not follow redirects, so no credential leaves for another address: "
        "set base_url to the final address",
        status=status,
        provider=target.provider,
        model=target.model,
    )


def _deadline_error(t: Timeouts, target: Target) -> errors.LiterLlmError:
    return errors.TimeoutError(
        f"the call's deadline of {t.total:g} s passed", provider=target.provider, model=target.model
    )


def _stream_timeout(end: float | None, limit: float, idle: float) -> errors.LiterLlmError:
    if end is not None and limit >= end:
        return errors.TimeoutError("the stream ran past its stream_timeout")
    return errors.TimeoutError(f"no stream content for {idle:g} s (stream_idle_timeout)")


def _check_options(opts: dict[str, Any]) -> None:
    """Per-call options of the caller, validated before anything is sent."""
    key = opts.get("api_key")
    if key is not None:
        if not isinstance(key, str):
            raise errors.InvalidArgumentError("api_key must be a string")
        errors.register_secret(key)
    if "base_url" in opts:
        check_url(opts["base_url"], "base_url")
    if "extra_headers" in opts:
        opts["extra_headers"] = check_headers(opts["extra_headers"], "extra_headers")
        register_headers(opts["extra_headers"])
    if "provider" in opts and not isinstance(opts["provider"], str):
        raise errors.InvalidArgumentError("provider must be a string")
    for k in LISTS:
        if k in opts:
            opts[k] = model_list(opts[k], k)
    if "cache" in opts:
        check_cache_options(opts["cache"])
    tp = opts.get("traceparent")
    if tp is not None and (not isinstance(tp, str) or not _TRACEPARENT.match(tp)):
        raise errors.InvalidArgumentError(
            "traceparent must be a W3C trace context: 00-<32 hex>-<16 hex>-<2 hex>"
        )
    ts = opts.get("tracestate")
    if ts is not None and (
        not isinstance(ts, str) or len(ts) > 512 or not ts.isascii() or not ts.isprintable()
    ):
        raise errors.InvalidArgumentError("tracestate must be printable ASCII of 512 bytes at most")


_TRACEPARENT = re.compile(r"00-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}\Z")


def _trace_headers(ctx: CallContext, span: Any, target: Target, wire: Any) -> None:
    """W3C trace context upstream, for providers that take it: the attempt's span when the
    client traces, else the caller's ``traceparent`` as it came."""
    if target.spec.adapter not in TRACE_HEADER_ADAPTERS:
        return
    if ctx.obs is not None:
        tp, ts = ctx.obs.upstream(span)
    else:
        tp, ts = ctx.opts.get("traceparent"), ctx.opts.get("tracestate")
    if tp:
        wire.headers["traceparent"] = tp
        if ts:
            wire.headers["tracestate"] = ts


def _annotate(e: errors.LiterLlmError, target: Target) -> None:
    if e.provider is None:
        e.provider = target.provider
    if e.model is None:
        e.model = target.model
