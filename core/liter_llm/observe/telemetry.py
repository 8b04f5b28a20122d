"""One client's telemetry: the observe layer (outermost in the pipeline: a cache hit is a
call too), a call's span and its attempts' child spans, the GenAI and Prometheus metrics,
the hooks and the log records. Built only when something is configured: a client without
telemetry has no observe layer and pays one ``ctx.obs is None`` test per attempt."""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator
from decimal import Decimal
from typing import Any

from .. import _json, errors
from ..middleware.context import CallContext, Clock, ms
from ..middleware.pipeline import Call, Stream
from ..providers import forms
from ..providers.base import Binary
from . import semconv
from .hooks import Hooks, options
from .logs import log
from .prometheus import Registry


def new_request_id() -> str:
    return "llm-" + os.urandom(8).hex()


class Telemetry:
    def __init__(
        self,
        cfg: Any,
        hooks: Hooks,
        clock: Clock,
        provider_of: Any,
        tracer_provider: Any = None,
        meter_provider: Any = None,
    ) -> None:
        self.cfg = cfg
        self.hooks = hooks
        self.clock = clock
        self.provider_of = provider_of  # requested model -> provider name (None for a group)
        self.registry = Registry() if cfg.metrics else None
        self.otel: Any = None
        if cfg.otel or tracer_provider is not None or meter_provider is not None:
            try:
                from .otel import Otel
            except ImportError:
                raise errors.InvalidArgumentError(
                    "telemetry.otel needs the opentelemetry-api package "
                    "(pip install 'literllm-engine[otel]')"
                ) from None
            self.otel = Otel(cfg, tracer_provider, meter_provider)
        self.logs = cfg.logs
        if cfg.log_level is not None:
            from .logs import configure

            configure(cfg.log_level, cfg.log_file)

    @property
    def wanted(self) -> bool:
        """Is there anything to observe? (else the client gets no observe layer)"""
        return bool(self.registry or self.otel or self.logs or self.hooks.any)

    def close(self) -> None:
        if self.otel is not None:
            self.otel.shutdown()

    def metrics_text(self) -> str:
        if self.registry is None:
            raise errors.InvalidArgumentError(
                "metrics are off for this client: set telemetry.metrics to true"
            )
        return self.registry.render()

    # ------------------------------------------------------------------ a call
    def begin(self, ctx: CallContext) -> CallObs:
        obs = CallObs(self, ctx)
        ctx.obs = obs
        otel = self.otel
        if otel is not None:
            model = ctx.model or ""
            op = semconv.operation(ctx.op)
            attrs: dict[str, Any] = {
                "gen_ai.operation.name": op,
                "gen_ai.request.model": model,
                "liter_llm.request_id": obs.request_id,
            }
            provider = self.provider_of(model, ctx.opts)
            if provider is not None:
                attrs["gen_ai.provider.name"] = semconv.provider(provider)
            attrs.update(semconv.request_attributes(ctx.body, ctx.stream))
            if otel.capture_content and ctx.op == "chat":
                system, msgs = semconv.input_messages(ctx.body)
                attrs["gen_ai.input.messages"] = _text(msgs)
                if system:
                    attrs["gen_ai.system_instructions"] = _text(system)
            parent = otel.parent(obs.traceparent, obs.tracestate)
            obs.span = otel.start(f"{op} {model}".strip(), parent, attrs)
        if self.logs and log.isEnabledFor(logging.DEBUG):
            log.debug(
                "%s %s: request",
                ctx.op,
                ctx.model,
                extra={"request_id": obs.request_id, "op": ctx.op, "model": ctx.model},
            )
        return obs

    async def on_request(self, ctx: CallContext) -> None:
        if not self.hooks.by_event["on_request"]:
            return
        obs: CallObs = ctx.obs
        reason = await self.hooks.run(
            "on_request",
            {
                "hook": "on_request",
                "request_id": obs.request_id,
                "op": ctx.op,
                "stream": ctx.stream,
                "model": obs.model,
                "request": forms.view(ctx.body),
                "options": options(ctx.opts),
            },
        )
        if reason is not None:
            raise errors.HookRejectedError(errors.excerpt(reason, 500), model=obs.model)

    async def end(self, ctx: CallContext, data: Any, err: errors.LiterLlmError | None) -> None:
        """Record a finished call everywhere, then run its on_response or on_error hooks."""
        self.record(ctx, data, err)
        if not self.hooks.any:
            return
        obs: CallObs = ctx.obs
        event = "on_error" if err is not None else "on_response"
        if not self.hooks.by_event[event]:
            return
        payload: dict[str, Any] = {
            "hook": event,
            "request_id": obs.request_id,
            "op": ctx.op,
            "stream": ctx.stream,
            "model": obs.model,
            "meta": ctx.meta.to_dict(),
        }
        if err is not None:
            payload["error"] = err.to_dict()
        elif isinstance(data, Binary):  # bytes as their type and size, never the content
            payload["response"] = {k: v for k, v in data.to_dict().items() if k != "data"}
        else:
            payload["response"] = data
        await self.hooks.run(event, payload)

    def record(self, ctx: CallContext, data: Any, err: BaseException | None) -> None:
        """Spans, metrics and logs of a finished call (no await: safe on cancellation)."""
        obs: CallObs = ctx.obs
        meta = ctx.meta
        seconds = self.clock.now() - ctx.started
        meta.seconds = seconds
        label = getattr(err, "label", "internal") if err is not None else None
        provider = meta.provider or getattr(err, "provider", None) or ""
        usage = semconv.usage_counts(meta.usage) if meta.priced is not None else {}
        cost = None
        if meta.priced is not None and (self.registry is not None or self.otel is not None):
            c = meta.cost
            cost = c.get("usd") if c else None
        otel = self.otel
        if otel is not None:
            self._otel(ctx, obs, data, err, label, provider, usage, cost)
        reg = self.registry
        if reg is not None:
            self._prometheus(reg, ctx, obs, label, provider, usage, cost)
        if self.logs and log.isEnabledFor(logging.INFO):
            self._log(ctx, obs, label, err)

    def _otel(
        self,
        ctx: CallContext,
        obs: CallObs,
        data: Any,
        err: BaseException | None,
        label: str | None,
        provider: str,
        usage: dict[str, int],
        cost: str | None,
    ) -> None:
        otel = self.otel
        meta = ctx.meta
        op = semconv.operation(ctx.op)
        pname = semconv.provider(provider) if provider else "_OTHER"
        mattrs: dict[str, Any] = {
            "gen_ai.operation.name": op,
            "gen_ai.provider.name": pname,
            "gen_ai.request.model": obs.model or "",
        }
        resp = semconv.response_attributes(data, usage) if err is None else {}
        if "gen_ai.response.model" in resp:
            mattrs["gen_ai.response.model"] = resp["gen_ai.response.model"]
        if label is not None:
            mattrs["error.type"] = label
        otel.duration.record(meta.seconds, mattrs)
        if ctx.stream and meta.ttft is not None:
            otel.ttfc.record(meta.ttft, mattrs)
        if "input" in usage and not meta.cache_hit:
            otel.tokens.record(usage["input"], {**mattrs, "gen_ai.token.type": "input"})
            if ctx.op == "chat":
                out = usage.get("output", 0)
                otel.tokens.record(out, {**mattrs, "gen_ai.token.type": "output"})
        span = obs.span
        if span is None:
            return
        span.set_attribute("gen_ai.provider.name", pname)
        attrs: dict[str, Any] = {
            **resp,
            "liter_llm.attempts": len(meta.attempts),
            "liter_llm.cache_hit": meta.cache_hit,
        }
        if meta.deployment is not None:
            attrs["liter_llm.deployment"] = meta.deployment
        if meta.fallbacks:
            attrs["liter_llm.fallbacks"] = list(meta.fallbacks)
        if ctx.stream and meta.ttft is not None:
            attrs["gen_ai.response.time_to_first_chunk"] = meta.ttft
        if cost is not None:
            attrs["liter_llm.cost_usd"] = float(Decimal(cost))
        if otel.capture_content and err is None and ctx.op == "chat":
            attrs["gen_ai.output.messages"] = _text(semconv.output_messages(data))
        span.set_attributes(attrs)
        if label is not None:
            otel.fail(span, label, getattr(err, "message", None))
        span.end()

    def _prometheus(
        self,
        reg: Registry,
        ctx: CallContext,
        obs: CallObs,
        label: str | None,
        provider: str,
        usage: dict[str, int],
        cost: str | None,
    ) -> None:
        meta = ctx.meta
        model = obs.model or ""
        dep = meta.deployment or ""
        outcome = label or "ok"
        served = (provider, meta.model or model, dep)
        with reg.lock:
            reg.requests.inc(reg.key(reg.requests, (ctx.op, provider, model, dep, outcome)))
            reg.duration.observe(
                reg.key(reg.duration, (ctx.op, provider, model, dep, outcome)), meta.seconds or 0.0
            )
            if ctx.stream and meta.ttft is not None:
                reg.ttft.observe(reg.key(reg.ttft, (ctx.op, *served)), meta.ttft)
            for a in meta.attempts:
                key = (a.provider, a.model, a.deployment or "", a.label or "ok")
                reg.attempts.inc(reg.key(reg.attempts, key))
            if not meta.cache_hit:
                for kind in ("input", "output"):
                    if kind in usage:
                        reg.tokens.inc(reg.key(reg.tokens, (*served, kind)), usage[kind])
                if cost is not None:
                    reg.cost.inc(reg.key(reg.cost, served), float(Decimal(cost)))
            else:
                reg.cache_hits.inc(reg.key(reg.cache_hits, (ctx.op, model)))
            for kind in obs.rejections:
                reg.rejections.inc((kind,))

    def _log(
        self, ctx: CallContext, obs: CallObs, label: str | None, err: BaseException | None
    ) -> None:
        meta = ctx.meta
        if log.isEnabledFor(logging.DEBUG):
            for i, a in enumerate(meta.attempts, 1):
                log.debug(
                    "%s attempt %d at %s/%s: %s",
                    ctx.op,
                    i,
                    a.provider,
                    a.model,
                    a.label or "ok",
                    extra={
                        "request_id": obs.request_id,
                        "op": ctx.op,
                        "provider": a.provider,
                        "model": a.model,
                        "deployment": a.deployment,
                        "attempt": i,
                        "latency_ms": ms(a.seconds),
                        "label": a.label,
                        "status": a.status,
                    },
                )
        detail = f": {getattr(err, 'message', '')}" if err is not None else ""
        log.info(
            "%s %s %s in %.3f ms%s",
            ctx.op,
            obs.model,
            label or "ok",
            (meta.seconds or 0.0) * 1000.0,
            errors.excerpt(detail, 300),
            extra={
                "request_id": obs.request_id,
                "op": ctx.op,
                "provider": meta.provider or getattr(err, "provider", None),
                "model": meta.model or obs.model,
                "deployment": meta.deployment,
                "attempt": len(meta.attempts),
                "latency_ms": ms(meta.seconds),
                "label": label,
                "status": getattr(err, "status", None),
                "cache_hit": meta.cache_hit,
            },
        )


