"""The engine: resolve the provider, translate, send with retries and fallbacks, decode.

Loop-agnostic: every method is a coroutine running on whichever loop owns the ``Transport``
it is given (the library's loop for the sync API and the C ABI, the caller's for async).
Requests stay plain dicts on this path: no model validation, no extra copies.
"""

from __future__ import annotations

import asyncio
import os
import random
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from types import ModuleType
from typing import Any

from . import errors
from .config import (
    CALL_OPTIONS,
    ClientConfig,
    check_headers,
    check_url,
    register_headers,
    retries,
    seconds,
)
from .middleware.retry import backoff_delay, should_retry_status
from .providers import anthropic as anthropic_adapter
from .providers import azure as azure_adapter
from .providers import bedrock as bedrock_adapter
from .providers import cohere as cohere_adapter
from .providers import gemini as gemini_adapter
from .providers import mistral as mistral_adapter
from .providers import openai as openai_adapter
from .providers import registry
from .providers.base import Target
from .streaming import ChunkAccumulator
from .transport import Timeouts, TransportLike, drain

# Per-call options that belong to the provider of the requested model only: a fallback to
# another provider never receives them (a key sent to the wrong provider is a leaked key).
PER_PROVIDER_OPTIONS = ("api_key", "base_url", "extra_headers")
UTF8_BOM = b"\xef\xbb\xbf"

OPS = frozenset({"chat", "embed", "models", "moderate", "images"})
# Ops of the C ABI's list that are not built yet: reported as `unsupported`, never faked.
PLANNED_OPS = frozenset({"count_tokens", "cost", "speech", "transcribe", "rerank"})

ADAPTERS: dict[str, ModuleType] = {
    "openai": openai_adapter,
    "anthropic": anthropic_adapter,
    "azure": azure_adapter,
    "gemini": gemini_adapter,
    "cohere": cohere_adapter,
    "mistral": mistral_adapter,
    "bedrock": bedrock_adapter,
}

# Errors after which the next model of `fallbacks` is tried.
FALLBACK_LABELS = frozenset(
    {
        "context_window_exceeded",
        "content_policy",
        "not_found",
        "authentication",
        "permission_denied",
    }
)


@dataclass(frozen=True, slots=True)
class Result:
    data: Any
    raw: bytes | None  # the provider's body when it is exactly `data` as JSON (no re-encode)


def _rand() -> float:
    return random.random()


