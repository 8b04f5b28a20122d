"""What every provider adapter shares: the resolved target, the wire request, error mapping."""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from .. import _json, errors
from ..middleware.context import request_id_of
from ..middleware.retry import parse_retry_after, should_retry_status
from ..streaming import DEFAULT_MAX_EVENT_CHARS, SSEDecoder
from .registry import ProviderSpec


@dataclass(frozen=True)
class Target:
    """One provider endpoint resolved for one call: where, which model, which key."""

    spec: ProviderSpec
    model: str
    base_url: str = field(repr=False)
    api_key: str | None = field(repr=False)
    headers: Mapping[str, str] = field(default_factory=dict, repr=False)
    # provider settings from config (api_version, region, project, ...), see config.SETTINGS
    settings: Mapping[str, Any] = field(default_factory=dict, repr=False)
    drop_params: bool = False
    max_event_bytes: int = DEFAULT_MAX_EVENT_CHARS

    @property
    def provider(self) -> str:
        return self.spec.name

    def setting(self, name: str, env: str | None = None, default: Any = None) -> Any:
        """A provider setting: the config's, else the environment variable's, else default."""
        v = self.settings.get(name)
        if v is None and env:
            v = os.environ.get(env) or None
        return default if v is None else v


@dataclass(frozen=True, slots=True)
class FormPart:
    """One field of a multipart form: text, bytes, or a file the transport streams from disk
    (``path``), so a large upload is never read into memory by liter_llm."""

    name: str
    value: str | bytes | None = field(default=None, repr=False)
    path: str | None = None
    filename: str | None = None
    content_type: str | None = None


@dataclass(frozen=True)
class WireRequest:
    method: str
    url: str = field(repr=False)  # may carry a key (?key=...) or a signature
    headers: dict[str, str] = field(repr=False)
    body: bytes | None = field(repr=False)
    stream: bool = False
    form: tuple[FormPart, ...] | None = field(default=None, repr=False)  # multipart body


@dataclass(frozen=True, slots=True)
class Binary:
    """An answer that is bytes, not JSON (speech audio, a file's content). Across the C ABI it
    is ``{"content_type", "bytes", "data": base64}``, or ``{"content_type", "bytes", "path"}``
    when the call named an ``output_file`` the body was streamed into."""

    content_type: str
    content: bytes = field(repr=False)
    path: str | None = None
    size: int = 0

    def to_dict(self) -> dict[str, Any]:
        import base64

        if self.path is not None:
            return {"content_type": self.content_type, "bytes": self.size, "path": self.path}
        return {
            "content_type": self.content_type,
            "bytes": len(self.content),
            "data": base64.b64encode(self.content).decode("ascii"),
        }


# Fallback only: provider error codes are checked first.
_CONTEXT_PATTERNS = re.compile(
    r"context[ _]length|context window|maximum context|too many tokens|prompt is too long|"
    r"input is too long|reduce the length|exceeds the maximum number of tokens",
    re.I,
)
_POLICY_PATTERNS = re.compile(
    r"content[ _]policy|content management policy|safety system|flagged|content[ _]filter", re.I
)
CONTEXT_CODES = frozenset({"context_length_exceeded", "string_above_max_length"})
POLICY_CODES = frozenset({"content_policy_violation", "content_filter", "moderation_blocked"})


def json_body(raw: bytes) -> Any:
    """Parse a provider's JSON body; anything else is ``invalid_response``."""
    try:
        return _json.loads(raw)
    except (ValueError, UnicodeDecodeError) as e:
        snippet = raw[:120].decode("utf-8", "replace")
        raise errors.InvalidResponseError(
            f"provider sent invalid JSON ({errors.excerpt(str(e), 120)}): {snippet!r}"
        ) from None


def json_object(raw: bytes, target: Target) -> dict[str, Any]:
    """A provider's answer that must be a JSON object; anything else is ``invalid_response``."""
    data = json_body(raw)
    if not isinstance(data, dict):
        raise errors.InvalidResponseError(
            f"expected a JSON object, got {type(data).__name__}", provider=target.provider
        )
    return data


def embedding_list(
    model: str, vectors: Iterator[Any] | list[Any], prompt_tokens: int, total_tokens: int = 0
) -> dict[str, Any]:
    """OpenAI's embedding answer from the vectors in input order and the token count."""
    return {
        "object": "list",
        "model": model,
        "data": [
            {"object": "embedding", "index": i, "embedding": v} for i, v in enumerate(vectors)
        ],
        "usage": {"prompt_tokens": prompt_tokens, "total_tokens": total_tokens or prompt_tokens},
    }


def classify(
    status: int | None,
    code: str | None,
    message: str,
    *,
    label: str | None = None,
) -> str:
    """The label of a provider error: explicit label, then provider code, then status, then text."""
    if label:
        return label
    c = (code or "").lower()
    if c in CONTEXT_CODES:
        return "context_window_exceeded"
    if c in POLICY_CODES:
        return "content_policy"
    if c in ("rate_limit_exceeded", "rate_limit_error", "insufficient_quota"):
        return "rate_limited"
    if status in (400, 413, 422) or status is None:
        if _CONTEXT_PATTERNS.search(message):
            return "context_window_exceeded"
        if _POLICY_PATTERNS.search(message):
            return "content_policy"
    if status is None:
        return "server_error"
    return errors.label_for_status(status)


