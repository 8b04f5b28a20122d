"""OpenAI and every OpenAI-compatible server: the request is already in the wire shape.

Pure functions; no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from .. import _json, errors
from ..streaming import RESPONSE_TERMINAL, SSEDecoder
from . import forms
from .base import (
    Target,
    WireRequest,
    classify,
    drop_or_reject,
    error_payload,
    json_object,
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


@dataclass(frozen=True, slots=True)
class Endpoint:
    """One REST endpoint of OpenAI's API. ``kind``: "json" (a JSON body), "form" (multipart:
    ``files`` are file fields), "query" (the request's keys as the URL's query), "none" (no
    body). ``id_field``: the request key that goes into the path (``{id}``)."""

    method: str
    path: str
    kind: str = "json"
    id_field: str | None = None
    files: tuple[str, ...] = ()
    model: bool = True
    binary: bool = False
    required: tuple[str, ...] = ()


def _ep(method: str, path: str, kind: str = "json", **kw: Any) -> Endpoint:
    return Endpoint(method, path, kind, **kw)


ENDPOINTS: dict[str, Endpoint] = {
    "chat": _ep("POST", "/chat/completions"),
    "embed": _ep("POST", "/embeddings", required=("input",)),
    "models": _ep("GET", "/models", "query", model=False),
    "moderate": _ep("POST", "/moderations", required=("input",)),
    "images": _ep("POST", "/images/generations", required=("prompt",)),
    "image_edit": _ep(
        "POST", "/images/edits", "form", files=("image", "mask"), required=("image", "prompt")
    ),
    "speech": _ep("POST", "/audio/speech", binary=True, required=("input", "voice")),
    "transcribe": _ep("POST", "/audio/transcriptions", "form", files=("file",), required=("file",)),
    "translate": _ep("POST", "/audio/translations", "form", files=("file",), required=("file",)),
    "rerank": _ep("POST", "/rerank", required=("query", "documents")),
    "file_upload": _ep(
        "POST", "/files", "form", files=("file",), model=False, required=("file", "purpose")
    ),
    "file_list": _ep("GET", "/files", "query", model=False),
    "file_retrieve": _ep("GET", "/files/{id}", "query", id_field="file_id", model=False),
    "file_content": _ep(
        "GET", "/files/{id}/content", "query", id_field="file_id", model=False, binary=True
    ),
    "file_delete": _ep("DELETE", "/files/{id}", "query", id_field="file_id", model=False),
    "batch_create": _ep("POST", "/batches", model=False, required=("input_file_id", "endpoint")),
    "batch_retrieve": _ep("GET", "/batches/{id}", "query", id_field="batch_id", model=False),
    "batch_list": _ep("GET", "/batches", "query", model=False),
    "batch_cancel": _ep("POST", "/batches/{id}/cancel", "none", id_field="batch_id", model=False),
    "responses": _ep("POST", "/responses", required=("input",)),
    "response_retrieve": _ep(
        "GET", "/responses/{id}", "query", id_field="response_id", model=False
    ),
    "response_cancel": _ep(
        "POST", "/responses/{id}/cancel", "none", id_field="response_id", model=False
    ),
    "response_delete": _ep(
        "DELETE", "/responses/{id}", "query", id_field="response_id", model=False
    ),
}
# Every op this adapter can send; a provider's row narrows it to what that server offers.
OPS = frozenset(ENDPOINTS)
STREAMABLE = frozenset({"chat", "responses"})
# Answers that may be plain text (response_format "text", "srt", "vtt").
TEXT_OPS = frozenset({"transcribe", "translate"})
_ID = re.compile(r"[A-Za-z0-9_.:~-]{1,256}\Z")


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
    ep = endpoint(op, target)
    url = base_of(target) + path_of(ep, body)
    return wire_request(ep, op, url, headers_for(target), body, target, stream, extra)


_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
_HOST_PART = re.compile(r"[A-Za-z0-9._-]{1,128}\Z")


def base_of(target: Target) -> str:
    """The base URL with its ``{setting}`` placeholders (an account, a workspace) filled from
    the provider's settings, else from ``<PROVIDER>_<SETTING>`` in the environment."""
    base = target.base_url
    if "{" not in base:
        return base.rstrip("/")

    def fill(m: re.Match[str]) -> str:
        name = m.group(1)
        env = f"{target.provider.upper()}_{name.upper()}"
        v = target.setting(name, env)
        if v is None:
            raise errors.InvalidArgumentError(
                f"provider {target.provider!r} needs its {name}: set "
                f"providers.{target.provider}.settings.{name} or {env}, or give its base_url",
                provider=target.provider,
            )
        if not _HOST_PART.match(str(v)):
            raise errors.InvalidArgumentError(
                f"{name} must be letters, digits, '.', '_' or '-'", provider=target.provider
            )
        return str(v)

    return _PLACEHOLDER.sub(fill, base).rstrip("/")


def endpoint(op: str, target: Target) -> Endpoint:
    """The endpoint of ``op``; ``unsupported`` for an op OpenAI's API does not have."""
    try:
        return ENDPOINTS[op]
    except KeyError:
        raise no_endpoint(op, target) from None


