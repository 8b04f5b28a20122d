"""Conformance against the official SDKs' own types (test-only dependencies).

For every recorded fixture of a native provider: the request body our adapter builds passes a
strict check against the SDK's request ``TypedDict`` (no undeclared key, every required key,
each value of its declared type), and every recorded provider payload (response, stream
event, error body) parses with the SDK's response models.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from fixturelib import load_cases, steps_of
from liter_llm import errors
from liter_llm._engine import ADAPTERS, Engine
from liter_llm.config import ClientConfig
from liter_llm.providers.base import WireRequest
from liter_llm.streaming import SSEDecoder
from sdk_types import problems

CASES = load_cases()


def provider_cases(adapter: str) -> list[dict[str, Any]]:
    return [c for c in CASES if (c.get("config") or {}).get("provider") == adapter]


def wire_of(case: dict[str, Any]) -> WireRequest:
    """The adapter's request for a case, built exactly as the engine builds it."""
    _, body, opts, target = _resolve(case)
    adapter = ADAPTERS[target.spec.adapter]
    return adapter.to_wire(case["op"], dict(body), target, case["stream"], opts.get("extra_body"))


def _resolve(case: dict[str, Any]) -> tuple[Engine, dict[str, Any], dict[str, Any], Any]:
    cfg = {"api_key": "test-key", "base_url": "http://mock/v1", **(case.get("config") or {})}
    engine = Engine(ClientConfig.from_dict(cfg))
    body, opts = engine._split(case["op"], case["request"])
    return engine, body, opts, engine.target(body.get("model"), opts)


def sent_cases(adapter: str) -> list[dict[str, Any]]:
    """Cases whose request reaches the provider (not refused before sending)."""
    out = []
    for c in provider_cases(adapter):
        try:
            wire_of(c)
        except errors.LiterLlmError:
            continue
        out.append(c)
    return out


def payloads(case: dict[str, Any]) -> list[tuple[str, Any]]:
    """(kind, JSON) of everything the recorded upstream sent: body, or each stream event."""
    out: list[tuple[str, Any]] = []
    for step in steps_of(case):
        if "json" in step:
            out.append(("ok" if step.get("status", 200) < 300 else "error", step["json"]))
        if "sse_raw" in step:
            dec = SSEDecoder()
            out += [("event", json.loads(e.data)) for e in dec.feed(step["sse_raw"].encode())]
        for d in step.get("sse", ()):
            if isinstance(d, dict):
                out.append(("event", d))
    return out


# ------------------------------------------------------------------------------ Anthropic
def _anthropic_request_type(stream: bool, op: str = "chat") -> Any:
    from anthropic.types import message_create_params as p

    if op == "count_tokens":
        from anthropic.types import MessageCountTokensParams

        return MessageCountTokensParams
    return p.MessageCreateParamsStreaming if stream else p.MessageCreateParamsNonStreaming


@pytest.mark.parametrize("case", sent_cases("anthropic"), ids=lambda c: c["name"])
def test_anthropic_request_matches_sdk_types(case: dict[str, Any]) -> None:
    wire = wire_of(case)
    assert wire.body is not None
    body = json.loads(wire.body)
    if wire.headers.get("anthropic-version", "") < "2026-10-21":
        # The SDK's types describe API 2026-10-21, which removed the sampling parameters
        # that 2023-06-01 takes; everything else must still conform.
        for legacy in ("temperature", "top_p"):
            body.pop(legacy, None)
    assert problems(body, _anthropic_request_type(case["stream"], case["op"])) == []


@pytest.mark.parametrize("case", provider_cases("anthropic"), ids=lambda c: c["name"])
def test_anthropic_recorded_payloads_parse_with_sdk_models(case: dict[str, Any]) -> None:
    from anthropic.types import Message, MessageTokensCount, RawMessageStreamEvent
    from anthropic.types.shared import ErrorResponse
    from pydantic import TypeAdapter

    events = TypeAdapter(RawMessageStreamEvent)
    for kind, payload in payloads(case):
        if kind == "ok" and case["op"] == "count_tokens":
            MessageTokensCount.model_validate(payload)
        elif kind == "ok":
            Message.model_validate(payload)
        elif kind == "error" or payload.get("type") == "error":
            ErrorResponse.model_validate(payload)
        elif payload.get("type") != "ping":
            events.validate_python(payload)


