"""Endpoints beyond chat, and the provider rows: every row against the mock, declared ops
sent to the right path, undeclared ones refused naming provider and op; uploads streamed
from disk; bytes saved to a file; watsonx's IAM exchange; the OpenAI SDK's own types."""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import time
import tracemalloc
import urllib.request
import uuid
from pathlib import Path
from typing import Any

import pytest

import liter_llm
from fixturelib import FIXTURES
from liter_llm.providers import openai as openai_adapter
from liter_llm.providers.base import Target
from liter_llm.providers.registry import PROVIDERS

OPENAI_ROWS = sorted(n for n, s in PROVIDERS.items() if s.adapter == "openai")
ENDPOINT_CASES = json.loads((FIXTURES / "endpoints.json").read_text(encoding="utf-8"))

# A request for each op that the sweep sends (with the model where the op takes one).
REQUESTS: dict[str, dict[str, Any]] = {
    "chat": {"messages": [{"role": "user", "content": "hi"}], "max_completion_tokens": 5},
    "embed": {"input": "hi"},
    "models": {},
    "moderate": {"input": "hi"},
    "images": {"prompt": "a fox"},
    "image_edit": {"prompt": "a hat", "image": {"data": "iVBORw0K", "filename": "a.png"}},
    "speech": {"input": "hi", "voice": "alloy"},
    "transcribe": {"file": {"data": "UklGRg==", "filename": "a.wav"}},
    "translate": {"file": {"data": "UklGRg==", "filename": "a.wav"}},
    "rerank": {"query": "q", "documents": ["a", "b"]},
    "file_upload": {"file": {"data": "e30K", "filename": "a.jsonl"}, "purpose": "batch"},
    "file_list": {},
    "file_retrieve": {"file_id": "file-1"},
    "file_content": {"file_id": "file-1"},
    "file_delete": {"file_id": "file-1"},
    "batch_create": {"input_file_id": "file-1", "endpoint": "/v1/chat/completions"},
    "batch_retrieve": {"batch_id": "b1"},
    "batch_list": {},
    "batch_cancel": {"batch_id": "b1"},
    "responses": {"input": "hi"},
    "response_retrieve": {"response_id": "r1"},
    "response_cancel": {"response_id": "r1"},
    "response_delete": {"response_id": "r1"},
}
NO_MODEL = {op for op, ep in openai_adapter.ENDPOINTS.items() if not ep.model}


def _base(mock_url: str, case: str, run: str) -> str:
    return f"{mock_url}/s/{case}/{run}/v1"


def _log(mock_url: str, case: str, run: str) -> list[dict[str, Any]]:
    with urllib.request.urlopen(f"{mock_url}/_log/{case}/{run}", timeout=10) as r:
        return json.loads(r.read())  # type: ignore[no-any-return]


def _row_client(mock_url: str, name: str, run: str, case: str = "ep_any") -> liter_llm.Client:
    return liter_llm.Client(
        provider=name,
        providers={name: {"base_url": _base(mock_url, case, run), "api_key": "row-key"}},
        max_retries=0,
    )


def test_at_least_100_provider_rows() -> None:
    assert len(PROVIDERS) >= 100
    for spec in PROVIDERS.values():
        assert spec.base_url.startswith(("https://", "http://localhost:")), spec.name
        if spec.ops is not None:
            assert spec.ops, spec.name


@pytest.mark.parametrize("name", OPENAI_ROWS)
def test_provider_row_against_the_mock(name: str, mock_url: str) -> None:
    """One row: each declared op reaches its path with the row's auth; each undeclared op is
    ``unsupported`` naming provider and op, and nothing is sent for it."""
    spec = PROVIDERS[name]
    run = uuid.uuid4().hex[:12]
    declared = spec.ops if spec.ops is not None else openai_adapter.OPS
    with _row_client(mock_url, name, run) as c:
        for op, req in REQUESTS.items():
            body = dict(req) if op in NO_MODEL else {"model": "m", **req}
            if op in declared:
                c.call(op, body)
            else:
                with pytest.raises(liter_llm.UnsupportedError) as ei:
                    c.call(op, body)
                assert repr(name) in str(ei.value) and repr(op) in str(ei.value)
        if "chat" in declared:
            c.call("chat", {"model": "m", **REQUESTS["chat"], "seed": 1})
    log = _log(mock_url, "ep_any", run)
    sent = [op for op in REQUESTS if op in declared]
    assert len(log) == len(sent) + ("chat" in declared)
    for op, entry in zip(sent, log, strict=False):
        ep = openai_adapter.ENDPOINTS[op]
        assert entry["method"] == ep.method, (op, entry["method"])
        want = ep.path.replace("{id}", REQUESTS[op].get(ep.id_field or "", ""))
        assert entry["path"] == want, (op, entry["path"])
        auth = entry["headers"].get(spec.auth_header.lower())
        assert auth == spec.auth_prefix + "row-key", (op, auth)
        if op == "chat":
            renames = dict(spec.renames)
            for old, new in renames.items():
                if old in REQUESTS["chat"]:
                    assert new in entry["body"] and old not in entry["body"]
            if not renames:
                assert entry["body"]["max_completion_tokens"] == 5
    if "chat" in declared:
        last = log[-1]["body"]
        if "seed" in dict(spec.renames):
            assert last[dict(spec.renames)["seed"]] == 1 and "seed" not in last
        else:
            assert last["seed"] == 1