def make_error(
    label: str,
    message: str,
    target: Target,
    *,
    status: int | None = None,
    headers: Mapping[str, str] | None = None,
    body: Any = None,
) -> errors.LiterLlmError:
    hdrs = headers or {}
    secrets = (target.api_key,) if target.api_key else ()
    err = errors.error_from_label(
        label,
        errors.redact(message, secrets),
        status=status,
        provider=target.provider,
        model=target.model,
        request_id=request_id_of(hdrs),
        retry_after=parse_retry_after(hdrs) if hdrs else None,
    )
    if status is not None and hdrs:
        # the server's own hint decides, else the label's default
        if hdrs.get("x-should-retry") is not None:
            err.retryable = should_retry_status(status, hdrs)
        elif status == 409:
            err.retryable = True
    return err


def error_payload(raw: bytes) -> Any:
    """An error answer's body: its JSON, else the start of its text, else None when empty."""
    try:
        return _json.loads(raw) if raw else None
    except (ValueError, UnicodeDecodeError):
        return raw[:300].decode("utf-8", "replace")


def openai_error_fields(payload: Any) -> tuple[str, str | None]:
    """(message, code) from an OpenAI-style error body, tolerant of variations."""
    if isinstance(payload, dict):
        e = payload.get("error", payload)
        if isinstance(e, dict):
            msg = e.get("message") or e.get("msg") or json.dumps(e)[:500]
            code = e.get("code") or e.get("type")
            return str(msg), (str(code) if code is not None else None)
        if isinstance(e, str):
            return e, None
    return str(payload)[:500], None


# ---------------------------------------------------------------------------- translation
# OpenAI chat parameters every native adapter translates; each adds the ones its API has.
CHAT_PARAMS = frozenset(
    {
        "model",
        "messages",
        "max_tokens",
        "max_completion_tokens",
        "temperature",
        "top_p",
        "stop",
        "stream",
        "stream_options",
        "tools",
        "tool_choice",
        "response_format",
        "reasoning_effort",
        "n",
    }
)


def append_turn(turns: list[dict[str, Any]], role: str, items: list[Any], key: str) -> None:
    """Add a turn's items, merged into the previous turn when it has the same role (native
    APIs want user/assistant turns to alternate, and tool results inside one user turn)."""
    if turns and turns[-1]["role"] == role:
        turns[-1][key].extend(items)
    else:
        turns.append({"role": role, key: items})


def function_of(tool: Any, target: Target) -> dict[str, Any]:
    """The ``function`` of an OpenAI tool definition; other tool types do not translate."""
    if not isinstance(tool, dict) or tool.get("type", "function") != "function":
        raise unsupported("tools", target, "only function tools translate")
    fn = tool.get("function")
    if not isinstance(fn, dict) or not fn.get("name"):
        raise errors.InvalidArgumentError("a function tool needs a 'function' with a 'name'")
    return fn


def completion(
    cid: str,
    model: str,
    message: dict[str, Any],
    finish_reason: str,
    usage: dict[str, Any] | None,
) -> dict[str, Any]:
    """An OpenAI ``chat.completion`` with one choice."""
    out: dict[str, Any] = {
        "id": cid,
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "message": message, "finish_reason": finish_reason}],
    }
    if usage:
        out["usage"] = usage
    return out


def unsupported(param: str, target: Target, why: str = "") -> errors.UnsupportedError:
    return errors.UnsupportedError(
        f"provider {target.provider!r} cannot take {param!r}"
        + (f" ({why})" if why else "")
        + "; remove it, or set drop_params to drop what a provider cannot take",
        provider=target.provider,
        model=target.model,
    )


def no_endpoint(op: str, target: Target) -> errors.UnsupportedError:
    return errors.UnsupportedError(
        f"provider {target.provider!r} has no {op!r} endpoint", provider=target.provider
    )


def served_ops(spec: ProviderSpec, adapter: Any) -> frozenset[str]:
    """The ops a provider serves: its row's list, else everything its adapter declares."""
    ops: frozenset[str] = adapter.OPS
    return ops & spec.ops if spec.ops is not None else ops


def drop_or_reject(
    body: Mapping[str, Any], params: tuple[str, ...], target: Target, why: str = ""
) -> None:
    """Parameters this provider cannot take: dropped when the caller asked, else rejected."""
    if target.drop_params:
        return
    for p in params:
        if body.get(p) is not None:
            raise unsupported(p, target, why)


def check_known(body: Mapping[str, Any], known: frozenset[str], target: Target) -> None:
    """Reject top-level request keys this adapter does not translate (unless drop_params).

    ``extra_body`` is the way to send a provider-native field as is."""
    if target.drop_params:
        return
    for k, v in body.items():
        if k not in known and v is not None:
            raise unsupported(k, target, "use extra_body for provider-native fields")