class CallObs:
    """What telemetry keeps of one call: its request id, its span, the W3C trace context
    the caller passed, and the local limits that refused an attempt."""

    __slots__ = ("model", "rejections", "request_id", "span", "tel", "traceparent", "tracestate")

    def __init__(self, tel: Telemetry, ctx: CallContext) -> None:
        self.tel = tel
        self.request_id = new_request_id()
        self.model = ctx.model
        opts = ctx.opts
        self.traceparent: str | None = opts.get("traceparent") if opts else None
        self.tracestate: str | None = opts.get("tracestate") if opts else None
        self.span: Any = None
        self.rejections: list[str] = []

    def attempt(self, ctx: CallContext, target: Any) -> Any:
        """The child span of one attempt (None without tracing)."""
        otel = self.tel.otel
        if otel is None or self.span is None:
            return None
        address, port = semconv.server(target.base_url)
        attrs: dict[str, Any] = {
            "gen_ai.operation.name": semconv.operation(ctx.op),
            "gen_ai.provider.name": semconv.provider(target.provider),
            "gen_ai.request.model": target.model,
            "liter_llm.attempt": len(ctx.meta.attempts),
        }
        if address:
            attrs["server.address"] = address
            attrs["server.port"] = port
        dep = ctx.route.deployment_id if ctx.route is not None else None
        if dep is not None:
            attrs["liter_llm.deployment"] = dep
        if ctx.stream:
            attrs["gen_ai.request.stream"] = True
        name = f"{semconv.operation(ctx.op)} {target.model}"
        return otel.child(self.span, name, attrs)

    def upstream(self, span: Any) -> tuple[str | None, str | None]:
        """The ``traceparent``/``tracestate`` to send upstream: the attempt's span when
        tracing, else the caller's own."""
        if span is not None:
            return self.tel.otel.traceparent(span), self.tracestate
        return self.traceparent, self.tracestate

    @staticmethod
    def attempt_done(span: Any, err: errors.LiterLlmError | None) -> None:
        if span is None:
            return
        if err is not None:
            if err.status is not None:
                span.set_attribute("http.response.status_code", err.status)
            span.set_attribute("error.type", err.label)
            from .otel import ERROR

            span.set_status(ERROR)
        span.end()


