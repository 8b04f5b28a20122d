"""The label table and error mapping."""

from __future__ import annotations

import pytest

from liter_llm import errors
from liter_llm.providers.base import classify

DESIGN_LABELS = [
    "invalid_request",
    "authentication",
    "permission_denied",
    "not_found",
    "context_window_exceeded",
    "content_policy",
    "rate_limited",
    "budget_exceeded",
    "timeout",
    "connection",
    "server_error",
    "service_unavailable",
    "stream_incomplete",
    "invalid_response",
    "unsupported",
    "cancelled",
    "invalid_argument",
    "init_failed",
    "internal",
    "hook_rejected",
]
RETRYABLE = {
    "rate_limited",
    "timeout",
    "connection",
    "server_error",
    "service_unavailable",
    "stream_incomplete",
}


def test_every_label_has_one_class() -> None:
    assert sorted(errors.LABELS) == sorted(DESIGN_LABELS)
    for label, cls in errors.LABELS.items():
        e = cls("m")
        assert e.label == label and isinstance(e, errors.LiterLlmError)
        assert e.retryable is (label in RETRYABLE)
        assert errors.error_from_label(label, "x").label == label


@pytest.mark.parametrize(
    ("status", "label"),
    [
        (400, "invalid_request"),
        (401, "authentication"),
        (403, "permission_denied"),
        (404, "not_found"),
        (408, "timeout"),
        (409, "invalid_request"),
        (422, "invalid_request"),
        (429, "rate_limited"),
        (500, "server_error"),
        (501, "server_error"),
        (502, "service_unavailable"),
        (503, "service_unavailable"),
        (504, "service_unavailable"),
        (529, "service_unavailable"),
        (418, "invalid_request"),
    ],
)
def test_status_labels(status: int, label: str) -> None:
    assert errors.error_from_status(status, "x").label == label


def test_409_is_retryable() -> None:
    assert errors.error_from_status(409, "x").retryable


@pytest.mark.parametrize(
    ("status", "code", "message", "label"),
    [
        (400, "context_length_exceeded", "whatever", "context_window_exceeded"),
        (
            400,
            None,
            "This model's maximum context length is 8192 tokens",
            "context_window_exceeded",
        ),
        (
            400,
            None,
            "prompt is too long: 200000 tokens > 100000 maximum",
            "context_window_exceeded",
        ),
        (400, "content_policy_violation", "x", "content_policy"),
        (400, None, "Your request was rejected as a result of our safety system", "content_policy"),
        (400, "invalid_value", "bad temperature", "invalid_request"),
        (429, "insufficient_quota", "quota", "rate_limited"),
        (500, None, "maximum context length", "server_error"),  # text fallback only for 4xx
    ],
)
def test_classify(status: int, code: str | None, message: str, label: str) -> None:
    assert classify(status, code, message) == label


def test_redact() -> None:
    msg = "key sk-proj-abcdefghijklmnop and Bearer abc.def.ghijkl and api_key=supersecret1 and mine"
    out = errors.redact(msg, ("mine",))
    assert "abcdefghijklmnop" not in out and "abc.def.ghijkl" not in out
    assert "supersecret1" not in out and "mine" not in out


def test_to_dict_omits_unknowns() -> None:
    d = errors.RateLimitedError("slow", status=429, retry_after=1.5).to_dict()
    assert d == {
        "label": "rate_limited",
        "message": "slow",
        "retryable": True,
        "status": 429,
        "retry_after": 1.5,
    }


def test_hierarchy_is_the_headers_label_parents() -> None:
    """The header's table of label parents is the one every binding implements."""
    import re
    from pathlib import Path

    from liter_llm.errors import LABELS

    header = (Path(__file__).resolve().parent.parent / "include" / "liter_llm.h").read_text()
    parents = dict(re.findall(r"(?m)^ \*   (\w+) -> (\w+)$", header))
    assert parents
    for label, cls in LABELS.items():
        for other, other_cls in LABELS.items():
            should = other == label or parents.get(label) == other
            assert issubclass(cls, other_cls) is should, (label, other)
