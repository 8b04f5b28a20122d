"""The error tree and its stable labels: the one source of truth.

Every failure anywhere in liter_llm becomes exactly one :class:`LiterLlmError` subclass, and
each subclass has one stable ``label`` that travels through the C ABI envelope and is mapped
to a native exception by every binding. ``LABELS`` is the table in DESIGN.md.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

__all__ = [
    "LABELS",
    "AuthenticationError",
    "BudgetExceededError",
    "CancelledError",
    "ConnectionError",
    "ContentPolicyError",
    "ContextWindowExceededError",
    "HookRejectedError",
    "InitFailedError",
    "InternalError",
    "InvalidArgumentError",
    "InvalidRequestError",
    "InvalidResponseError",
    "LiterLlmError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitedError",
    "ServerError",
    "ServiceUnavailableError",
    "StreamIncompleteError",
    "TimeoutError",
    "UnsupportedError",
    "error_from_label",
    "error_from_status",
    "excerpt",
    "from_exception",
    "redact",
    "register_secret",
]

# Secrets never leave in a message: API keys, bearer tokens, signatures.
_SECRET_PATTERNS = [
    re.compile(r"(sk|pk|rk|gsk|xai|csk)-[A-Za-z0-9_\-]{8,}"),
    re.compile(r"(?i)(bearer\s+)[A-Za-z0-9._\-]{8,}"),
    re.compile(
        r"(?i)((?:api[-_]?key|x-api-key|authorization|key|token|signature)[\"']?\s*[:=]\s*[\"']?)[^\s\"'&,}]{6,}"
    ),
    re.compile(r"AIza[0-9A-Za-z_\-]{20,}"),
    re.compile(r"AKIA[0-9A-Z]{12,}"),
]


# Every secret value the engine resolved (keys, tokens, secret header values), so that any
# message built anywhere can be scrubbed of them. Bounded: oldest forgotten first.
_KNOWN: dict[str, None] = {}
_KNOWN_MAX = 4096
MAX_ECHO = 200  # characters of caller or upstream text quoted in a message


def register_secret(value: object) -> None:
    """Remember a secret so no message, repr or log record ever shows it."""
    if isinstance(value, str) and len(value) >= 4 and value not in _KNOWN:
        if len(_KNOWN) >= _KNOWN_MAX:
            _KNOWN.pop(next(iter(_KNOWN)))
        _KNOWN[value] = None


def excerpt(text: str, limit: int = MAX_ECHO) -> str:
    """``text`` cut to ``limit`` characters (a marker says how much was left out)."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}...[{len(text) - limit} more characters]"


def redact(text: str, secrets: tuple[str, ...] = ()) -> str:
    """Remove anything that looks like a credential, plus the given and the registered
    secrets."""
    for s in (*secrets, *_KNOWN):
        if s and len(s) >= 4 and s in text:
            text = text.replace(s, "***")
    for pat in _SECRET_PATTERNS:
        text = pat.sub(lambda m: (m.group(1) if m.lastindex else "") + "***", text)
    return text


class LiterLlmError(Exception):
    """Base of every liter_llm error. ``label`` is stable across languages and releases."""

    label: ClassVar[str] = "internal"
    default_retryable: ClassVar[bool] = False
    # set on an instance by the engine: how the call went before it failed (a ``Meta``), and
    # the server's own retry hint (``x-should-retry``) where it overrides ``retryable``
    meta: Any = None
    retry_hint: bool | None = None

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        retryable: bool | None = None,
        retry_after: float | None = None,
        provider: str | None = None,
        model: str | None = None,
        request_id: str | None = None,
        body: Any = None,
    ) -> None:
        message = redact(message)
        super().__init__(message)
        self.message = message
        self.status = status
        self.retryable = self.default_retryable if retryable is None else retryable
        self.retry_after = clamp_retry_after(retry_after)
        self.provider = provider
        self.model = model
        self.request_id = request_id
        self.body = body

    def to_dict(self) -> dict[str, Any]:
        """The ``error`` object of the C ABI envelope."""
        d: dict[str, Any] = {
            "label": self.label,
            "message": self.message,
            "retryable": self.retryable,
        }
        for k in ("status", "retry_after", "provider", "model", "request_id"):
            v = getattr(self, k)
            if v is not None:
                d[k] = v
        return d

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(label={self.label!r}, status={self.status!r}, {self.message!r})"
        )


MAX_RETRY_AFTER = 3600.0  # seconds: a server's hint beyond an hour is taken as an hour


def clamp_retry_after(v: float | None) -> float | None:
    if v is None:
        return None
    try:
        f = float(v)
    except (TypeError, ValueError, OverflowError):
        return None
    if f != f:  # NaN
        return None
    return min(max(f, 0.0), MAX_RETRY_AFTER)


class InvalidRequestError(LiterLlmError):
    """The provider rejected the request (bad parameters)."""

    label = "invalid_request"