class Engine:
    def __init__(self, config: ClientConfig) -> None:
        self.config = config

    # ------------------------------------------------------------------ resolution
    def provider_of(self, model: str | None, opts: dict[str, Any]) -> tuple[Any, Any]:
        """(provider name, model name at that provider) of a requested model."""
        cfg = self.config
        provider = opts.get("provider")
        name = model or ""
        if provider is None and isinstance(name, str) and "/" in name:
            prefix, rest = name.split("/", 1)
            if prefix in registry.PROVIDERS or prefix in cfg.providers:
                provider, name = prefix, rest
        return provider or cfg.provider, name

    def target(self, model: str | None, opts: dict[str, Any]) -> Target:
        cfg = self.config
        provider, name = self.provider_of(model, opts)
        if not isinstance(provider, str):
            raise errors.InvalidArgumentError("provider must be a string")
        if not isinstance(name, str):
            raise errors.InvalidArgumentError("model must be a string")
        spec = registry.get(provider)
        pconf = cfg.providers.get(provider)
        is_default = provider == cfg.provider
        base_url = (
            opts.get("base_url")
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
        base_url = base_url or spec.base_url
        key_env = (
            (pconf and pconf.api_key_env)
            or (cfg.api_key_env if is_default else None)
            or spec.api_key_env
        )
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
        extra = opts.get("extra_headers")
        if extra:
            headers.update(extra)  # validated by _split
        drop = opts.get("drop_params", cfg.drop_params)
        return Target(
            spec,
            name,
            base_url,
            api_key,
            headers,
            pconf.settings if pconf else {},
            drop,
            cfg.max_event_bytes,
        )

    def _for_fallback(
        self, opts: dict[str, Any], model: str | None, first: str | None
    ) -> dict[str, Any]:
        """The options a fallback model gets: per-call credentials only for the provider
        they were given for (the first one)."""
        if not any(k in opts for k in PER_PROVIDER_OPTIONS):
            return opts
        if self.provider_of(model, opts)[0] == first:
            return opts
        return {k: v for k, v in opts.items() if k not in PER_PROVIDER_OPTIONS}

    def _split(self, op: str, req: Any) -> tuple[dict[str, Any], dict[str, Any]]:
        if op not in OPS:
            if op in PLANNED_OPS:
                raise errors.UnsupportedError(f"op {op!r} is not implemented yet")
            raise errors.InvalidArgumentError(
                f"unknown op {op!r}; known: {sorted(OPS | PLANNED_OPS)}"
            )
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
        if opts:
            _check_options(opts)
        if op != "models":
            m = body.get("model")
            if not isinstance(m, str) or not m:
                raise errors.InvalidArgumentError("request needs a 'model' string")
        if op == "chat":
            msgs = body.get("messages")
            if not isinstance(msgs, list) or not msgs:
                raise errors.InvalidArgumentError("chat request needs a non-empty 'messages' list")
        return body, opts

    def _policy(self, opts: dict[str, Any]) -> tuple[int, Timeouts, list[str | None]]:
        cfg = self.config
        n = retries(opts["max_retries"]) if "max_retries" in opts else cfg.max_retries
        t = cfg.timeouts
        if "timeout" in opts:
            t = replace(t, total=seconds(opts["timeout"], "timeout"))
        fb = opts.get("fallbacks", cfg.fallbacks)
        if not isinstance(fb, list | tuple) or not all(isinstance(x, str) for x in fb):
            raise errors.InvalidArgumentError("fallbacks must be a list of model names")
        return n, t, list(fb)

    # ------------------------------------------------------------------ calls
    async def call(self, op: str, req: Any, transport: TransportLike) -> Result:
        body, opts = self._split(op, req)
        max_retries, timeouts, fallbacks = self._policy(opts)
        deadline = asyncio.get_running_loop().time() + timeouts.total
        if not fallbacks:
            target = self.target(body.get("model"), opts)
            return await self._attempts(
                op, body, opts.get("extra_body"), target, transport, max_retries, timeouts, deadline
            )
        models: list[str | None] = [body.get("model"), *fallbacks]
        last: errors.LiterLlmError | None = None
        first: str | None = None
        for i, model in enumerate(models):
            try:
                o = opts if i == 0 else self._for_fallback(opts, model, first)
                target = self.target(model, o)
                first = first or target.provider
                return await self._attempts(
                    op,
                    body,  # each to_wire below gets its own copy
                    opts.get("extra_body"),
                    target,
                    transport,
                    max_retries,
                    timeouts,
                    deadline,
                )
            except errors.LiterLlmError as e:
                last = e
                if i + 1 == len(models) or not (e.retryable or e.label in FALLBACK_LABELS):
                    raise
                if asyncio.get_running_loop().time() >= deadline:
                    raise
        raise last or errors.InternalError("no model to call")  # pragma: no cover

    async def _attempts(
        self,
        op: str,
        body: dict[str, Any],
        extra: dict[str, Any] | None,
        target: Target,
        transport: TransportLike,
        max_retries: int,
        timeouts: Timeouts,
        deadline: float,
    ) -> Result:
        adapter = ADAPTERS[target.spec.adapter]
        loop = asyncio.get_running_loop()
        target = await _authorize(adapter, target, transport, timeouts)
        wire = adapter.to_wire(op, dict(body), target, False, extra)
        attempt = 0
        while True:
            if attempt and getattr(adapter, "SIGNED", False):
                # a signature is only valid for minutes: each retry is signed again
                wire = adapter.to_wire(op, dict(body), target, False, extra)
            left = deadline - loop.time()
            if left <= 0:
                raise _deadline_error(timeouts, target)
            try:
                raw = await transport.send(wire, Timeouts(left, timeouts.connect, timeouts.read))
            except errors.LiterLlmError as e:
                _annotate(e, target)
                await _backoff_or_raise(e, attempt, max_retries, e.retryable, deadline)
                attempt += 1
                continue
            if raw.status < 300:
                b = raw.body
                if b[:3] == UTF8_BOM:
                    b = b[3:]
                data = decode_response(adapter, op, b, target)
                return Result(data, b if getattr(adapter, "PASSTHROUGH", True) else None)
            if raw.status < 400:
                raise _redirect_error(raw.status, raw.headers, target)
            err = decode_error(adapter, raw.status, raw.headers, raw.body, target)
            await _backoff_or_raise(
                err, attempt, max_retries, should_retry_status(raw.status, raw.headers), deadline
            )
            attempt += 1

    # ------------------------------------------------------------------ streams
    def stream(self, op: str, req: Any, transport: TransportLike) -> StreamRun:
        return StreamRun(self, op, req, transport)


class StreamRun:
    """One streamed call: ``async for chunk, raw in run`` yields OpenAI-shaped chunks (and
    their JSON text); ``final()`` is the accumulated response once the stream has ended."""

    def __init__(self, engine: Engine, op: str, req: Any, transport: TransportLike) -> None:
        if op != "chat":
            if op in OPS:
                raise errors.UnsupportedError(f"op {op!r} cannot be streamed")
            engine._split(op, req)  # raises the right label
        self.engine = engine
        self.body, self.opts = engine._split(op, req)
        self.transport = transport
        self.acc = ChunkAccumulator()
        self.done = False
        self.target: Target | None = None

    def final(self) -> dict[str, Any]:
        if not self.done:
            raise errors.StreamIncompleteError("the stream has not completed")
        try:
            out = self.acc.result()
        except SHAPE_ERRORS as e:
            raise _shape_error(e, "stream chunks", self.target) from None
        if self.target is not None and not out.get("model"):
            out["model"] = self.target.model
        return out

    def __aiter__(self) -> AsyncIterator[tuple[dict[str, Any], bytes]]:
        return self._run()

    async def _run(self) -> AsyncIterator[tuple[dict[str, Any], bytes]]:
        max_retries, timeouts, fallbacks = self.engine._policy(self.opts)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeouts.total
        end = loop.time() + timeouts.stream_total if timeouts.stream_total else None
        models: list[str | None] = [self.body.get("model"), *fallbacks]
        first: str | None = None
        for i, model in enumerate(models):
            delivered = False
            try:
                opts = self.opts if i == 0 else self.engine._for_fallback(self.opts, model, first)
                target = self.target = self.engine.target(model, opts)
                first = first or target.provider
                async for item in self._attempts(target, max_retries, timeouts, deadline, end):
                    delivered = True
                    yield item
                return
            except errors.LiterLlmError as e:
                if (
                    delivered
                    or i + 1 == len(models)
                    or not (e.retryable or e.label in FALLBACK_LABELS)
                ):
                    raise

    async def _attempts(
        self,
        target: Target,
        max_retries: int,
        timeouts: Timeouts,
        deadline: float,
        end: float | None,
    ) -> AsyncIterator[tuple[dict[str, Any], bytes]]:
        adapter = ADAPTERS[target.spec.adapter]
        loop = asyncio.get_running_loop()
        target = await _authorize(adapter, target, self.transport, timeouts)
        extra = self.opts.get("extra_body")
        wire = adapter.to_wire("chat", dict(self.body), target, True, extra)
        idle = timeouts.stream_idle
        attempt = 0
        while True:
            delivered = False
            if attempt and getattr(adapter, "SIGNED", False):
                wire = adapter.to_wire("chat", dict(self.body), target, True, extra)
            left = deadline - loop.time()
            if left <= 0:
                raise _deadline_error(timeouts, target)
            try:
                err_resp, pieces = await self.transport.stream(
                    wire, Timeouts(left, timeouts.connect, timeouts.read, idle, None)
                )
            except errors.LiterLlmError as e:
                _annotate(e, target)
                await _backoff_or_raise(e, attempt, max_retries, e.retryable, deadline)
                attempt += 1
                continue
            if err_resp is not None:
                if err_resp.status < 400:
                    raise _redirect_error(err_resp.status, err_resp.headers, target)
                err = decode_error(
                    adapter, err_resp.status, err_resp.headers, err_resp.body, target
                )
                retry = should_retry_status(err_resp.status, err_resp.headers)
                await _backoff_or_raise(err, attempt, max_retries, retry, deadline)
                attempt += 1
                continue
            dec = adapter.stream_decoder(target)
            it = aiter(pieces)
            # content progress, not bytes, keeps a stream alive: keep-alive comments and
            # pings move no deadline; stream_timeout (end) bounds the whole stream
            idle_at = loop.time() + idle
            try:
                while True:
                    limit = idle_at if end is None else min(idle_at, end)
                    try:
                        async with asyncio.timeout_at(limit):
                            piece = await anext(it)
                    except StopAsyncIteration:
                        break
                    except TimeoutError:
                        raise _stream_timeout(end, limit, idle) from None
                    items, failed = feed(dec, self.acc, piece, target)
                    for chunk, raw in items:
                        delivered = True
                        yield chunk, raw
                        idle_at = loop.time() + idle
                    if failed is not None:
                        raise failed
                    if dec.done:
                        self.done = True
                        await drain(pieces)
                        return
                dec.end(self.acc.finished)
                self.done = True
                return
            except errors.LiterLlmError as e:
                _annotate(e, target)
                # close the broken response now, not after the backoff sleep (finally
                # closes it again, harmlessly); never retried once a chunk was delivered
                await pieces.aclose()  # type: ignore[attr-defined]
                await _backoff_or_raise(
                    e, attempt, max_retries, e.retryable and not delivered, deadline
                )
                attempt += 1
                continue
            finally:
                await pieces.aclose()  # type: ignore[attr-defined]


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


async def _backoff_or_raise(
    err: errors.LiterLlmError, attempt: int, max_retries: int, retry: bool, deadline: float
) -> None:
    """Sleep before the next attempt, or raise ``err`` when it must not or cannot be retried,
    or when the sleep would cross the call's deadline (the error keeps its retry_after)."""
    if not retry or attempt >= max_retries:
        raise err
    delay = backoff_delay(attempt, err.retry_after, _rand())
    if asyncio.get_running_loop().time() + delay >= deadline:
        raise err
    await asyncio.sleep(delay)


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


def _annotate(e: errors.LiterLlmError, target: Target) -> None:
    if e.provider is None:
        e.provider = target.provider
    if e.model is None:
        e.model = target.model