def text_of(content: Any) -> str:
    """The text of an OpenAI message content (a string or a list of text parts)."""
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        out = []
        for part in content:
            if isinstance(part, dict) and part.get("type") in ("text", "input_text"):
                out.append(str(part.get("text", "")))
            elif isinstance(part, str):
                out.append(part)
        return "".join(out)
    raise errors.InvalidArgumentError("message content must be a string or a list of parts")


def parse_data_url(url: str) -> tuple[str, str] | None:
    """(media type, base64 data) of a ``data:<type>;base64,<data>`` URL, else None."""
    if not url.startswith("data:"):
        return None
    head, sep, data = url[5:].partition(",")
    if not sep or not head.endswith(";base64"):
        raise errors.InvalidArgumentError("data URLs must be base64 (data:<type>;base64,...)")
    return head[: -len(";base64")] or "application/octet-stream", data


def loads_object(data: str | bytes, target: Target, what: str = "stream event") -> dict[str, Any]:
    """A JSON object of a stream; anything else ends the stream as incomplete."""
    try:
        obj = _json.loads(data)
    except (ValueError, UnicodeDecodeError):
        raise errors.StreamIncompleteError(
            f"malformed {what}: {str(data)[:120]!r}", provider=target.provider, model=target.model
        ) from None
    if not isinstance(obj, dict):
        raise errors.StreamIncompleteError(
            f"{what} is not a JSON object", provider=target.provider, model=target.model
        )
    return obj


def tool_arguments(args: Any) -> Any:
    """OpenAI sends tool-call arguments as JSON text; native APIs want the object."""
    if isinstance(args, str):
        if not args.strip():
            return {}
        try:
            return json.loads(args)
        except ValueError:
            raise errors.InvalidArgumentError(
                f"tool call arguments are not valid JSON: {args[:200]!r}"
            ) from None
    return args if args is not None else {}


def compact(obj: Any) -> bytes:
    return _json.dumps_or_invalid(obj)


# ---------------------------------------------------------------------------- streams
class StreamDecoder(Protocol):
    """Turns a provider's response body, piece by piece, into OpenAI-shaped chunks."""

    done: bool

    def feed(self, piece: bytes) -> Iterator[tuple[dict[str, Any], bytes]]:
        """Chunks (and their JSON text) completed by ``piece``, each as soon as it is decoded
        (an error event raises after the chunks before it); sets ``done`` at the end marker."""
        ...

    def end(self, finished: bool) -> None:
        """The body ended; raise ``stream_incomplete`` unless that is a proper end.
        ``finished``: every choice received its finish_reason."""
        ...


class EventTranslator(Protocol):
    done: bool

    def event(self, name: str | None, data: str) -> list[dict[str, Any]]: ...


class SSEChunks:
    """A native SSE stream: each event goes through the adapter's translator."""

    __slots__ = ("_dec", "_eof_ok", "_target", "_tr")

    def __init__(self, translator: EventTranslator, target: Target, *, eof_ok: bool = False):
        self._dec = SSEDecoder(target.max_event_bytes)
        self._tr = translator
        self._target = target
        self._eof_ok = eof_ok  # the protocol has no end marker: a clean EOF after finish ends it

    @property
    def done(self) -> bool:
        return self._tr.done

    def feed(self, piece: bytes) -> Iterator[tuple[dict[str, Any], bytes]]:
        for ev in self._dec.feed(piece):
            if not ev.data:
                continue
            for chunk in self._tr.event(ev.event, ev.data):
                yield chunk, compact(chunk)
            if self._tr.done:
                return

    def end(self, finished: bool) -> None:
        self._dec.flush()
        if self._eof_ok and finished and not self._dec.has_partial:
            self._tr.done = True
            return
        raise errors.StreamIncompleteError(
            "stream ended before the provider's end event"
            + (" (a partial event was cut off)" if self._dec.has_partial else ""),
            provider=self._target.provider,
            model=self._target.model,
        )


def chunk(
    cid: str,
    model: str,
    created: int,
    delta: dict[str, Any] | None = None,
    finish_reason: str | None = None,
    usage: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """An OpenAI ``chat.completion.chunk``; ``delta=None`` makes a usage-only chunk."""
    c: dict[str, Any] = {
        "id": cid,
        "object": "chat.completion.chunk",
        "created": created,
        "model": model,
        "choices": []
        if delta is None
        else [{"index": 0, "delta": delta, "finish_reason": finish_reason}],
    }
    if usage is not None:
        c["usage"] = usage
    return c


def counted(n: Any, target: Target) -> dict[str, Any]:
    """The answer of a provider's token counting endpoint, as the count_tokens op gives it."""
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise errors.InvalidResponseError(
            "token count answer without a count", provider=target.provider, model=target.model
        )
    return {"input_tokens": n, "is_estimate": False, "method": "provider"}
