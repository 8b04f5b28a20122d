"""Retry policy: pure functions, table-driven."""

from __future__ import annotations

import email.utils

import pytest

from liter_llm.middleware.retry import (
    MAX_RETRY_DELAY,
    backoff_delay,
    parse_retry_after,
    should_retry_status,
)

NOW = 1_700_000_000.0


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({}, None),
        ({"retry-after-ms": "1500"}, 1.5),
        ({"Retry-After-Ms": "250"}, 0.25),
        ({"retry-after": "3"}, 3.0),
        ({"Retry-After": "0"}, 0.0),
        ({"retry-after": " 2.5 "}, 2.5),
        ({"retry-after": "-1"}, None),
        ({"retry-after": "nan"}, None),
        ({"retry-after": "inf"}, None),
        ({"retry-after": "soon"}, None),
        ({"retry-after": ""}, None),
        ({"retry-after-ms": "abc", "retry-after": "4"}, 4.0),  # bad ms falls back
        ({"retry-after-ms": "100", "retry-after": "4"}, 0.1),  # ms wins
        ({"retry-after": email.utils.formatdate(NOW + 30, usegmt=True)}, 30.0),
        ({"retry-after": email.utils.formatdate(NOW - 30, usegmt=True)}, 0.0),  # past date
        ({"retry-after": "Wed, 99 Foo 2024 99:99:99 GMT"}, None),
    ],
)
def test_parse_retry_after(headers: dict[str, str], expected: float | None) -> None:
    got = parse_retry_after(headers, now=NOW)
    assert got == (pytest.approx(expected) if expected is not None else None)


@pytest.mark.parametrize(
    ("status", "headers", "retry"),
    [
        (408, {}, True),
        (409, {}, True),
        (429, {}, True),
        (500, {}, True),
        (502, {}, True),
        (503, {}, True),
        (504, {}, True),
        (529, {}, True),
        (400, {}, False),
        (401, {}, False),
        (403, {}, False),
        (404, {}, False),
        (422, {}, False),
        (500, {"x-should-retry": "false"}, False),
        (400, {"x-should-retry": "true"}, True),
        (429, {"X-Should-Retry": "False"}, False),
        (500, {"x-should-retry": "maybe"}, True),
    ],
)
def test_should_retry(status: int, headers: dict[str, str], retry: bool) -> None:
    assert should_retry_status(status, headers) is retry


@pytest.mark.parametrize(
    ("retries_done", "retry_after", "jitter", "expected"),
    [
        (0, None, 0.0, 0.5),
        (1, None, 0.0, 1.0),
        (2, None, 0.0, 2.0),
        (3, None, 0.0, 4.0),
        (4, None, 0.0, 8.0),
        (5, None, 0.0, 8.0),
        (30, None, 0.0, MAX_RETRY_DELAY),
        (0, None, 1.0, 0.375),  # full jitter takes off 25 %
        (2, None, 0.5, 1.75),
        (0, 3.0, 0.9, 3.0),  # the server's word wins, without jitter
        (0, 0.0, 0.0, 0.0),
        (0, 61.0, 0.0, 0.5),  # longer than the cap: ignored, backoff instead
        (1, -2.0, 0.0, 1.0),  # negative: ignored
        (-1, None, 0.0, 0.5),
    ],
)
def test_backoff(
    retries_done: int, retry_after: float | None, jitter: float, expected: float
) -> None:
    assert backoff_delay(retries_done, retry_after, jitter) == pytest.approx(expected)
