"""What the fuzzer drives: every decoder of untrusted bytes, and the C ABI's inputs.

``run(data)`` feeds one input to one target (its first byte picks which). The rule under
test: only a ``LiterLlmError`` may come out, and never ``internal`` (a bug). Shared by the
coverage-guided fuzzer (fuzz.py, atheris) and the regression test that replays every kept
crash (tests/test_fuzz_regressions.py).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from liter_llm import errors, ffi_entry
from liter_llm._engine import (
    ADAPTERS,
    SHAPE_ERRORS,
    Engine,
    _shape_error,
    decode_error,
    decode_response,
    feed,
)
from liter_llm.config import ClientConfig
from liter_llm.providers import aws
from liter_llm.providers.base import Target
from liter_llm.providers.registry import get as spec_of
from liter_llm.streaming import ChunkAccumulator

PROVIDERS = {  # adapter -> (a provider using it, its settings)
    "openai": ("openai", {}),
    "anthropic": ("anthropic", {}),
    "gemini": ("gemini", {}),
    "cohere": ("cohere", {}),
    "mistral": ("mistral", {}),
    "bedrock": ("bedrock", {"region": "us-east-1"}),
    "azure": ("azure", {"api_version": "2024-10-21"}),
}
ENGINE = Engine(ClientConfig.from_dict({"api_key": "k"}))


class Bug(Exception):
    """An outcome that breaks the rule (a crash input for the fuzzer)."""


def _target(adapter: str) -> Target:
    name, settings = PROVIDERS[adapter]
    spec = spec_of(name)
    assert spec is not None, name
    return Target(spec, "m", spec.base_url or "https://x.invalid", "k", {}, settings)


def _guard(fn: Callable[[], Any]) -> None:
    try:
        fn()
    except errors.LiterLlmError as e:
        if e.label == "internal":
            raise Bug(f"internal error: {e.message}") from e
    except RecursionError:
        raise Bug("RecursionError escaped") from None
    except Exception as e:
        raise Bug(f"{type(e).__name__} escaped: {e}") from e


def _split_points(data: bytes) -> list[bytes]:
    """Cut the body into pieces at positions the input itself picks (first byte: step)."""
    if not data:
        return [b""]
    step = 1 + data[0] % 37
    body = data[1:]
    return [body[i : i + step] for i in range(0, len(body), step)] or [b""]


def stream(adapter: str, data: bytes) -> None:
    def go() -> None:
        t = _target(adapter)
        dec = ADAPTERS[adapter].stream_decoder(t)
        acc = ChunkAccumulator()
        for piece in _split_points(data):  # the engine's stream loop, without the network
            items, failed = feed(dec, acc, piece, t)
            for _chunk, raw in items:
                json.loads(raw)  # what is handed on must be JSON text
            if failed is not None:
                raise failed
            if dec.done:
                break
        else:
            dec.end(acc.finished)
        try:
            acc.result()
        except SHAPE_ERRORS as e:
            raise _shape_error(e, "stream chunks", t) from None

    _guard(go)


def response(adapter: str, op: str, data: bytes) -> None:
    _guard(lambda: decode_response(ADAPTERS[adapter], op, data, _target(adapter)))


def error_body(adapter: str, data: bytes) -> None:
    status = 400 + (data[0] % 200 if data else 0)
    _guard(
        lambda: decode_error(
            ADAPTERS[adapter],
            status,
            {"retry-after": data[1:20].decode("latin-1")},
            data,
            _target(adapter),
        )
    )


def event_stream(data: bytes) -> None:
    def go() -> None:
        dec = aws.EventStreamDecoder()
        for piece in _split_points(data):
            for m in dec.feed(piece):
                m.json()

    _guard(go)


def abi_request(data: bytes) -> None:
    """The C ABI's request path short of the network: parse, split, resolve, translate."""

    def go() -> None:
        req = ffi_entry.parse_json(data, "request")
        op = "chat" if not isinstance(req, dict) or "input" not in req else "embed"
        body, opts = ENGINE._split(op, req)
        t = ENGINE.target(body.get("model"), opts)
        ADAPTERS[t.spec.adapter].to_wire(op, dict(body), t, bool(body.get("stream")), None)

    _guard(go)


def abi_config(data: bytes) -> None:
    env, h = ffi_entry.client_new(data)
    out = json.loads(env)
    if h:
        ffi_entry.client_free(h)
    elif out["error"]["label"] == "internal":
        raise Bug(f"client_new internal: {out['error']['message']}")


def abi_op(data: bytes) -> None:
    out = json.loads(ffi_entry.call(0, data, b"{}"))
    if (
        out["ok"]
        or out["error"]["label"] != "invalid_argument"
        or len(out["error"]["message"]) > 600
    ):
        raise Bug(f"op answer: {out}")


ADAPTER_NAMES = sorted(PROVIDERS)
TARGETS: list[Callable[[bytes], None]] = [
    *(lambda d, a=a: stream(a, d) for a in ADAPTER_NAMES),
    *(lambda d, a=a: response(a, "chat", d) for a in ADAPTER_NAMES),
    *(lambda d, a=a: response(a, "embed", d) for a in ADAPTER_NAMES),
    *(lambda d, a=a: error_body(a, d) for a in ADAPTER_NAMES),
    event_stream,
    abi_request,
    abi_config,
    abi_op,
]


def run(data: bytes) -> None:
    if not data:
        return
    TARGETS[data[0] % len(TARGETS)](data[1:])


def selector(kind: str, adapter: str | None = None) -> bytes:
    """The first byte that sends an input to one target (for seeds and kept crashes)."""
    names = ADAPTER_NAMES
    base = {"stream": 0, "chat": len(names), "embed": 2 * len(names), "error": 3 * len(names)}
    if kind in base:
        assert adapter is not None
        return bytes([base[kind] + names.index(adapter)])
    rest = ["event_stream", "abi_request", "abi_config", "abi_op"]
    return bytes([4 * len(names) + rest.index(kind)])


def seeds() -> list[bytes]:
    """Starting inputs for the fuzzer: the recorded payloads of the shared fixtures, each
    addressed to the decoder it belongs to, plus requests and configs of the C ABI."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from fixturelib import load_cases, steps_of

    out: list[bytes] = []
    for c in load_cases():
        out.append(selector("abi_request") + json.dumps(c["request"]).encode())
        if c.get("config"):
            out.append(selector("abi_config") + json.dumps(c["config"]).encode())
        model = str(c["request"].get("model", ""))
        adapter = model.split("/", 1)[0] if "/" in model else "openai"
        adapter = {"vertex": "gemini"}.get(adapter, adapter)
        if adapter not in PROVIDERS:
            adapter = "openai"
        for step in steps_of(c):
            if "json" in step and step.get("status", 200) < 300:
                kind = "embed" if c["op"] == "embed" else "chat"
                out.append(selector(kind, adapter) + json.dumps(step["json"]).encode())
            elif "json" in step:
                out.append(selector("error", adapter) + b"\x00" + json.dumps(step["json"]).encode())
            elif "sse" in step:
                body = "".join(
                    "data: " + (e if isinstance(e, str) else json.dumps(e)) + "\n\n"
                    for e in step["sse"]
                )
                out.append(selector("stream", adapter) + b"\x07" + body.encode())
    return out