class AuthenticationError(LiterLlmError):
    """Missing or wrong credentials."""

    label = "authentication"


class PermissionDeniedError(LiterLlmError):
    """The key lacks access."""

    label = "permission_denied"


class NotFoundError(LiterLlmError):
    """Unknown model or resource."""

    label = "not_found"


class ContextWindowExceededError(InvalidRequestError):
    """The prompt is too long for the model."""

    label = "context_window_exceeded"


class ContentPolicyError(InvalidRequestError):
    """The provider refused on policy."""

    label = "content_policy"


class RateLimitedError(LiterLlmError):
    """A provider or local rate limit was hit; ``retry_after`` says when to try again."""

    label = "rate_limited"
    default_retryable = True


class BudgetExceededError(LiterLlmError):
    """A local spend cap would be crossed."""

    label = "budget_exceeded"


class TimeoutError(LiterLlmError):
    """Connect, read, stream-idle or total deadline expired."""

    label = "timeout"
    default_retryable = True


class ConnectionError(LiterLlmError):
    """Connection refused, reset, DNS or TLS failure."""

    label = "connection"
    default_retryable = True


class ServerError(LiterLlmError):
    """The provider failed (500 and other 5xx)."""

    label = "server_error"
    default_retryable = True


class ServiceUnavailableError(ServerError):
    """The provider is overloaded or a gateway failed (502, 503, 504, 529)."""

    label = "service_unavailable"


class StreamIncompleteError(LiterLlmError):
    """A stream ended without its terminal marker, or was malformed."""

    label = "stream_incomplete"
    default_retryable = True


class InvalidResponseError(LiterLlmError):
    """The provider answered with something unparseable."""

    label = "invalid_response"


class UnsupportedError(LiterLlmError):
    """The provider has no such endpoint or feature."""

    label = "unsupported"


class CancelledError(LiterLlmError):
    """The caller cancelled."""

    label = "cancelled"


class InvalidArgumentError(LiterLlmError):
    """Caller-side misuse: bad JSON, unknown op, bad handle, NULL."""

    label = "invalid_argument"


class HookRejectedError(LiterLlmError):
    """An ``on_request`` hook refused the call (nothing was sent); its reason is the message."""

    label = "hook_rejected"


class InitFailedError(LiterLlmError):
    """The embedded runtime could not start."""

    label = "init_failed"


class InternalError(LiterLlmError):
    """A bug in liter_llm; the message names the Python exception type."""

    label = "internal"


LABELS: dict[str, type[LiterLlmError]] = {
    cls.label: cls
    for cls in (
        InvalidRequestError,
        AuthenticationError,
        PermissionDeniedError,
        NotFoundError,
        ContextWindowExceededError,
        ContentPolicyError,
        RateLimitedError,
        BudgetExceededError,
        TimeoutError,
        ConnectionError,
        ServerError,
        ServiceUnavailableError,
        StreamIncompleteError,
        InvalidResponseError,
        UnsupportedError,
        CancelledError,
        InvalidArgumentError,
        InitFailedError,
        InternalError,
        HookRejectedError,
    )
}

_STATUS_LABELS: dict[int, str] = {
    400: "invalid_request",
    401: "authentication",
    403: "permission_denied",
    404: "not_found",
    408: "timeout",
    409: "invalid_request",
    413: "invalid_request",
    422: "invalid_request",
    429: "rate_limited",
    502: "service_unavailable",
    503: "service_unavailable",
    504: "service_unavailable",
    529: "service_unavailable",
}


def error_from_label(label: str, message: str, **kw: Any) -> LiterLlmError:
    """Build the error class of ``label`` (``internal`` for an unknown label)."""
    return LABELS.get(label, InternalError)(message, **kw)


def from_exception(e: BaseException) -> LiterLlmError:
    """The error the public API reports for ``e``: itself when it is a ``LiterLlmError``,
    ``invalid_argument`` for input nested too deeply, else ``internal`` (a bug here)."""
    if isinstance(e, LiterLlmError):
        return e
    if isinstance(e, RecursionError):
        return InvalidArgumentError("input nests too deeply")
    import asyncio  # here: `import liter_llm` stays free of asyncio (and ssl)

    if isinstance(e, GeneratorExit | asyncio.CancelledError):
        return CancelledError("the call was cancelled")
    return InternalError(f"{type(e).__name__}: {excerpt(str(e))}")


def label_for_status(status: int) -> str:
    """The label of an HTTP status with no more specific provider code."""
    if status in _STATUS_LABELS:
        return _STATUS_LABELS[status]
    if status >= 500:
        return "server_error"
    return "invalid_request"


def error_from_status(status: int, message: str, **kw: Any) -> LiterLlmError:
    """The error for an HTTP status; 409 is retryable though it is a 4xx (OpenAI's rule)."""
    err = error_from_label(label_for_status(status), message, status=status, **kw)
    if status == 409:
        err.retryable = True
    return err