def test_strict_check_catches_what_the_api_rejects() -> None:
    """The check is not vacuous: a removed parameter and a wrong block type fail it."""
    tp = _anthropic_request_type(False)
    base = {"model": "m", "max_tokens": 5, "messages": [{"role": "user", "content": "hi"}]}
    assert problems(base, tp) == []
    assert problems({**base, "temperature": 0.5}, tp)
    assert problems({**base, "messages": [{"role": "user", "content": [{"type": "img"}]}]}, tp)
    assert problems({"model": "m", "messages": []}, tp)  # max_tokens is required


# ------------------------------------------------------------------------------ Azure OpenAI
@pytest.mark.parametrize(
    "case", [c for c in sent_cases("azure") if c["op"] == "chat"], ids=lambda c: c["name"]
)
def test_azure_request_matches_openai_sdk_types(case: dict[str, Any]) -> None:
    from openai.types.chat import completion_create_params as p

    tp = (
        p.CompletionCreateParamsStreaming
        if case["stream"]
        else p.CompletionCreateParamsNonStreaming
    )
    wire = wire_of(case)
    assert wire.body is not None
    assert problems(json.loads(wire.body), tp) == []


# ------------------------------------------------------------------------------ every adapter
NATIVE = [c for c in CASES if (c.get("config") or {}).get("provider") in ADAPTERS]


@pytest.mark.parametrize("case", [c for c in NATIVE if c["op"] == "chat"], ids=lambda c: c["name"])
def test_translated_answers_parse_as_openai_sdk_models(case: dict[str, Any]) -> None:
    """What every adapter hands back is OpenAI's shape by OpenAI's own models."""
    from openai.types.chat import ChatCompletion, ChatCompletionChunk

    try:
        wire = wire_of(case)
    except errors.LiterLlmError:
        return  # refused before sending: nothing comes back
    engine_target = _target_of(case)
    adapter = ADAPTERS[engine_target.spec.adapter]
    for step in steps_of(case):
        if step.get("status", 200) >= 300:
            continue
        if "json" in step:
            raw = json.dumps(step["json"]).encode()
            if not case["expect"]["ok"]:  # a 200 that means an error (a blocked prompt)
                with pytest.raises(errors.LiterLlmError):
                    adapter.from_wire("chat", raw, engine_target)
                continue
            ChatCompletion.model_validate(adapter.from_wire("chat", raw, engine_target))
        body = step.get("sse_raw", "").encode() or _sse_bytes(step.get("sse", ()))
        if body and wire.stream:
            dec = adapter.stream_decoder(engine_target)
            try:
                for c, raw in dec.feed(body):
                    ChatCompletionChunk.model_validate(c)
                    assert json.loads(raw) == c
            except errors.LiterLlmError:
                # only a case that records an error event may end this way; the chunks before
                # it were checked
                if case["expect"]["ok"]:
                    raise


def _target_of(case: dict[str, Any]) -> Any:
    return _resolve(case)[3]


def _sse_bytes(events: Any) -> bytes:
    return "".join(
        f"data: {e if isinstance(e, str) else json.dumps(e)}\n\n" for e in events
    ).encode()


# ------------------------------------------------------------------------------ Gemini / Vertex
def _gemini_cases() -> list[dict[str, Any]]:
    return [c for c in sent_cases("gemini") + sent_cases("vertex") if c["op"] == "chat"]


GEMINI_BODY = {
    "contents": "list[Content]",
    "systemInstruction": "Content",
    "tools": "list[Tool]",
    "toolConfig": "ToolConfig",
    "generationConfig": "GenerationConfig",
}


@pytest.mark.parametrize("case", _gemini_cases(), ids=lambda c: c["name"])
def test_gemini_request_matches_google_genai_types(case: dict[str, Any]) -> None:
    """google-genai's models forbid unknown fields and read the REST API's camelCase names."""
    from google.genai import types
    from pydantic import TypeAdapter

    wire = wire_of(case)
    assert wire.body is not None
    body = json.loads(wire.body)
    assert set(body) <= set(GEMINI_BODY), set(body) - set(GEMINI_BODY)
    for key, value in body.items():
        name = GEMINI_BODY[key]
        if name.startswith("list["):
            TypeAdapter(list[getattr(types, name[5:-1])]).validate_python(value)
        else:
            getattr(types, name).model_validate(value)


