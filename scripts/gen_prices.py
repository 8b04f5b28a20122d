"""Generate core/liter_llm/data/prices.json from the genai-prices package (MIT, pydantic).

    python scripts/gen_prices.py [--at YYYY-MM-DD] [--out PATH] [--check]

Why genai-prices: its prices are decimals as published (no float rounding, unlike the
per-token floats of LiteLLM's bundled JSON), every model carries explicit match rules for the
names it is called by, price tiers and dated price changes are modelled, and 1,400 of its
2,300 models have a context window. LiteLLM's JSON has more rows (4,900) but most are the
same model under several provider routes, in floats. models.dev needs Python 3.12.

What is kept: each provider's models with their match rules, context window and standard
prices in USD per million tokens (or per thousand requests/searches), context-size tiers,
and which providers fall back to which. A price that changes on a date is resolved as of
``--at`` (recorded in the file, so regenerating is reproducible); batch-only variants are
left out. ``--check`` exits non-zero when the file on disk differs from what would be
generated (the test suite runs it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "core" / "liter_llm" / "data" / "prices.json"


def _dec(v: Decimal) -> str:
    s = format(v.normalize(), "f")
    return s


def match_tree(m: Any) -> Any:
    """genai-prices' match clauses as plain JSON: {"eq"|"prefix"|"contains"|"regex": s},
    {"or": [...]}, {"and": [...]}."""
    from genai_prices import types as t

    if isinstance(m, t.ClauseEquals):
        return {"eq": m.equals}
    if isinstance(m, t.ClauseStartsWith):
        return {"prefix": m.starts_with}
    if isinstance(m, t.ClauseContains):
        return {"contains": m.contains}
    if isinstance(m, t.ClauseRegex):
        return {"regex": m.regex}
    if isinstance(m, t.ClauseOr):
        return {"or": [match_tree(c) for c in m.or_]}
    if isinstance(m, t.ClauseAnd):
        return {"and": [match_tree(c) for c in m.and_]}
    if isinstance(m, t.ClauseEndsWith):
        return {"suffix": m.ends_with}
    raise SystemExit(f"unknown match clause {type(m).__name__}")


def prices_at(model: Any, at: dt.datetime) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The standard prices as of ``at``, and the daily UTC windows with other prices (the
    later in the list wins, as in genai-prices), resolved per request."""
    from genai_prices import types as t

    if isinstance(model.prices, t.ModelPrice):
        return price_map(model.prices), []
    base, windows = model.prices[0].prices, []
    for i in range(len(model.prices) - 1, -1, -1):  # the last active price wins
        cp = model.prices[i]
        if cp.constraint is None or (
            isinstance(cp.constraint, t.StartDateConstraint) and cp.constraint.active(at)
        ):
            base = cp.prices
            windows = [
                {
                    "start": c.constraint.start_time.strftime("%H:%M"),
                    "end": c.constraint.end_time.strftime("%H:%M"),
                    "prices": price_map(c.prices),
                }
                for c in model.prices[i + 1 :]
                if isinstance(c.constraint, t.TimeOfDateConstraint)
            ]
            break
    return price_map(base), windows


def price_map(mp: Any) -> dict[str, Any]:
    from genai_prices import types as t

    out: dict[str, Any] = {}
    for key, v in sorted(mp.__dict__.items()):
        if key.startswith("_") or v is None:
            continue
        if isinstance(v, t.TieredPrices):
            out[key] = {
                "base": _dec(v.base),
                "tiers": [{"above": tier.start, "price": _dec(tier.price)} for tier in v.tiers],
            }
        else:
            out[key] = _dec(v)
    return out


def generate(at: dt.date) -> dict[str, Any]:
    from genai_prices.data import providers

    when = dt.datetime(at.year, at.month, at.day, 12, tzinfo=dt.UTC)
    provs: dict[str, Any] = {}
    count = 0
    for p in providers:
        models = []
        for m in p.models:
            entry: dict[str, Any] = {"id": m.id, "match": match_tree(m.match)}
            if m.name:
                entry["name"] = m.name
            if m.context_window:
                entry["context_window"] = m.context_window
            entry["prices"], windows = prices_at(m, when)
            if windows:
                entry["utc_windows"] = windows
            models.append(entry)
        count += len(models)
        provs[p.id] = {"name": p.name, "models": models}
        if p.fallback_model_providers:
            provs[p.id]["fallback"] = list(p.fallback_model_providers)
    return {
        "source": "genai-prices",
        "source_license": "MIT",
        "version": importlib.metadata.version("genai-prices"),
        "prices_at": at.isoformat(),
        "generated_by": "scripts/gen_prices.py",
        "units": "USD per million tokens (*_mtok), per thousand (*_kcount), per hour (*_hours)",
        "models": count,
        "providers": provs,
    }


def render(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=None, separators=(",", ":"), ensure_ascii=False) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--at", help="resolve dated prices as of this day (default: the file's)")
    ap.add_argument("--out", default=str(OUT))
    ap.add_argument("--check", action="store_true")
    a = ap.parse_args()
    out = Path(a.out)
    at = a.at
    if at is None and out.exists():
        at = json.loads(out.read_text(encoding="utf-8"))["prices_at"]
    day = dt.date.fromisoformat(at) if at else dt.date.today()
    text = render(generate(day))
    if a.check:
        same = out.exists() and out.read_text(encoding="utf-8") == text
        print("prices.json is current" if same else f"{out} differs from the generator's output")
        sys.exit(0 if same else 1)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    print(f"wrote {out}: {json.loads(text)['models']} models")


if __name__ == "__main__":
    main()
