"""The provider matrix: every capability an adapter declares is covered by a recorded fixture
that succeeds, and the README's copy of the matrix is the generated one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from fixturelib import load_cases
from liter_llm._engine import ADAPTERS
from liter_llm.providers import matrix
from liter_llm.providers.base import served_ops
from liter_llm.providers.registry import PROVIDERS

README = Path(__file__).resolve().parent.parent / "README.md"


def _parts(req: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        p
        for m in req.get("messages") or ()
        if isinstance(m.get("content"), list)
        for p in m["content"]
        if isinstance(p, dict)
    ]


def features(case: dict[str, Any]) -> set[str]:
    """What a successful case exercises, read off its request and expected answer."""
    req, ex = case["request"], case["expect"]
    if not ex["ok"]:
        return set()
    if case["op"] == "embed":
        return {"embeddings"}
    if case["op"] != "chat":
        return {case["op"]}
    out = {"chat"}
    if case["stream"]:
        out.add("stream")
    if req.get("tools"):
        out.add("tools")
    if req.get("response_format"):
        out.add("structured_output")
    if any(p.get("type") in ("image_url", "file") for p in _parts(req)):
        out.add("vision")
    if req.get("reasoning_effort") or "reasoning_content" in str(ex.get("response")):
        out.add("reasoning")
    return out


NATIVE = sorted({s.name for s in PROVIDERS.values() if s.adapter != "openai"})


@pytest.mark.parametrize("provider", NATIVE)
def test_declared_capabilities_are_covered_by_fixtures(provider: str) -> None:
    spec = PROVIDERS[provider]
    mod = ADAPTERS[spec.adapter]
    caps = mod.capabilities(spec) if hasattr(mod, "capabilities") else mod.CAPABILITIES
    covered: set[str] = set()
    for c in load_cases():
        if (c.get("config") or {}).get("provider") == provider:
            covered |= features(c)
    declared = {k for k, v in caps.items() if k != "auth" and v not in (False, None)}
    if "chat" not in served_ops(spec, mod):
        declared = {k for k in declared if k == "embeddings"}
    # every endpoint beyond chat and embeddings it serves, too
    declared |= served_ops(spec, mod) - {"chat", "embed", "models", "count_tokens"}
    missing = declared - covered
    assert not missing, f"{provider} declares {sorted(missing)} but no fixture covers it"


def test_readme_matrix_is_generated() -> None:
    text = README.read_text(encoding="utf-8")
    assert matrix.replace_in(text) == text, "README's provider matrix is stale: run `make docs`"
