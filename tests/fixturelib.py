"""Shared-fixture helpers for the Python suites: load cases, build the client config,
read the mock's log, and check an outcome against a case's expectations."""

from __future__ import annotations

import json
import urllib.request
import uuid
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).parent / "fixtures"


def load_cases() -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for f in sorted(FIXTURES.glob("*.json")):
        out.extend(json.loads(f.read_text(encoding="utf-8")))
    return out


def steps_of(case: dict[str, Any]) -> list[dict[str, Any]]:
    """Every scripted upstream step of a case (one script, or one per model)."""
    if "upstream_by_model" in case:
        return [st for steps in case["upstream_by_model"].values() for st in steps]
    return list(case["upstream"])


def client_config(mock_url: str, case: dict[str, Any], run: str | None = None) -> dict[str, Any]:
    run = run or uuid.uuid4().hex[:12]
    cfg = {"base_url": f"{mock_url}/s/{case['name']}/{run}/v1", "api_key": "test-key"}
    cfg.update(case.get("config", {}))
    return cfg


def mock_log(config: dict[str, Any]) -> list[dict[str, Any]]:
    base = config["base_url"]
    root, rest = base.split("/s/", 1)
    name, run, _ = rest.split("/", 2)
    with urllib.request.urlopen(f"{root}/_log/{name}/{run}", timeout=10) as r:
        return json.loads(r.read())  # type: ignore[no-any-return]


def subset(expected: Any, actual: Any, path: str = "$") -> list[str]:
    """Differences where ``expected`` is not contained in ``actual`` (objects: listed keys;
    lists: same length, element-wise; scalars: equal)."""
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{path}: expected object, got {actual!r}"]
        diffs = []
        for k, v in expected.items():
            if k not in actual:
                diffs.append(f"{path}.{k}: missing")
            else:
                diffs.extend(subset(v, actual[k], f"{path}.{k}"))
        return diffs
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            return [f"{path}: expected {len(expected)} items, got {actual!r}"]
        return [
            d
            for i, (e, a) in enumerate(zip(expected, actual, strict=True))
            for d in subset(e, a, f"{path}[{i}]")
        ]
    if expected != actual:
        return [f"{path}: expected {expected!r}, got {actual!r}"]
    return []


def check(case: dict[str, Any], outcome: dict[str, Any], log: list[dict[str, Any]]) -> list[str]:
    """``outcome``: {"ok": bool, "data": ..., "error": {...}, "chunks": int, "meta": {...}}.
    ``expect.meta`` is checked as a subset of the call's meta (deployment, attempts with
    their labels, fallbacks)."""
    ex = case["expect"]
    diffs: list[str] = []
    if outcome["ok"] != ex["ok"]:
        return [f"ok: expected {ex['ok']}, got {outcome}"]
    if ex["ok"]:
        if "response" in ex:
            diffs += subset(ex["response"], outcome["data"], "response")
    else:
        err = outcome["error"]
        for k in ("label", "status", "retryable", "retry_after", "request_id"):
            if k in ex and err.get(k) != ex[k]:
                diffs.append(f"error.{k}: expected {ex[k]!r}, got {err.get(k)!r} ({err})")
        for s in ex.get("message_excludes", []):
            if s in err.get("message", ""):
                diffs.append(f"error.message leaks {s!r}")
    if "meta" in ex:
        diffs += subset(ex["meta"], outcome.get("meta"), "meta")
    if "chunks" in ex and outcome.get("chunks") != ex["chunks"]:
        diffs.append(f"chunks: expected {ex['chunks']}, got {outcome.get('chunks')}")
    if "attempts" in ex and len(log) != ex["attempts"]:
        diffs.append(f"attempts: expected {ex['attempts']}, got {len(log)}")
    if log:
        first = log[0]
        if "upstream_request" in ex:
            diffs += subset(ex["upstream_request"], first["body"], "upstream_request")
        for k in ex.get("upstream_absent", []):
            if isinstance(first["body"], dict) and k in first["body"]:
                diffs.append(f"upstream_request.{k}: must not be sent")
        if "upstream_headers" in ex:
            diffs += subset(ex["upstream_headers"], first["headers"], "upstream_headers")
        if "upstream_path" in ex and first["path"] != ex["upstream_path"]:
            diffs.append(f"upstream_path: expected {ex['upstream_path']}, got {first['path']}")
        if "upstream_query" in ex:
            diffs += subset(ex["upstream_query"], first.get("query", {}), "upstream_query")
        if "upstream_method" in ex and first["method"] != ex["upstream_method"]:
            diffs.append(
                f"upstream_method: expected {ex['upstream_method']}, got {first['method']}"
            )
    return diffs