def path_of(ep: Endpoint, body: dict[str, Any]) -> str:
    """The endpoint's path with its id (taken out of ``body``) in place."""
    if ep.id_field is None:
        return ep.path
    v = body.pop(ep.id_field, None)
    if not isinstance(v, str) or not _ID.match(v):
        raise errors.InvalidArgumentError(
            f"{ep.id_field!r} must be an id (letters, digits, '_', '-', '.', ':'; at most 256)"
        )
    return ep.path.replace("{id}", quote(v, safe=""))


def wire_request(
    ep: Endpoint,
    op: str,
    url: str,
    headers: dict[str, str],
    body: dict[str, Any],
    target: Target,
    stream: bool,
    extra: dict[str, Any] | None,
) -> WireRequest:
    """The OpenAI-shaped request of ``ep`` with ``extra``, model and stream settings (shared
    with Azure and every OpenAI-compatible provider)."""
    if extra:
        body.update(extra)
    for f in ep.required:
        if body.get(f) is None:
            raise errors.InvalidArgumentError(f"{op} needs {f!r}")
    if ep.kind in ("query", "none"):
        if ep.kind == "query" and body:
            url += ("&" if "?" in url else "?") + urlencode(
                {k: _query_value(k, v) for k, v in body.items() if v is not None}
            )
        h = {k: v for k, v in headers.items() if k != "Content-Type"}
        return WireRequest(ep.method, url, h, None, False)
    if ep.model:
        body["model"] = target.model
    spec = target.spec
    if op == "chat" and (spec.renames or spec.unsupported):
        drop_or_reject(body, spec.unsupported, target)
        for p in spec.unsupported:
            body.pop(p, None)
        for old, new in spec.renames:
            if old in body:
                v = body.pop(old)
                body.setdefault(new, v)
    if ep.kind == "form":
        h = {k: v for k, v in headers.items() if k != "Content-Type"}
        return WireRequest(ep.method, url, h, None, False, forms.form(body, ep.files))
    if ep.binary:
        headers = {**headers, "Accept": "*/*"}
    if stream:
        body["stream"] = True
        if op != "chat" or "no_stream_options" in target.spec.quirks:
            body.pop("stream_options", None)
        else:
            opts = body.get("stream_options") or {}
            opts.setdefault("include_usage", True)
            body["stream_options"] = opts
    elif body.get("stream") and op in STREAMABLE:
        body.pop("stream")
    return WireRequest(ep.method, url, headers, dumps(body), stream)


def _query_value(k: str, v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (str, int, float)):
        return str(v)
    raise errors.InvalidArgumentError(f"{k!r} must be a string or a number")


def dumps(obj: Any) -> bytes:
    """Compact UTF-8 JSON; a lone surrogate or a non-string key is the caller's error."""
    return _json.dumps_or_invalid(obj)


def from_wire(op: str, raw: bytes, target: Target) -> Any:
    """The OpenAI-shaped response of ``op`` (already that shape: parsed and checked); a
    transcription asked for as text, SRT or VTT is ``{"text": ...}``."""
    if op in TEXT_OPS and raw[:1] != b"{":
        return {"text": raw.decode("utf-8", "replace")}
    data = json_object(raw, target)
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


class ResponsesStream:
    """The Responses API's SSE: each ``data:`` is a typed event, handed on as received; the
    stream ends at ``response.completed`` or ``response.incomplete`` (there is no
    ``[DONE]``); ``response.failed`` and ``error`` events raise the provider's error."""

    __slots__ = ("_dec", "_target", "done")

    def __init__(self, target: Target) -> None:
        self._dec = SSEDecoder(target.max_event_bytes)
        self._target = target
        self.done = False

    def feed(self, piece: bytes) -> Iterator[tuple[dict[str, Any], bytes]]:
        t = self._target
        for ev in self._dec.feed(piece):
            if not ev.data or ev.data == "[DONE]":
                continue
            try:
                obj = _json.loads(ev.data)
            except ValueError:
                raise errors.StreamIncompleteError(
                    f"malformed stream event: {ev.data[:120]!r}", provider=t.provider
                ) from None
            if not isinstance(obj, dict) or not isinstance(obj.get("type"), str):
                raise errors.StreamIncompleteError(
                    "stream event is not an object with a 'type'", provider=t.provider
                )
            kind = obj["type"]
            if kind in ("error", "response.failed"):
                src = obj
                if kind == "response.failed" and isinstance(obj.get("response"), dict):
                    src = {"error": obj["response"].get("error") or {"message": "failed"}}
                msg, code = openai_error_fields(src)
                raise make_error(classify(None, code, msg), msg, t)
            yield obj, ev.data.encode()
            if kind in RESPONSE_TERMINAL:
                self.done = True
                return

    def end(self, finished: bool) -> None:
        self._dec.flush()
        raise errors.StreamIncompleteError(
            "stream ended before its response.completed event"
            + (" (a partial event was cut off)" if self._dec.has_partial else "")
        )


def event_decoder(op: str, target: Target) -> ResponsesStream:
    """The decoder of a streamed op other than chat (the Responses API's events)."""
    if op != "responses":
        raise no_endpoint(op, target)
    return ResponsesStream(target)
