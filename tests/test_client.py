"""The public Python API against the mock provider."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
import uuid
from typing import Any

import httpx
import pytest

import liter_llm
from fixturelib import mock_log
from liter_llm import ChatCompletion
from liter_llm._engine import ADAPTERS

MSGS = [{"role": "user", "content": "hi"}]


def cfg(mock_url: str, case: str, **kw: Any) -> dict[str, Any]:
    return {"base_url": f"{mock_url}/s/{case}/{uuid.uuid4().hex[:10]}/v1", "api_key": "k", **kw}


def test_chat_typed(mock_url: str) -> None:
    with liter_llm.Client(**cfg(mock_url, "chat_basic")) as c:
        r = c.chat(model="openai/gpt-4o-mini", messages=MSGS)
    assert isinstance(r, ChatCompletion)
    assert r.content == "Hello there!"
    # the answer's request id and rate-limit headers, on success too
    assert r.meta is not None
    assert r.meta.request_id == "req_chat_basic"
    assert r.meta.rate_limit == {
        "x-ratelimit-remaining-requests": "4999",
        "x-ratelimit-limit-tokens": "200000",
    }


def test_meta_headers_through_a_users_httpx_client(mock_url: str) -> None:
    with httpx.Client() as hc, liter_llm.Client(**cfg(mock_url, "chat_basic"), http_client=hc) as c:
        r = c.chat(model="openai/gpt-4o-mini", messages=MSGS)
    assert r.meta is not None
    assert r.meta.request_id == "req_chat_basic"
    assert r.meta.rate_limit["x-ratelimit-remaining-requests"] == "4999"
    assert r.usage is not None and r.usage.prompt_tokens_details is not None
    assert r.usage.prompt_tokens_details.cached_tokens == 4


def test_unknown_response_fields_kept(mock_url: str) -> None:
    with liter_llm.Client(**cfg(mock_url, "chat_unknown_fields_kept")) as c:
        r = c.chat(model="gpt-4o-mini", messages=MSGS)
    assert r.model_extra == {"provider_specific": {"score": 0.5}, "service_tier": "default"}


def test_typed_error(mock_url: str) -> None:
    with (
        liter_llm.Client(**cfg(mock_url, "error_context_window_code")) as c,
        pytest.raises(liter_llm.ContextWindowExceededError) as ei,
    ):
        c.chat(model="gpt-4o-mini", messages=MSGS)
    assert ei.value.status == 400 and ei.value.label == "context_window_exceeded"
    assert isinstance(ei.value, liter_llm.InvalidRequestError)


def test_bad_request_is_invalid_argument(mock_url: str) -> None:
    with (
        liter_llm.Client(**cfg(mock_url, "chat_basic")) as c,
        pytest.raises(liter_llm.InvalidArgumentError),
    ):
        c.chat(model="gpt-4o-mini", messages="not a list")


def test_stream_iterates_and_accumulates(mock_url: str) -> None:
    with (
        liter_llm.Client(**cfg(mock_url, "stream_basic")) as c,
        c.chat_stream(model="gpt-4o-mini", messages=MSGS) as s,
    ):
        parts = [ch.choices[0].delta.content for ch in s if ch.choices]
        assert "".join(p or "" for p in parts) == "Hello world!"
        assert s.response is not None and s.response.content == "Hello world!"
        assert s.response.usage is not None and s.response.usage.total_tokens == 12


def test_stream_closed_early_closes_upstream(mock_url: str) -> None:
    conf = cfg(mock_url, "stream_idle_timeout", stream_idle_timeout=30)
    with liter_llm.Client(**conf) as c:
        with c.chat_stream(model="gpt-4o-mini", messages=MSGS) as s:
            first = next(iter(s))
            assert first.choices[0].delta.content == "Hel"
        deadline = time.time() + 3
        while time.time() < deadline and not mock_log(conf)[0]["disconnected"]:
            time.sleep(0.05)
    assert mock_log(conf)[0]["disconnected"], "upstream connection still open after close()"


def test_stream_error_raises(mock_url: str) -> None:
    with liter_llm.Client(**cfg(mock_url, "stream_no_done")) as c:
        s = c.chat_stream(model="gpt-4o-mini", messages=MSGS)
        with pytest.raises(liter_llm.StreamIncompleteError):
            s.final_response()


def test_embed_and_models(mock_url: str) -> None:
    with liter_llm.Client(**cfg(mock_url, "embed_basic")) as c:
        e = c.embed(model="text-embedding-3-small", input="hello")
    assert e.data[0].embedding == [0.1, -0.2, 0.3]
    with liter_llm.Client(**cfg(mock_url, "models_list")) as c:
        assert [m.id for m in c.models().data] == ["gpt-4o", "gpt-4o-mini"]


def test_closed_client(mock_url: str) -> None:
    c = liter_llm.Client(**cfg(mock_url, "chat_basic"))
    c.close()
    c.close()
    with pytest.raises(liter_llm.InvalidArgumentError):
        c.chat(model="m", messages=MSGS)


def test_module_level_chat_with_per_call_base_url(mock_url: str) -> None:
    conf = cfg(mock_url, "chat_basic")
    r = liter_llm.chat(model="gpt-4o-mini", messages=MSGS, base_url=conf["base_url"], api_key="k")
    assert r.content == "Hello there!"


def test_missing_key_is_authentication(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GROQ_API_KEY", raising=False)
    with liter_llm.Client() as c, pytest.raises(liter_llm.AuthenticationError) as ei:
        c.chat(model="groq/llama-3.1-8b-instant", messages=MSGS)
    assert "GROQ_API_KEY" in str(ei.value)


def test_unknown_config_key() -> None:
    with pytest.raises(liter_llm.InvalidArgumentError):
        liter_llm.Client(colour="blue")


def test_async_client(mock_url: str) -> None:
    async def main() -> tuple[str | None, str | None]:
        async with liter_llm.AsyncClient(**cfg(mock_url, "chat_basic")) as c:
            r = await c.chat(model="gpt-4o-mini", messages=MSGS)
        async with liter_llm.AsyncClient(**cfg(mock_url, "stream_basic")) as c:
            s = c.chat_stream(model="gpt-4o-mini", messages=MSGS)
            final = await s.final_response()
        return r.content, final.content

    assert asyncio.run(main()) == ("Hello there!", "Hello world!")


def test_async_many_concurrent(mock_url: str) -> None:
    async def main() -> int:
        async with liter_llm.AsyncClient(base_url=f"{mock_url}/bench/v1", api_key="k") as c:
            rs = await asyncio.gather(*(c.chat(model="m", messages=MSGS) for _ in range(200)))
        return sum(r.content == "Hello from the mock." for r in rs)

    assert asyncio.run(main()) == 200


def test_shutdown_then_restart(mock_url: str) -> None:
    liter_llm.shutdown()
    liter_llm.shutdown()
    with liter_llm.Client(**cfg(mock_url, "chat_basic")) as c:
        assert c.chat(model="m", messages=MSGS).content == "Hello there!"


def test_import_is_cheap() -> None:
    code = (
        "import sys, liter_llm; heavy = {'aiohttp', 'pydantic', 'uvloop', 'ssl'} & "
        "set(sys.modules); print(sorted(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_registry_rows() -> None:
    from liter_llm.providers.registry import PROVIDERS

    needed = {
        "openai",
        "groq",
        "together",
        "fireworks",
        "deepseek",
        "openrouter",
        "xai",
        "perplexity",
        "mistral",
        "ollama",
        "vllm",
        "lmstudio",
    }
    assert needed <= set(PROVIDERS)
    for p in PROVIDERS.values():
        assert p.base_url.startswith("http") and p.adapter in ADAPTERS
