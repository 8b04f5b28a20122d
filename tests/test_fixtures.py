"""The whole shared fixture set through the Python API, sync and async."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

import liter_llm
from fixturelib import check, client_config, load_cases, mock_log
from liter_llm._bridge import CHUNK, DONE, ThreadStream

CASES = load_cases()


def run_sync(cfg: dict[str, Any], case: dict[str, Any]) -> dict[str, Any]:
    with liter_llm.Client(**cfg) as c:
        try:
            if not case["stream"]:
                return {"ok": True, "data": c.call(case["op"], case["request"])}
            s = ThreadStream(c._engine, case["op"], case["request"], c._transport)
            n = 0
            while True:
                kind, value, _raw = s.next()
                if kind == CHUNK:
                    n += 1
                elif kind == DONE:
                    return {"ok": True, "data": value, "chunks": n}
                else:
                    return {"ok": False, "error": value.to_dict(), "chunks": n}
        except liter_llm.LiterLlmError as e:
            return {"ok": False, "error": e.to_dict(), "chunks": 0}


async def run_async(cfg: dict[str, Any], case: dict[str, Any]) -> dict[str, Any]:
    async with liter_llm.AsyncClient(**cfg) as c:
        n = 0
        try:
            if not case["stream"]:
                return {"ok": True, "data": await c.call(case["op"], case["request"])}
            run = c._engine.stream(case["op"], case["request"], c._transport)
            async for _chunk, _raw in run:
                n += 1
            return {"ok": True, "data": run.final(), "chunks": n}
        except liter_llm.LiterLlmError as e:
            return {"ok": False, "error": e.to_dict(), "chunks": n}


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_fixture_sync(case: dict[str, Any], mock_url: str) -> None:
    cfg = client_config(mock_url, case)
    out = run_sync(cfg, case)
    assert check(case, out, mock_log(cfg)) == []


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_fixture_async(case: dict[str, Any], mock_url: str) -> None:
    cfg = client_config(mock_url, case)
    out = asyncio.run(run_async(cfg, case))
    assert check(case, out, mock_log(cfg)) == []


def test_fixture_count() -> None:
    assert len(CASES) >= 40
    labels = {c["expect"].get("label") for c in CASES}
    http_labels = {
        "invalid_request",
        "authentication",
        "permission_denied",
        "not_found",
        "context_window_exceeded",
        "content_policy",
        "rate_limited",
        "timeout",
        "connection",
        "server_error",
        "service_unavailable",
        "stream_incomplete",
        "invalid_response",
    }
    assert http_labels <= labels
