"""What every provider adapter shares: the resolved target, the wire request, error mapping."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .. import errors
from ..middleware.retry import parse_retry_after, should_retry_status
from .registry import ProviderSpec


@dataclass(frozen=True)
class Target:
    """One provider endpoint resolved for one call: where, which model, which key."""

    spec: ProviderSpec
    model: str
    base_url: str
    api_key: str | None
    headers: Mapping[str, str] = field(default_factory=dict)

    @property
    def provider(self) -> str:
        return self.spec.name


@dataclass(frozen=True)
class WireRequest:
    method: str
    url: str
    headers: dict[str, str]
    body: bytes | None
    stream: bool = False


# Fallback only: provider error codes are checked first.
_CONTEXT_PATTERNS = re.compile(
    r"context[ _]length|context window|maximum context|too many tokens|prompt is too long|"
    r"input is too long|reduce the length",
    re.I,
)
_POLICY_PATTERNS = re.compile(
    r"content[ _]policy|content management policy|safety system|flagged|content[ _]filter", re.I
)
CONTEXT_CODES = frozenset({"context_length_exceeded", "string_above_max_length"})
POLICY_CODES = frozenset({"content_policy_violation", "content_filter", "moderation_blocked"})

REQUEST_ID_HEADERS = ("x-request-id", "request-id", "x-amzn-requestid", "cf-ray")


def request_id_of(headers: Mapping[str, str]) -> str | None:
    for h in REQUEST_ID_HEADERS:
        v = headers.get(h)
        if v:
            return v
    return None


def reject_constant(name: str) -> Any:
    """``parse_constant`` hook: NaN, Infinity and -Infinity are not JSON."""
    raise ValueError(f"non-standard JSON constant {name}")


def json_body(raw: bytes) -> Any:
    """Parse a provider's JSON body; anything else is ``invalid_response``."""
    try:
        return json.loads(raw, parse_constant=reject_constant)
    except (ValueError, UnicodeDecodeError) as e:
        snippet = raw[:200].decode("utf-8", "replace")
        raise errors.InvalidResponseError(
            f"provider sent invalid JSON ({e}): {snippet!r}"
        ) from None


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
