"""Token counting: our o200k/cl100k ids equal tiktoken's on a multilingual corpus, chat
counts follow OpenAI's documented rule, models map to the documented tokenizers, a missing
tokenizer is a clear error, and the pre-call check tokenizes only prompts that could be too
long."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

import liter_llm
from liter_llm import errors, tokens

CORPUS = [
    "Hello, world!",
    "日本語のテキストと中文文本\uff0c还有한국어 텍스트。",
    "emoji 😀👍🏽🇩🇪 and a family 👨‍👩‍👧‍👦 with ZWJ",
    "def f(x):\n    return x ** 2  # code\n\n\n\t\tif x:\n        pass\n",
    "   lots   of    spaces     \n\n\n\n   and trailing   ",
    "Ünïcödé naïve café — “quotes” … ½ ° ™",
    "مرحبا بالعالم. שלום עולם. नमस्ते दुनिया",
    "Привет, мир! " * 20,
    "a" * 3000,
    "1234567890 3.14159 1e-10 0xDEADBEEF 192.168.0.1",
    '{"json": [1, 2, {"nested": null}], "k": "v"}',
    "<html><body><p class='x'>markup</p></body></html>",
    "\u200b\u200d\ufeff zero-width and BOM",
]


@pytest.mark.parametrize(("ours", "theirs"), [("o200k", "o200k_base"), ("cl100k", "cl100k_base")])
def test_ids_equal_tiktoken(ours: str, theirs: str) -> None:
    assert os.environ.get("TIKTOKEN_CACHE_DIR"), "run through make test (tiktoken's files)"
    import tiktoken

    enc = tiktoken.get_encoding(theirs)
    tok = tokens.load(ours)
    for text in CORPUS:
        assert tok.encode(text, add_special_tokens=False).ids == enc.encode(text), text[:40]


def test_converted_tekken_equals_its_ranks() -> None:
    """Mistral's Tekken, converted from mistral-common's tiktoken-style ranks into a
    tokenizers BPE file by scripts/fetch_tokenizers.py: the same ids (offset by its 1,000
    special tokens) as tiktoken running those ranks, as mistral-common itself does."""
    import base64
    import json

    import tiktoken

    src = json.loads((Path(os.environ["TIKTOKEN_CACHE_DIR"]) / "tekken.json").read_bytes())
    cfg = src["config"]
    special = cfg["default_num_special_tokens"]
    ranks = {
        base64.b64decode(v["token_bytes"]): v["rank"]
        for v in src["vocab"][: cfg["default_vocab_size"] - special]
    }
    enc = tiktoken.Encoding(
        "tekken", pat_str=cfg["pattern"], mergeable_ranks=ranks, special_tokens={}
    )
    tok = tokens.load("mistral_tekken")
    for text in CORPUS:
        want = [i + special for i in enc.encode(text)]
        assert tok.encode(text, add_special_tokens=False).ids == want, text[:40]


def openai_rule(enc: Any, messages: list[dict[str, str]]) -> int:
    """OpenAI's cookbook count for its chat models, written out with tiktoken."""
    n = 3
    for m in messages:
        n += 3
        for k, v in m.items():
            n += len(enc.encode(v))
            if k == "name":
                n += 1
    return n


def test_chat_count_follows_openais_rule() -> None:
    import tiktoken

    enc = tiktoken.get_encoding("o200k_base")
    msgs = [
        {"role": "system", "content": "You are a helpful assistant. 日本語で答えて。"},
        {"role": "user", "name": "alice", "content": "How many tokens is this? 😀"},
        {"role": "assistant", "content": "Quite a few."},
        {"role": "user", "content": CORPUS[3]},
    ]
    with liter_llm.Client(api_key="k") as c:
        out = c.call("count_tokens", {"model": "openai/gpt-4o-mini", "messages": msgs})
    assert out["input_tokens"] == openai_rule(enc, msgs)
    assert out["is_estimate"] is False and out["tokenizer"] == "o200k"


@pytest.mark.parametrize(
    ("model", "tokenizer", "own"),
    [
        ("gpt-4o", "o200k", True),
        ("gpt-4.1-mini", "o200k", True),
        ("gpt-5", "o200k", True),
        ("o3-mini", "o200k", True),
        ("gpt-4-turbo", "cl100k", True),
        ("gpt-3.5-turbo", "cl100k", True),
        ("text-embedding-3-small", "cl100k", True),
        ("llama-3.3-70b-versatile", "llama3", True),
        ("meta-llama/Llama-3.1-8B-Instruct", "llama3", True),
        ("gemma-3-27b-it", "gemma3", True),
        ("gemini-2.5-pro", "gemma3", False),
        ("deepseek-chat", "deepseek_v3", True),
        ("qwen3-32b", "qwen3", True),
        ("claude-sonnet-4-5", "claude", False),
        ("mistral-large-latest", "mistral_tekken", True),
        ("mistral-small-2503", "mistral_tekken", True),
        ("open-mixtral-8x22b", "mistral_tekken", False),
        ("some-new-model", "o200k", False),
    ],
)
def test_families(model: str, tokenizer: str, own: bool) -> None:
    assert tokens.family(model) == (tokenizer, own)