def _text(v: Any) -> str:
    return _json.dumps(v).decode()


class ObserveLayer:
    """The outermost layer: a span, metrics, logs and hooks around the whole call."""

    def __init__(self, tel: Telemetry) -> None:
        self.tel = tel

    async def call(self, ctx: CallContext, nxt: Call) -> Any:
        tel = self.tel
        tel.begin(ctx)
        try:
            await tel.on_request(ctx)
            r = await nxt(ctx)
        except errors.LiterLlmError as e:
            await tel.end(ctx, None, e)
            raise
        except BaseException as e:
            tel.record(ctx, None, errors.from_exception(e))
            raise
        await tel.end(ctx, r.data, None)
        return r

    async def stream(self, ctx: CallContext, nxt: Stream) -> AsyncIterator[Any]:
        tel = self.tel
        tel.begin(ctx)
        try:
            await tel.on_request(ctx)
            async for item in nxt(ctx):
                yield item
        except errors.LiterLlmError as e:
            await tel.end(ctx, None, e)
            raise
        except BaseException as e:  # the consumer stopped early, or the task was cancelled
            tel.record(ctx, None, errors.from_exception(e))
            raise
        acc = ctx.acc
        try:
            final = acc.result() if acc is not None else None
        except Exception:  # a shape error: StreamRun.final() reports it to the caller
            final = None
        await tel.end(ctx, final, None)