@pytest.mark.parametrize(
    "case", provider_cases("gemini") + provider_cases("vertex"), ids=lambda c: c["name"]
)
def test_gemini_recorded_payloads_parse_with_google_genai_models(case: dict[str, Any]) -> None:
    from google.genai import types

    for kind, payload in payloads(case):
        if kind == "error" or "error" in payload:  # an error body, or an error event mid-stream
            assert set(payload["error"]) <= {"code", "message", "status", "details"}
        elif case["op"] == "embed" and "predictions" in payload:
            # Vertex's predict answer has no google-genai model (the SDK converts it): check
            # its documented shape instead
            for p in payload["predictions"]:
                assert set(p["embeddings"]) <= {"values", "statistics"}
                assert all(isinstance(v, float) for v in p["embeddings"]["values"])
        elif case["op"] == "embed":
            types.EmbedContentResponse.model_validate(payload)
        elif case["op"] == "count_tokens":
            types.CountTokensResponse.model_validate(payload)
        else:
            types.GenerateContentResponse.model_validate(payload)


def test_google_genai_models_are_strict() -> None:
    from google.genai import types

    with pytest.raises(ValueError):
        types.GenerationConfig.model_validate({"max_tokens": 5})


# ------------------------------------------------------------------------------ Cohere
def _cohere_chat_fields() -> set[str]:
    import inspect

    from cohere.v2.raw_client import RawV2Client

    params = set(inspect.signature(RawV2Client.chat).parameters) - {"self", "request_options"}
    return params | {"stream"}


@pytest.mark.parametrize(
    "case", [c for c in sent_cases("cohere") if c["op"] == "chat"], ids=lambda c: c["name"]
)
def test_cohere_request_matches_sdk_types(case: dict[str, Any]) -> None:
    import cohere
    from pydantic import TypeAdapter

    body = json.loads(wire_of(case).body or b"{}")
    assert set(body) <= _cohere_chat_fields(), set(body) - _cohere_chat_fields()
    TypeAdapter(cohere.ChatMessages).validate_python(body["messages"])
    if "tools" in body:
        TypeAdapter(list[cohere.ToolV2]).validate_python(body["tools"])
    if "response_format" in body:
        TypeAdapter(cohere.ResponseFormatV2).validate_python(body["response_format"])
    if "thinking" in body:
        cohere.Thinking.model_validate(body["thinking"])


@pytest.mark.parametrize("case", provider_cases("cohere"), ids=lambda c: c["name"])
def test_cohere_recorded_payloads_parse_with_sdk_models(case: dict[str, Any]) -> None:
    import cohere
    from pydantic import TypeAdapter

    events = TypeAdapter(cohere.StreamedChatResponseV2)
    for kind, payload in payloads(case):
        if kind == "error":
            assert isinstance(payload.get("message"), str)
        elif kind == "event":
            events.validate_python(payload)
        elif case["op"] == "embed":
            cohere.EmbedByTypeResponse.model_validate(payload)
        elif case["op"] == "rerank":
            cohere.V2RerankResponse.model_validate(payload)
        else:
            cohere.V2ChatResponse.model_validate(payload)


# ------------------------------------------------------------------------------ Mistral
@pytest.mark.parametrize(
    "case", [c for c in sent_cases("mistral") if c["op"] == "chat"], ids=lambda c: c["name"]
)
def test_mistral_request_matches_sdk_types(case: dict[str, Any]) -> None:
    from mistralai.client import models

    body = json.loads(wire_of(case).body or b"{}")
    fields = set(models.ChatCompletionStreamRequest.model_fields)
    assert set(body) <= fields, set(body) - fields
    models.ChatCompletionRequest.model_validate({**body, "stream": False})


