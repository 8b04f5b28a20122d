"""Prices and costs: the shipped catalog is the generator's output, every cost equals the
source library's own calculation, lookups follow the documented rules, overrides win, and
a call's meta carries its cost (the same for a streamed and a plain call with one usage)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import liter_llm
from liter_llm import errors
from liter_llm.config import ClientConfig
from liter_llm.pricing import CATALOG, Pricing, cost_of

ROOT = Path(__file__).resolve().parents[1]
MSG = [{"role": "user", "content": "hi"}]
AT = dt.datetime(2026, 12, 2, 12, tzinfo=dt.UTC)


def test_shipped_catalog_is_the_generators_output() -> None:
    r = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen_prices.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stdout + r.stderr


def test_catalog_records_its_source_and_is_large() -> None:
    d = CATALOG.data
    assert d["source"] == "genai-prices" and d["source_license"] == "MIT"
    assert d["version"] and dt.date.fromisoformat(d["prices_at"])
    assert d["models"] >= 2000
    assert sum(len(p["models"]) for p in d["providers"].values()) == d["models"]
    keys = {k for p in d["providers"].values() for m in p["models"] for k in m["prices"]}
    assert {"input_mtok", "output_mtok", "cache_read_mtok", "cache_write_mtok"} <= keys
    assert {"input_audio_mtok", "output_audio_mtok", "input_image_mtok"} <= keys
    tiered = [
        m
        for p in d["providers"].values()
        for m in p["models"]
        if isinstance(m["prices"].get("input_mtok"), dict)
    ]
    assert len(tiered) > 50


USAGES: list[tuple[dict[str, Any], dict[str, int]]] = [
    (
        {"prompt_tokens": 1000, "completion_tokens": 500},
        {"input_tokens": 1000, "output_tokens": 500},
    ),
    (
        {
            "prompt_tokens": 300_000,
            "completion_tokens": 2000,
            "prompt_tokens_details": {"cached_tokens": 100_000},
            "completion_tokens_details": {"reasoning_tokens": 500},
        },
        {
            "input_tokens": 300_000,
            "cache_read_tokens": 100_000,
            "output_tokens": 2000,
            "output_reasoning_tokens": 500,
        },
    ),
    (
        {
            "prompt_tokens": 5000,
            "completion_tokens": 10,
            "prompt_tokens_details": {
                "cached_tokens": 1000,
                "cache_creation_tokens": 3000,
                "audio_tokens": 500,
            },
            "completion_tokens_details": {"audio_tokens": 4},
        },
        {
            "input_tokens": 5000,
            "cache_read_tokens": 1000,
            "cache_write_tokens": 3000,
            "input_audio_tokens": 500,
            "cache_audio_read_tokens": 0,
            "output_tokens": 10,
            "output_audio_tokens": 4,
        },
    ),
]


@pytest.mark.parametrize("hour", [3, 12, 20])
def test_every_cost_equals_the_source_librarys(hour: int) -> None:
    """Every catalog model, three usages (tiers, cache reads and writes, audio, reasoning),
    at three hours of the day (off-peak windows): our Decimal cost equals genai-prices'."""
    from genai_prices import types as t
    from genai_prices.data import providers

    at = AT.replace(hour=hour)
    compared = 0
    for p in providers:
        for m in p.models:
            ours = CATALOG.find(p.id, m.id)
            if ours is None or ours.model != m.id:  # an earlier model takes this name
                continue
            price = ours.at(at)
            for usage, theirs_usage in USAGES:
                theirs = m.calc_price(t.Usage(**theirs_usage), p, genai_request_timestamp=at)
                total, _ = cost_of(price, usage)
                assert (total or Decimal(0)) == theirs.total_price, (p.id, m.id, usage)
                compared += 1
    print(f"{compared} costs equal to genai-prices' at {hour}:00 UTC")
    assert compared > 6000


def _cost(model: str, usage: dict[str, Any], **cfg: Any) -> dict[str, Any]:
    with liter_llm.Client(api_key="k", **cfg) as c:
        out: dict[str, Any] = c.call("cost", {"model": model, "usage": usage})
        return out


U = {"prompt_tokens": 1_000_000, "completion_tokens": 1_000_000}


@pytest.mark.parametrize(
    ("model", "priced_as"),
    [
        ("openai/gpt-4o", "openai/gpt-4o"),
        ("openai/gpt-4o-2024-08-06", "openai/gpt-4o"),
        ("azure/gpt-4o", "openai/gpt-4o"),  # Azure falls back to OpenAI's list
        ("gemini/gemini-2.5-flash", "google/gemini-2.5-flash"),
        ("vertex/gemini-2.5-flash", "google/gemini-2.5-flash"),
        ("anthropic/claude-sonnet-4-5", "anthropic/claude-sonnet-4-5"),
        ("bedrock/anthropic.claude-3-5-sonnet-20240620-v1:0", None),
        ("mistral/mistral-large-latest", None),
        ("groq/llama-3.3-70b-versatile", None),
    ],
)
def test_lookup_rules(model: str, priced_as: str | None) -> None:
    out = _cost(model, U)
    assert out["usd"] is not None, out
    assert Decimal(out["usd"]) > 0
    if priced_as:
        assert out["priced_as"] == priced_as