def test_tools_and_images_make_an_estimate() -> None:
    tools = [{"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}}]
    image = [
        {"type": "text", "text": "what is this"},
        {"type": "image_url", "image_url": {"url": "https://x.example/a.png"}},
    ]
    with liter_llm.Client(api_key="k") as c:
        a = c.call(
            "count_tokens",
            {
                "model": "openai/gpt-4o",
                "messages": [{"role": "user", "content": "hi"}],
                "tools": tools,
            },
        )
        b = c.call(
            "count_tokens",
            {"model": "openai/gpt-4o", "messages": [{"role": "user", "content": image}]},
        )
    assert a["is_estimate"] and b["is_estimate"]
    assert b["input_tokens"] >= tokens.TOKENS_PER_IMAGE


def test_lookup_order_and_a_missing_tokenizer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    here = Path(os.environ["LITER_LLM_TOKENIZERS"])
    own = tmp_path / "mine"
    own.mkdir()
    (own / "o200k.json").write_bytes((here / "cl100k.json").read_bytes())  # a different file
    text = "日本語のテキスト"
    with liter_llm.Client(api_key="k", tokenizers_dir=str(own)) as c:
        mine = c.call("count_tokens", {"model": "openai/gpt-4o", "text": text})["input_tokens"]
    assert mine == len(tokens.load("cl100k").encode(text, add_special_tokens=False).ids)
    monkeypatch.setenv("LITER_LLM_TOKENIZERS", str(tmp_path / "empty"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    with pytest.raises(errors.UnsupportedError) as ei:
        tokens.load("llama3")
    assert str(tmp_path / "empty") in ei.value.message and "make tokenizers" in ei.value.message


def test_count_tokens_errors() -> None:
    with liter_llm.Client(api_key="k") as c:
        with pytest.raises(liter_llm.InvalidArgumentError, match="messages"):
            c.call("count_tokens", {"model": "openai/gpt-4o"})
        with pytest.raises(liter_llm.InvalidArgumentError, match="exact"):
            c.call("count_tokens", {"model": "openai/gpt-4o", "text": "x", "exact": "yes"})
        with pytest.raises(liter_llm.InvalidArgumentError, match="text must be"):
            c.call("count_tokens", {"model": "openai/gpt-4o", "text": 5})


def test_precheck_tokenizes_only_what_could_be_too_long(monkeypatch: pytest.MonkeyPatch) -> None:
    """Under the window by size alone, a prompt is never tokenized (the hot path stays a sum)."""
    calls: list[str] = []
    real = tokens.count

    def spy(model: str, body: dict[str, Any], configured: str | None = None) -> dict[str, Any]:
        calls.append(model)
        return real(model, body, configured)

    monkeypatch.setattr(tokens, "count", spy)
    from liter_llm._engine import Engine
    from liter_llm.config import ClientConfig
    from liter_llm.middleware.context_window import ContextWindowLayer

    eng = Engine(
        ClientConfig.from_dict(
            {"api_key": "k", "pricing": {"openai/m": {"context_window": 100, "input_mtok": 1}}}
        )
    )
    layer = ContextWindowLayer(eng.window_of, None, 100)

    route = type("R", (), {"target": eng.target("openai/m", {}), "deployment_id": None})()

    def ctx(text: str) -> Any:
        body = {"model": "openai/m", "messages": [{"role": "user", "content": text}]}
        return type(
            "Ctx",
            (),
            {
                "op": "chat",
                "body": body,
                "route": route,
                "meta": liter_llm.Meta(),
                "prompt_bytes": None,
            },
        )()

    layer.check(ctx("short"))
    assert calls == []
    layer.check(ctx("word " * 60))  # 300 bytes > 100: counted, 63 tokens fit
    assert calls == ["m"]
    with pytest.raises(liter_llm.ContextWindowExceededError):
        layer.check(ctx("word " * 200))


def test_precheck_can_be_turned_off(mock_url: str) -> None:
    import uuid

    base = f"{mock_url}/s/context_window_precheck/{uuid.uuid4().hex[:8]}/v1"
    cfg = {"pricing": {"openai/tiny-m": {"input_mtok": "1", "context_window": 64}}}
    with liter_llm.Client(base_url=base, api_key="k", context_check=False, **cfg) as c:
        r = c.chat(model="openai/tiny-m", messages=[{"role": "user", "content": "x " * 500}])
    assert r.choices[0].message.content == "ok"  # sent: the provider decides


def test_typed_python_helpers() -> None:
    import asyncio
    from decimal import Decimal

    usage = {
        "prompt_tokens": 1200,
        "completion_tokens": 300,
        "prompt_tokens_details": {"cached_tokens": 200},
    }
    with liter_llm.Client(api_key="k") as c:
        cost = c.cost("openai/gpt-4o", usage)
        n = c.count_tokens("openai/gpt-4o", text="Hello, world!")
    assert isinstance(cost, liter_llm.CostResult) and cost.usd == Decimal("0.00575")
    assert cost.breakdown["output"] == Decimal("0.003")
    assert isinstance(n, liter_llm.TokenCount) and n.input_tokens == 4 and not n.is_estimate

    async def run() -> tuple[Any, Any]:
        async with liter_llm.AsyncClient(api_key="k") as ac:
            return await ac.cost("openai/x-unknown", usage), await ac.count_tokens(
                "gemini/gemini-2.5-flash", text="hi"
            )

    unknown, est = asyncio.run(run())
    assert unknown.usd is None and unknown.reason
    assert est.is_estimate and est.tokenizer == "gemma3"
