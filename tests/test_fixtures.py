"""The whole shared fixture set through the Python API, sync and async."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

import liter_llm
from fixturelib import check, client_config, load_cases, mock_log
from liter_llm._bridge import CHUNK, DONE, ThreadStream

CASES = load_cases()


def _meta(e: liter_llm.LiterLlmError) -> dict[str, Any] | None:
    return e.meta.to_dict() if e.meta is not None else None


def _plain(data: Any) -> Any:
    """An answer as the C ABI's envelope carries it (bytes as base64)."""
    return data.to_dict() if isinstance(data, liter_llm.Binary) else data


def run_sync(cfg: dict[str, Any], case: dict[str, Any]) -> dict[str, Any]:
    with liter_llm.Client(**cfg) as c:
        try:
            if not case["stream"]:
                data, meta = c.call_with_meta(case["op"], case["request"])
                return {"ok": True, "data": _plain(data), "meta": meta.to_dict()}
            s = ThreadStream(c._engine, case["op"], case["request"], c._transport)
            n = 0
            while True:
                kind, value, _raw = s.next()
                if kind == CHUNK:
                    n += 1
                elif kind == DONE:
                    return {"ok": True, "data": value, "chunks": n, "meta": s.run.meta.to_dict()}
                else:
                    return {
                        "ok": False,
                        "error": value.to_dict(),
                        "chunks": n,
                        "meta": _meta(value),
                    }
        except liter_llm.LiterLlmError as e:
            return {"ok": False, "error": e.to_dict(), "chunks": 0, "meta": _meta(e)}


async def run_async(cfg: dict[str, Any], case: dict[str, Any]) -> dict[str, Any]:
    async with liter_llm.AsyncClient(**cfg) as c:
        n = 0
        try:
            if not case["stream"]:
                data, meta = await c.call_with_meta(case["op"], case["request"])
                return {"ok": True, "data": _plain(data), "meta": meta.to_dict()}
            run = c._engine.stream(case["op"], case["request"], c._transport)
            async for _chunk, _raw in run:
                n += 1
            return {"ok": True, "data": run.final(), "chunks": n, "meta": run.meta.to_dict()}
        except liter_llm.LiterLlmError as e:
            return {"ok": False, "error": e.to_dict(), "chunks": n, "meta": _meta(e)}


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