def test_known_price_exact() -> None:
    """gpt-4o: $2.50 in, $1.25 cached in, $10 out per million tokens."""
    out = _cost(
        "openai/gpt-4o",
        {
            "prompt_tokens": 1200,
            "completion_tokens": 300,
            "prompt_tokens_details": {"cached_tokens": 200},
        },
    )
    assert out["usd"] == "0.00575"  # 1000*2.5e-6 + 200*1.25e-6 + 300*10e-6
    assert out["breakdown"] == {"input": "0.0025", "cache_read": "0.00025", "output": "0.003"}


def test_context_tier_applies_to_all_tokens() -> None:
    small = _cost("gemini/gemini-2.5-pro", {"prompt_tokens": 200_000, "completion_tokens": 0})
    large = _cost("gemini/gemini-2.5-pro", {"prompt_tokens": 200_001, "completion_tokens": 0})
    assert Decimal(large["usd"]) / 200_001 > Decimal(small["usd"]) / 200_000


def test_off_peak_window_by_the_hour() -> None:
    with liter_llm.Client(api_key="k") as c:
        day = c.call(
            "cost", {"model": "deepseek/deepseek-chat", "usage": U, "at": "2026-12-02T12:00:00Z"}
        )
        night = c.call(
            "cost",
            {"model": "deepseek/deepseek-chat", "usage": U, "at": "2026-12-02T20:00:00+00:00"},
        )
    assert Decimal(day["usd"]) == 2 * Decimal(night["usd"])


def test_no_price_is_null_with_a_reason_never_zero() -> None:
    out = _cost("openai/my-finetune-xyz", U)
    assert out["usd"] is None and "no price for openai/my-finetune-xyz" in out["reason"]
    out = _cost("ollama/llama3", U)
    assert out["usd"] is None


def test_overrides_and_base_model() -> None:
    pricing = {"openai/my-finetune-xyz": {"input_mtok": "0.5", "output_mtok": 2}}
    out = _cost("openai/my-finetune-xyz", U, pricing=pricing)
    assert out["usd"] == "2.5" and out["source"] == "override"
    # an override beats the catalog
    out = _cost(
        "openai/gpt-4o", U, pricing={"openai/gpt-4o": {"input_mtok": "1", "output_mtok": "1"}}
    )
    assert out["usd"] == "2"
    # an Azure deployment whose name says nothing, priced by its base_model
    out = _cost(
        "azure/prod-chat",
        U,
        providers={"azure": {"base_model": "gpt-4o-mini", "base_url": "https://x.example"}},
    )
    assert out["priced_as"] == "openai/gpt-4o-mini"


@pytest.mark.parametrize(
    ("pricing", "text"),
    [
        ("cheap", "pricing must be an object"),
        ({"gpt-4o": {"input_mtok": "1"}}, "'provider/model'"),
        ({"openai/x": {"input_mtok": "-1"}}, "non-negative decimal"),
        ({"openai/x": {"input_mtok": "NaN"}}, "non-negative decimal"),
        ({"openai/x": {"input_mtok": True}}, "non-negative decimal"),
        ({"openai/x": {"inputs": "1"}}, "unknown keys"),
        ({"openai/x": {"context_window": 0}}, "context_window"),
    ],
)
def test_override_errors(pricing: Any, text: str) -> None:
    with pytest.raises(errors.InvalidArgumentError, match=text):
        ClientConfig.from_dict({"pricing": pricing})


def test_cost_op_errors() -> None:
    with liter_llm.Client(api_key="k") as c:
        with pytest.raises(liter_llm.InvalidArgumentError, match="usage"):
            c.call("cost", {"model": "openai/gpt-4o"})
        with pytest.raises(liter_llm.InvalidArgumentError, match="ISO 8601"):
            c.call("cost", {"model": "openai/gpt-4o", "usage": U, "at": "yesterday"})
        bad = c.call("cost", {"model": "openai/gpt-4o", "usage": {"prompt_tokens": -5}})
        assert bad["usd"] is None and "unexpected shape" in bad["reason"]
    # a whole response is priced by its usage
    with liter_llm.Client(api_key="k") as c:
        out = c.call("cost", {"model": "openai/gpt-4o", "response": {"usage": U}})
    assert out["usd"] == "12.5"


def test_meta_cost_same_for_a_stream_and_a_call(mock_url: str) -> None:
    run = uuid.uuid4().hex[:8]
    with liter_llm.Client(base_url=f"{mock_url}/s/pr_unary/{run}/v1", api_key="k") as c:
        r = c.chat(model="openai/gpt-4o-mini", messages=MSG)
    url = f"{mock_url}/s/pr_stream/{run}/v1"
    with (
        liter_llm.Client(base_url=url, api_key="k") as c,
        c.chat_stream(model="openai/gpt-4o-mini", messages=MSG) as s,
    ):
        done = s.final_response()
    assert r.meta.cost is not None and r.meta.cost["usd"] is not None
    assert done.meta.cost == r.meta.cost
    assert r.meta.to_dict()["cost"] == r.meta.cost
    # gpt-4o-mini: $0.15 in, $0.075 cached, $0.60 out per million
    want = Decimal(1000) * Decimal("0.15") + 200 * Decimal("0.075") + 300 * Decimal("0.6")
    assert Decimal(r.meta.cost["usd"]) == want / 1_000_000


def test_pricing_object_alone() -> None:
    p = Pricing({})
    out = p.cost("openai", "gpt-4o", None)
    assert out == {"usd": None, "reason": "the provider reported no usage"}
