"""OpenAI and every OpenAI-compatible server: the request is already in the wire shape.

Pure functions; no I/O.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from .. import _json, errors
from ..streaming import SSEDecoder
from .base import (
    Target,
    WireRequest,
    classify,
    error_payload,
    json_body,
    make_error,
    no_endpoint,
    openai_error_fields,
)

# The provider's body is already the OpenAI-shaped answer: it is handed on without re-encoding.
PASSTHROUGH = True

# OpenAI's own API; an OpenAI-compatible server offers what its models offer.
CAPABILITIES = {
    "chat": True,
    "stream": True,
    "tools": True,
    "structured_output": True,
    "vision": True,
    "reasoning": "reasoning_effort; reasoning_content where the server sends it",
    "embeddings": True,
    "auth": "bearer key",
}

# op -> (method, path)
ENDPOINTS: dict[str, tuple[str, str]] = {
    "chat": ("POST", "/chat/completions"),
    "embed": ("POST", "/embeddings"),
    "models": ("GET", "/models"),
    "moderate": ("POST", "/moderations"),
    "images": ("POST", "/images/generations"),
}
STREAMABLE = frozenset({"chat"})


def headers_for(target: Target) -> dict[str, str]:
    h = {"Content-Type": "application/json", "Accept": "application/json"}
    if target.api_key:
        h[target.spec.auth_header] = target.spec.auth_prefix + target.api_key
    h.update(target.headers)
    return h


def to_wire(
    op: str,
    body: dict[str, Any],
    target: Target,
    stream: bool,
    extra: dict[str, Any] | None = None,
) -> WireRequest:
    """Build the HTTP request of ``op``; ``body`` has liter_llm's own keys removed already,
    ``extra`` (the caller's ``extra_body``) is merged into it as is."""
    method, path = endpoint(op, target)
    url = target.base_url.rstrip("/") + path
    return wire_request(method, url, headers_for(target), op, body, target, stream, extra)


def endpoint(op: str, target: Target) -> tuple[str, str]:
    """(method, path) of ``op``; ``unsupported`` for an op OpenAI's API does not have."""
    try:
        return ENDPOINTS[op]
    except KeyError:
        raise no_endpoint(op, target) from None


def wire_request(
    method: str,
    url: str,
    headers: dict[str, str],
    op: str,
    body: dict[str, Any],
    target: Target,
    stream: bool,
    extra: dict[str, Any] | None,
) -> WireRequest:
    """The OpenAI-shaped body with ``extra``, model and stream settings (shared with Azure)."""
    if extra:
        body.update(extra)
    if method == "GET":
        return WireRequest(method, url, headers, None, False)
    body["model"] = target.model
    if stream:
        body["stream"] = True
        if "no_stream_options" in target.spec.quirks:
            body.pop("stream_options", None)
        else:
            opts = body.get("stream_options") or {}
            opts.setdefault("include_usage", True)
            body["stream_options"] = opts
    elif op == "chat" and body.get("stream"):
        body.pop("stream")
    return WireRequest(method, url, headers, dumps(body), stream)


def dumps(obj: Any) -> bytes:
    """Compact UTF-8 JSON; a lone surrogate or a non-string key is the caller's error."""
    return _json.dumps_or_invalid(obj)


def from_wire(op: str, raw: bytes, target: Target) -> Any:
    """The OpenAI-shaped response of ``op`` (already that shape: parsed and checked)."""
    data = json_body(raw)
    if not isinstance(data, dict):
        raise errors.InvalidResponseError(
            f"expected a JSON object, got {type(data).__name__}", provider=target.provider
        )
    if "error" in data and data.get("error") and op != "moderate":
        msg, code = openai_error_fields(data)
        raise make_error(classify(None, code, msg), msg, target)
    if op == "chat":
        check_completion(data, target)
    return data


def _bad(what: str, target: Target) -> errors.InvalidResponseError:
    return errors.InvalidResponseError(what, provider=target.provider, model=target.model)


def check_completion(data: dict[str, Any], target: Target) -> None:
    """A chat completion that claims success must carry at least one real choice."""
    choices = data.get("choices")
    if not isinstance(choices, list) or not choices:
        raise _bad("chat response has no choices (expected a non-empty 'choices' list)", target)
    for c in choices:
        if not isinstance(c, dict) or not isinstance(c.get("message"), dict):
            raise _bad("chat response has a choice without a 'message' object", target)
    usage = data.get("usage")
    if usage is not None and not isinstance(usage, dict):
        raise _bad("chat response 'usage' is not an object", target)


def check_chunk(obj: dict[str, Any], target: Target) -> None:
    """A stream chunk's choices are objects whose delta (when present) is an object."""
    choices = obj.get("choices")
    if choices is None:
        return
    if not isinstance(choices, list):
        raise errors.StreamIncompleteError("stream chunk 'choices' is not a list")
    for c in choices:
        if not isinstance(c, dict):
            raise errors.StreamIncompleteError("stream chunk has a choice that is not an object")
        d = c.get("delta")
        if d is not None and not isinstance(d, dict):
            raise errors.StreamIncompleteError("stream chunk 'delta' is not an object")
    usage = obj.get("usage")
    if usage is not None and not isinstance(usage, dict):
        raise errors.StreamIncompleteError("stream chunk 'usage' is not an object")


def error_from_wire(
    status: int, headers: Mapping[str, str], raw: bytes, target: Target
) -> errors.LiterLlmError:
    """Map a non-2xx answer to its typed error: provider code first, then status, then text."""
    payload = error_payload(raw)
    msg, code = openai_error_fields(payload) if payload is not None else (f"HTTP {status}", None)
    return make_error(classify(status, code, msg), msg, target, status=status, headers=headers)


def parse_event(data: str, target: Target) -> dict[str, Any] | None:
    """One SSE ``data:`` payload -> a chunk dict; None for ``[DONE]``. Errors raise typed."""
    if data == "[DONE]":
        return None
    try:
        obj = _json.loads(data)
    except ValueError:
        raise errors.StreamIncompleteError(
            f"malformed stream event: {data[:120]!r}", provider=target.provider, model=target.model
        ) from None
    if not isinstance(obj, dict):
        raise errors.StreamIncompleteError(
            "stream event is not a JSON object", provider=target.provider, model=target.model
        )
    if obj.get("error"):
        msg, code = openai_error_fields(obj)
        status = obj["error"].get("status") if isinstance(obj["error"], dict) else None
        raise make_error(
            classify(status if isinstance(status, int) else None, code, msg),
            msg,
            target,
            status=status if isinstance(status, int) else None,
        )
    check_chunk(obj, target)
    return obj


class OpenAIStream:
    """OpenAI's SSE: each ``data:`` is a chunk, handed on as received; ``[DONE]`` ends it."""

    __slots__ = ("_dec", "_target", "done")

    def __init__(self, target: Target) -> None:
        self._dec = SSEDecoder(target.max_event_bytes)
        self._target = target
        self.done = False

    def feed(self, piece: bytes) -> Iterator[tuple[dict[str, Any], bytes]]:
        for ev in self._dec.feed(piece):
            if not ev.data:
                continue
            c = parse_event(ev.data, self._target)
            if c is None:
                self.done = True
                return
            yield c, ev.data.encode()

    def end(self, finished: bool) -> None:
        self._dec.flush()
        if "eof_ends_stream" in self._target.spec.quirks and finished:
            self.done = True
            return
        raise errors.StreamIncompleteError(
            "stream ended without its terminal [DONE] marker"
            + (" (a partial event was cut off)" if self._dec.has_partial else "")
        )


def stream_decoder(target: Target) -> OpenAIStream:
    return OpenAIStream(target)