@pytest.mark.parametrize(
    "name", [n for n in OPENAI_ROWS if "chat" in (PROVIDERS[n].ops or {"chat"})]
)
def test_provider_row_streams(name: str, mock_url: str) -> None:
    spec = PROVIDERS[name]
    run = uuid.uuid4().hex[:12]
    msgs = [{"role": "user", "content": "hi"}]
    with (
        _row_client(mock_url, name, run, "ep_any_stream") as c,
        c.chat_stream(model="m", messages=msgs) as s,
    ):
        text = "".join(ch.choices[0].delta.content or "" for ch in s if ch.choices)
    assert text == "ok"
    body = _log(mock_url, "ep_any_stream", run)[0]["body"]
    assert body["stream"] is True
    if "no_stream_options" in spec.quirks:
        assert "stream_options" not in body
    else:
        assert body["stream_options"] == {"include_usage": True}


def test_unsupported_params_of_a_row(mock_url: str) -> None:
    """A row's ``unsupported`` parameters are refused, or dropped with drop_params."""
    run = uuid.uuid4().hex[:12]
    tools = [{"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}}]
    with _row_client(mock_url, "perplexity", run) as c:
        with pytest.raises(liter_llm.UnsupportedError, match="tools"):
            c.chat(model="sonar", messages=[{"role": "user", "content": "hi"}], tools=tools)
        c.call(
            "chat",
            {
                "model": "sonar",
                "messages": [{"role": "user", "content": "hi"}],
                "tools": tools,
                "drop_params": True,
            },
        )
    (entry,) = _log(mock_url, "ep_any", run)
    assert "tools" not in entry["body"]


def _target(name: str, settings: dict[str, Any] | None = None) -> Target:
    spec = PROVIDERS[name]
    return Target(spec, "m", spec.base_url, "k", {}, settings or {})


def test_base_url_placeholders(monkeypatch: pytest.MonkeyPatch) -> None:
    wire = openai_adapter.to_wire(
        "chat", {"messages": []}, _target("cloudflare", {"account_id": "acc1"}), False
    )
    assert wire.url == "https://api.cloudflare.com/client/v4/accounts/acc1/ai/v1/chat/completions"
    monkeypatch.setenv("DATABRICKS_WORKSPACE", "dbc-1")
    wire = openai_adapter.to_wire("embed", {"input": "x"}, _target("databricks"), False)
    assert wire.url == "https://dbc-1.cloud.databricks.com/serving-endpoints/embeddings"
    monkeypatch.delenv("CLOUDFLARE_ACCOUNT_ID", raising=False)
    with pytest.raises(liter_llm.InvalidArgumentError, match="CLOUDFLARE_ACCOUNT_ID"):
        openai_adapter.to_wire("chat", {"messages": []}, _target("cloudflare"), False)
    with pytest.raises(liter_llm.InvalidArgumentError, match="account_id must be"):
        openai_adapter.to_wire("chat", {}, _target("cloudflare", {"account_id": "a/b"}), False)


def test_base_url_env(monkeypatch: pytest.MonkeyPatch, mock_url: str) -> None:
    run = uuid.uuid4().hex[:12]
    monkeypatch.setenv("DATABRICKS_API_BASE", _base(mock_url, "ep_any", run))
    monkeypatch.setenv("DATABRICKS_TOKEN", "db-token")
    with liter_llm.Client(max_retries=0) as c:
        c.chat(model="databricks/dbrx", messages=[{"role": "user", "content": "hi"}])
    (entry,) = _log(mock_url, "ep_any", run)
    assert entry["path"] == "/chat/completions"
    assert entry["headers"]["authorization"] == "Bearer db-token"


# ------------------------------------------------------------------ uploads and bytes
@pytest.fixture(scope="module")
def big_audio(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    p = tmp_path_factory.mktemp("audio") / "big.wav"
    h = hashlib.sha256()
    with p.open("wb") as f:
        block = os.urandom(1 << 20)
        for i in range(25):
            chunk = bytes([i]) + block[1:]
            f.write(chunk)
            h.update(chunk)
    return p, h.hexdigest()


def _upload_peak(client: Any, path: Path) -> int:
    tracemalloc.start()
    try:
        client.call("file_upload", {"file": str(path), "purpose": "batch"})
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak


@pytest.mark.parametrize("transport", ["default", "httpx"])
def test_25mb_upload_is_streamed_from_disk(
    transport: str, big_audio: tuple[Path, str], mock_url: str
) -> None:
    """The file goes out whole (the mock's size and digest), and Python never holds it: the
    peak of traced allocations during the upload stays far below the file's size."""
    path, digest = big_audio
    run = uuid.uuid4().hex[:12]
    kw: dict[str, Any] = {"base_url": _base(mock_url, "ep_upload", run), "api_key": "k"}
    if transport == "httpx":
        import httpx

        kw["http_client"] = httpx.Client()
    with liter_llm.Client(**kw) as c:
        peak = _upload_peak(c, path)
    (entry,) = _log(mock_url, "ep_upload", run)
    f = entry["body"]["files"]["file"]
    assert f["size"] == 25 << 20 and f["sha256"] == digest
    assert f["filename"] == "big.wav" and f["content_type"] == "audio/x-wav"
    assert entry["body"]["fields"] == {"purpose": "batch"}
    # one copy would be 25 MB; pieces in flight are a few hundred KB
    assert peak < (25 << 20) // 4, f"peak traced memory {peak} bytes during the upload"


def test_upload_of_bytes_from_python(mock_url: str) -> None:
    run = uuid.uuid4().hex[:12]
    with liter_llm.Client(base_url=_base(mock_url, "ep_upload", run), api_key="k") as c:
        c.call("file_upload", {"file": b"{}\n", "purpose": "batch"})
        c.call(
            "file_upload", {"file": {"data": b"{}\n", "filename": "x.jsonl"}, "purpose": "batch"}
        )
    log = _log(mock_url, "ep_upload", run)
    assert [e["body"]["files"]["file"]["size"] for e in log] == [3, 3]
    assert log[1]["body"]["files"]["file"]["filename"] == "x.jsonl"


def test_speech_into_output_file(tmp_path: Path, mock_url: str) -> None:
    run = uuid.uuid4().hex[:12]
    out = tmp_path / "hello.mp3"
    req = {"model": "tts-1", "input": "hi", "voice": "alloy"}
    with liter_llm.Client(base_url=_base(mock_url, "ep_audio", run), api_key="k") as c:
        whole = c.call("speech", req)
        saved = c.call("speech", {**req, "output_file": str(out)})
    assert isinstance(whole, liter_llm.Binary) and whole.content_type == "audio/mpeg"
    assert whole.content[:3] == b"ID3" and len(whole.content) == 3 + 256 * 64
    assert saved.path == str(out) and saved.size == len(whole.content) and saved.content == b""
    assert out.read_bytes() == whole.content
    assert saved.to_dict() == {"content_type": "audio/mpeg", "bytes": saved.size, "path": str(out)}


def test_cut_audio_leaves_no_file(tmp_path: Path, mock_url: str) -> None:
    run = uuid.uuid4().hex[:12]
    out = tmp_path / "cut.mp3"
    req = {"model": "tts-1", "input": "hi", "voice": "alloy", "output_file": str(out)}
    with liter_llm.Client(
        base_url=_base(mock_url, "ep_audio_cut", run), api_key="k", max_retries=0
    ) as c:
        with pytest.raises((liter_llm.StreamIncompleteError, liter_llm.ConnectionError)):
            c.call("speech", req)
        with pytest.raises(liter_llm.LiterLlmError):
            c.call("speech", {k: v for k, v in req.items() if k != "output_file"})
    assert list(tmp_path.iterdir()) == []


def test_output_file_only_for_bytes_answers(mock_url: str) -> None:
    with (
        liter_llm.Client(base_url=_base(mock_url, "ep_any", "x"), api_key="k") as c,
        pytest.raises(liter_llm.InvalidArgumentError, match="output_file"),
    ):
        c.call("images", {"model": "m", "prompt": "p", "output_file": "/tmp/x"})


def test_async_client_endpoints(mock_url: str) -> None:
    async def main() -> tuple[Any, Any]:
        run = uuid.uuid4().hex[:12]
        async with liter_llm.AsyncClient(
            base_url=_base(mock_url, "ep_audio", run), api_key="k"
        ) as c:
            a = await c.call("speech", {"model": "tts-1", "input": "hi", "voice": "alloy"})
        run2 = uuid.uuid4().hex[:12]
        async with liter_llm.AsyncClient(
            provider="together", base_url=_base(mock_url, "ep_any", run2), api_key="k"
        ) as c:
            b = await c.call("rerank", {"model": "m", "query": "q", "documents": ["a"]})
        return a, b

    audio, ranked = asyncio.run(main())
    assert isinstance(audio, liter_llm.Binary) and audio.content[:3] == b"ID3"
    assert ranked["results"] == []


# ------------------------------------------------------------------ watsonx IAM
def test_watsonx_iam_token_exchange_is_cached(mock_url: str) -> None:
    from liter_llm.providers import watsonx

    watsonx._cache.clear()
    run = uuid.uuid4().hex[:12]
    base = _base(mock_url, "ep_wx_iam", run)
    cfg = {
        "provider": "watsonx",
        "providers": {
            "watsonx": {
                "base_url": base,
                "api_key": "ibm-cloud-key",
                "project_id": "p1",
                "iam_url": base + "/identity/token",
            }
        },
    }
    with liter_llm.Client(**cfg) as c:
        for _ in range(2):
            r = c.chat(model="ibm/granite", messages=[{"role": "user", "content": "hi"}])
            assert r.choices[0].message.content == "ok"
    log = _log(mock_url, "ep_wx_iam", run)
    assert [e["path"] for e in log] == ["/identity/token", "/ml/v1/text/chat", "/ml/v1/text/chat"]
    assert (
        log[0]["body"]
        == "grant_type=urn%3Aibm%3Aparams%3Aoauth%3Agrant-type%3Aapikey&apikey=ibm-cloud-key"
    )
    assert log[1]["headers"]["authorization"] == "Bearer iam-token-1"
    assert log[1]["body"]["project_id"] == "p1"


def test_watsonx_iam_refusal_is_authentication(mock_url: str) -> None:
    from liter_llm.providers import watsonx

    watsonx._cache.clear()
    run = uuid.uuid4().hex[:12]
    base = _base(mock_url, "ep_wx_iam_refused", run)
    prov = {"base_url": base, "api_key": "bad", "project_id": "p1", "iam_url": base + "/t"}
    with (
        liter_llm.Client(provider="watsonx", providers={"watsonx": prov}) as c,
        pytest.raises(liter_llm.AuthenticationError) as ei,
    ):
        c.chat(model="ibm/granite", messages=[{"role": "user", "content": "hi"}])
    assert "bad" not in str(ei.value)
    assert len(_log(mock_url, "ep_wx_iam_refused", run)) == 1


# ------------------------------------------------------------------ the OpenAI SDK's types
def _answer(case: dict[str, Any]) -> Any:
    return case["upstream"][0].get("json")


SDK_ANSWERS = {
    "images_generate": "openai.types:ImagesResponse",
    "images_edit_multipart": "openai.types:ImagesResponse",
    "transcribe_json": "openai.types.audio:Transcription",
    "translate_json": "openai.types.audio:Translation",
    "file_upload": "openai.types:FileObject",
    "file_retrieve": "openai.types:FileObject",
    "file_delete": "openai.types:FileDeleted",
    "batch_create": "openai.types:Batch",
    "batch_retrieve": "openai.types:Batch",
    "batch_cancel": "openai.types:Batch",
    "responses_create": "openai.types.responses:Response",
    "response_retrieve": "openai.types.responses:Response",
    "response_cancel": "openai.types.responses:Response",
}
SDK_REQUESTS = {
    "images_generate": "openai.types:ImageGenerateParams",
    "speech_bytes": "openai.types.audio:SpeechCreateParams",
    "batch_create": "openai.types:BatchCreateParams",
    "responses_create": "openai.types.responses.response_create_params:ResponseCreateParamsNonStreaming",
    "responses_stream": "openai.types.responses.response_create_params:ResponseCreateParamsStreaming",
    "file_list": "openai.types:FileListParams",
    "batch_list": "openai.types:BatchListParams",
}


def _load(ref: str) -> Any:
    import importlib

    mod, name = ref.split(":")
    return getattr(importlib.import_module(mod), name)


@pytest.mark.parametrize("name", sorted(SDK_ANSWERS))
def test_recorded_answers_parse_with_openai_sdk_models(name: str) -> None:
    (case,) = [c for c in ENDPOINT_CASES if c["name"] == name]
    model = _load(SDK_ANSWERS[name])
    parsed = model.model_validate(_answer(case))
    assert parsed.model_dump(exclude_unset=True)


@pytest.mark.parametrize("name", sorted(SDK_REQUESTS))
def test_requests_match_openai_sdk_types(name: str) -> None:
    from sdk_types import problems

    (case,) = [c for c in ENDPOINT_CASES if c["name"] == name]
    body = dict(case["request"])
    if case["stream"]:
        body["stream"] = True
    assert problems(body, _load(SDK_REQUESTS[name])) == []


def test_stream_events_parse_as_openai_sdk_events() -> None:
    from openai.types.responses import Response, ResponseStreamEvent
    from pydantic import TypeAdapter

    ta: TypeAdapter[Any] = TypeAdapter(ResponseStreamEvent)
    n = 0
    for c in ENDPOINT_CASES:
        if c["op"] == "responses" and c["stream"]:
            for ev in c["upstream"][0]["sse"]:
                ta.validate_python(ev)
                n += 1
                if "response" in ev:
                    Response.model_validate(ev["response"])
    assert n >= 6


# ------------------------------------------------------------------ the typed Python API
def _cfg(mock_url: str, case: str, **kw: Any) -> tuple[dict[str, Any], str]:
    run = uuid.uuid4().hex[:12]
    return {"base_url": _base(mock_url, case, run), "api_key": "k", **kw}, run


def test_typed_methods(tmp_path: Path, mock_url: str) -> None:
    wav = b"RIFF$\x00\x00\x00WAVEfmt " + bytes(range(32))
    cfg, run = _cfg(mock_url, "transcribe_json")
    with liter_llm.Client(**cfg) as c:
        # an open file that is a whole file on disk is streamed from its path
        p = tmp_path / "hello.wav"
        p.write_bytes(wav)
        with p.open("rb") as f:
            t = c.transcribe(f, model="whisper-1", language="en")
        assert isinstance(t, liter_llm.Transcription) and t.text == "Hello world."
        assert t.meta is not None and t.meta.attempts[0].provider == "openai"
        c.transcribe(("memo.wav", wav, "audio/wav"), model="whisper-1")
    sent = [e["body"]["files"]["file"] for e in _log(mock_url, "transcribe_json", run)]
    assert sent[0]["filename"] == "hello.wav" and sent[0]["size"] == len(wav)
    assert sent[1]["filename"] == "memo.wav" and sent[1]["content_type"] == "audio/wav"

    cfg, _ = _cfg(mock_url, "images_generate")
    with liter_llm.Client(**cfg) as c:
        img = c.images(model="gpt-image-1", prompt="a red fox", size="1024x1024", n=1)
    assert isinstance(img, liter_llm.ImagesResponse) and img.data[0].b64_json

    cfg, _ = _cfg(mock_url, "rerank_compatible", provider="together")
    with liter_llm.Client(**cfg) as c:
        rr = c.rerank(
            model="Salesforce/Llama-Rank-V1",
            query="capital of France?",
            documents=["Paris is the capital.", "Berlin is big."],
            top_n=2,
            return_documents=True,
        )
    assert rr.results[0].index == 0 and rr.results[0].document is not None

    cfg, _ = _cfg(mock_url, "batch_create")
    with liter_llm.Client(**cfg) as c:
        b = c.create_batch(input_file_id="file-abc123", endpoint="/v1/chat/completions")
    assert b.status == "validating" and b.completion_window == "24h"

    cfg, _ = _cfg(mock_url, "file_content")
    with liter_llm.Client(**cfg) as c:
        out = tmp_path / "batch.jsonl"
        saved = c.file_content("file-abc123", output_file=out)
    assert saved.path == str(out) and out.read_bytes().startswith(b'{"custom_id"')


def test_responses_sync_and_async(mock_url: str) -> None:
    cfg, _ = _cfg(mock_url, "responses_create")
    with liter_llm.Client(**cfg) as c:
        r = c.create_response(model="gpt-4.1-mini", input="Say hi", instructions="Be brief.")
    assert isinstance(r, liter_llm.ResponseObject) and r.output_text == "Hi!"
    assert r.usage is not None and r.usage.total_tokens == 7
    cfg, _ = _cfg(mock_url, "responses_stream")
    with liter_llm.Client(**cfg) as c, c.response_stream(model="gpt-4.1-mini", input="x") as s:
        deltas = [e["delta"] for e in s if e["type"] == "response.output_text.delta"]
    assert "".join(deltas) == "Hi!" and s.response is not None and s.response.output_text == "Hi!"

    async def main() -> tuple[str, str]:
        cfg, _ = _cfg(mock_url, "responses_stream")
        async with liter_llm.AsyncClient(**cfg) as c:
            async with c.response_stream(model="gpt-4.1-mini", input="x") as s:
                text = "".join([e.get("delta", "") async for e in s])
            assert s.response is not None
            return text, s.response.status or ""

    assert asyncio.run(main()) == ("Hi!", "completed")
    cfg, _ = _cfg(mock_url, "responses_stream_cut")
    with (
        liter_llm.Client(**cfg) as c,
        c.response_stream(model="gpt-4.1-mini", input="x") as s,
        pytest.raises(liter_llm.StreamIncompleteError),
    ):
        list(s)
    assert s.response is None


def test_stalled_download_ends_at_the_deadline(tmp_path: Path, mock_url: str) -> None:
    """A body that stalls after its first piece ends at the call's deadline: ``timeout``,
    the upstream connection closed, and no file (whole or partial) left behind."""
    run = uuid.uuid4().hex[:12]
    out = tmp_path / "stalled.mp3"
    req = {"model": "tts-1", "input": "hi", "voice": "alloy", "output_file": str(out)}
    with (
        liter_llm.Client(
            base_url=_base(mock_url, "ep_audio_stall", run), api_key="k", max_retries=0, timeout=1
        ) as c,
        pytest.raises(liter_llm.TimeoutError),
    ):
        c.call("speech", req)
    assert list(tmp_path.iterdir()) == []
    deadline = time.monotonic() + 30
    while not _log(mock_url, "ep_audio_stall", run)[0]["disconnected"]:
        assert time.monotonic() < deadline, "the upstream connection was not closed"
        time.sleep(0.05)


def test_endpoints_under_telemetry_and_hooks(mock_url: str) -> None:
    """Bytes answers, uploads and Responses streams go through the observe layer: metrics
    count them by op, hooks see them (bytes as their size and type, never the content)."""
    seen: list[dict[str, Any]] = []
    tel = {"metrics": True}
    cfg, _ = _cfg(mock_url, "ep_audio", telemetry=tel)
    with liter_llm.Client(**cfg, on_response=seen.append) as c:
        c.speech(model="tts-1", input="hi", voice="alloy")
        text = c.metrics()
    assert 'op="speech"' in text
    resp = seen[-1]["response"]
    assert resp["content_type"] == "audio/mpeg" and resp["bytes"] == 3 + 256 * 64
    assert "data" not in resp
    cfg, _ = _cfg(mock_url, "responses_stream", telemetry=tel)
    with liter_llm.Client(**cfg, on_response=seen.append) as c:
        with c.response_stream(model="gpt-4.1-mini", input="x") as s:
            list(s)
        text = c.metrics()
    assert 'op="responses"' in text and seen[-1]["response"]["id"] == "resp_1"
    cfg, _ = _cfg(mock_url, "file_upload", telemetry=tel)
    with liter_llm.Client(**cfg, on_request=seen.append, on_response=seen.append) as c:
        c.upload_file(b"{}\n", purpose="batch")
        c.upload_file({"data": "e30K", "filename": "b.jsonl"}, purpose="batch")
    assert seen[-4]["request"]["file"] == {"bytes": 3}
    assert seen[-2]["request"]["file"] == {"filename": "b.jsonl", "bytes": 3}
    assert seen[-1]["response"]["id"] == "file-abc123"
