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
from .config import CALL_OPTIONS, ClientConfig, retries, seconds
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
from .transport import Timeouts, Transport, drain

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
    def target(self, model: str | None, opts: dict[str, Any]) -> Target:
        cfg = self.config
        provider = opts.get("provider")
        name = model or ""
        if provider is None and "/" in name:
            prefix, rest = name.split("/", 1)
            if prefix in registry.PROVIDERS or prefix in cfg.providers:
                provider, name = prefix, rest
        provider = provider or cfg.provider
        if not isinstance(provider, str):
            raise errors.InvalidArgumentError("provider must be a string")
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
            if not isinstance(extra, dict):
                raise errors.InvalidArgumentError("extra_headers must be an object")
            headers.update({str(k): str(v) for k, v in extra.items()})
        drop = opts.get("drop_params", cfg.drop_params)
        return Target(spec, name, base_url, api_key, headers, pconf.settings if pconf else {}, drop)

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
    async def call(self, op: str, req: Any, transport: Transport) -> Result:
        body, opts = self._split(op, req)
        max_retries, timeouts, fallbacks = self._policy(opts)
        models: list[str | None] = [body.get("model"), *fallbacks]
        last: errors.LiterLlmError | None = None
        for i, model in enumerate(models):
            try:
                target = self.target(model, opts)
                return await self._attempts(
                    op,
                    body,  # each to_wire below gets its own copy
                    opts.get("extra_body"),
                    target,
                    transport,
                    max_retries,
                    timeouts,
                )
            except errors.LiterLlmError as e:
                last = e
                if i + 1 == len(models) or not (e.retryable or e.label in FALLBACK_LABELS):
                    raise
        raise last or errors.InternalError("no model to call")  # pragma: no cover

    async def _attempts(
        self,
        op: str,
        body: dict[str, Any],
        extra: dict[str, Any] | None,
        target: Target,
        transport: Transport,
        max_retries: int,
        timeouts: Timeouts,
    ) -> Result:
        adapter = ADAPTERS[target.spec.adapter]
        target = await _authorize(adapter, target, transport, timeouts)
        wire = adapter.to_wire(op, dict(body), target, False, extra)
        attempt = 0
        while True:
            if attempt and getattr(adapter, "SIGNED", False):
                # a signature is only valid for minutes: each retry is signed again
                wire = adapter.to_wire(op, dict(body), target, False, extra)
            try:
                raw = await transport.send(wire, timeouts)
            except errors.LiterLlmError as e:
                _annotate(e, target)
                await _backoff_or_raise(e, attempt, max_retries, e.retryable)
                attempt += 1
                continue
            if raw.status < 300:
                data = adapter.from_wire(op, raw.body, target)
                return Result(data, raw.body if getattr(adapter, "PASSTHROUGH", True) else None)
            err = adapter.error_from_wire(raw.status, raw.headers, raw.body, target)
            await _backoff_or_raise(
                err, attempt, max_retries, should_retry_status(raw.status, raw.headers)
            )
            attempt += 1

    # ------------------------------------------------------------------ streams
    def stream(self, op: str, req: Any, transport: Transport) -> StreamRun:
        return StreamRun(self, op, req, transport)


class StreamRun:
    """One streamed call: ``async for chunk, raw in run`` yields OpenAI-shaped chunks (and
    their JSON text); ``final()`` is the accumulated response once the stream has ended."""

    def __init__(self, engine: Engine, op: str, req: Any, transport: Transport) -> None:
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
        out = self.acc.result()
        if self.target is not None and not out.get("model"):
            out["model"] = self.target.model
        return out

    def __aiter__(self) -> AsyncIterator[tuple[dict[str, Any], bytes]]:
        return self._run()

    async def _run(self) -> AsyncIterator[tuple[dict[str, Any], bytes]]:
        max_retries, timeouts, fallbacks = self.engine._policy(self.opts)
        models: list[str | None] = [self.body.get("model"), *fallbacks]
        for i, model in enumerate(models):
            delivered = False
            try:
                target = self.target = self.engine.target(model, self.opts)
                async for item in self._attempts(target, max_retries, timeouts):
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
        self, target: Target, max_retries: int, timeouts: Timeouts
    ) -> AsyncIterator[tuple[dict[str, Any], bytes]]:
        adapter = ADAPTERS[target.spec.adapter]
        target = await _authorize(adapter, target, self.transport, timeouts)
        extra = self.opts.get("extra_body")
        wire = adapter.to_wire("chat", dict(self.body), target, True, extra)
        attempt = 0
        while True:
            delivered = False
            if attempt and getattr(adapter, "SIGNED", False):
                wire = adapter.to_wire("chat", dict(self.body), target, True, extra)
            try:
                err_resp, pieces = await self.transport.stream(wire, timeouts)
            except errors.LiterLlmError as e:
                _annotate(e, target)
                await _backoff_or_raise(e, attempt, max_retries, e.retryable)
                attempt += 1
                continue
            if err_resp is not None:
                err = adapter.error_from_wire(
                    err_resp.status, err_resp.headers, err_resp.body, target
                )
                retry = should_retry_status(err_resp.status, err_resp.headers)
                await _backoff_or_raise(err, attempt, max_retries, retry)
                attempt += 1
                continue
            dec = adapter.stream_decoder(target)
            try:
                async for piece in pieces:
                    for chunk, raw in dec.feed(piece):
                        self.acc.add(chunk)
                        delivered = True
                        yield chunk, raw
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
                await _backoff_or_raise(e, attempt, max_retries, e.retryable and not delivered)
                attempt += 1
                continue
            finally:
                await pieces.aclose()  # type: ignore[attr-defined]


async def _authorize(
    adapter: ModuleType, target: Target, transport: Transport, timeouts: Timeouts
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
    err: errors.LiterLlmError, attempt: int, max_retries: int, retry: bool
) -> None:
    """Sleep before the next attempt, or raise ``err`` when it must not or cannot be retried."""
    if not retry or attempt >= max_retries:
        raise err
    await asyncio.sleep(backoff_delay(attempt, err.retry_after, _rand()))


def _annotate(e: errors.LiterLlmError, target: Target) -> None:
    if e.provider is None:
        e.provider = target.provider
    if e.model is None:
        e.model = target.model