@pytest.mark.parametrize("case", provider_cases("mistral"), ids=lambda c: c["name"])
def test_mistral_recorded_payloads_parse_with_sdk_models(case: dict[str, Any]) -> None:
    from mistralai.client import models

    answers = {
        "embed": models.EmbeddingResponse,
        "transcribe": models.TranscriptionResponse,
        "file_upload": models.CreateFileResponse,
        "file_list": models.ListFilesResponse,
        "file_retrieve": models.GetFileResponse,
        "file_delete": models.DeleteFileResponse,
    }
    for kind, payload in payloads(case):
        if kind == "event":
            models.CompletionChunk.model_validate(payload)
        elif kind == "ok":
            answers.get(case["op"], models.ChatCompletionResponse).model_validate(payload)


# ------------------------------------------------------------------------------ Bedrock
def _bedrock_model() -> Any:
    import botocore.session

    return botocore.session.get_session().get_service_model("bedrock-runtime")


@pytest.mark.parametrize("case", sent_cases("bedrock"), ids=lambda c: c["name"])
def test_bedrock_request_matches_botocore_shape(case: dict[str, Any]) -> None:
    """botocore's own validator, which rejects unknown members and wrong types."""
    from botocore.validate import ParamValidator

    op = "ConverseStream" if case["stream"] else "Converse"
    shape = _bedrock_model().operation_model(op).input_shape
    body = json.loads(wire_of(case).body or b"{}")
    report = ParamValidator().validate({"modelId": "m", **body}, shape)
    assert not report.has_errors(), report.generate_report()


@pytest.mark.parametrize("case", provider_cases("bedrock"), ids=lambda c: c["name"])
def test_bedrock_recorded_payloads_match_botocore_shapes(case: dict[str, Any]) -> None:
    """Recorded answers fit botocore's output shapes; recorded streams decode with botocore's
    event-stream parser (CRCs checked) into events of ConverseStream's shapes."""
    from botocore.eventstream import EventStreamBuffer
    from botocore.validate import ParamValidator

    model = _bedrock_model()
    for step in steps_of(case):
        if "json" in step and step.get("status", 200) < 300:
            shape = model.operation_model("Converse").output_shape
            report = ParamValidator().validate(step["json"], shape)
            assert not report.has_errors(), report.generate_report()
        if "eventstream" in step:
            from mock_provider import encode_event

            buf = EventStreamBuffer()
            for e in step["eventstream"]:
                buf.add_data(encode_event(e["headers"], e["payload"]))
            events = model.operation_model("ConverseStream").output_shape.members["stream"]
            for msg in buf:
                h = msg.headers
                kind = h.get(":event-type") or h.get(":exception-type")
                member = events.members[kind]
                report = ParamValidator().validate(json.loads(msg.payload), member)
                assert not report.has_errors(), report.generate_report()


def test_sigv4_signature_equals_botocore() -> None:
    """The same request, time and credentials signed by us and by botocore."""
    from unittest import mock

    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials as BotoCredentials

    from liter_llm.providers import aws

    url = (
        "https://bedrock-runtime.us-west-2.amazonaws.com/model/"
        "anthropic.claude-sonnet-4-5-20250929-v1%3A0/converse-stream"
    )
    body = b'{"messages":[{"role":"user","content":[{"text":"hi \xc3\xa9"}]}]}'
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    when = 1763800000.0  # 2025-11-22T08:26:40Z
    for token in (None, "session-token/xyz=="):
        ours = aws.sign(
            "POST",
            url,
            headers,
            body,
            aws.Credentials("AKIDEXAMPLE", "secret/key+x", token),
            "us-west-2",
            "bedrock",
            now=when,
        )
        req = AWSRequest("POST", url, data=body, headers=dict(headers))
        import datetime

        fixed = datetime.datetime.fromtimestamp(when, datetime.UTC).replace(tzinfo=None)
        with mock.patch("botocore.auth.get_current_datetime", return_value=fixed):
            SigV4Auth(
                BotoCredentials("AKIDEXAMPLE", "secret/key+x", token), "bedrock", "us-west-2"
            ).add_auth(req)
        assert ours["Authorization"] == req.headers["Authorization"]
        assert ours["X-Amz-Date"] == req.headers["X-Amz-Date"]
        assert ours.get("X-Amz-Security-Token") == req.headers.get("X-Amz-Security-Token")
