"""Mistral's native chat and embeddings: OpenAI's shape with Mistral's names. Pure; no I/O.

Requests: ``seed`` -> ``random_seed``, ``tool_choice: "required"`` -> ``"any"``, no
``stream_options``. Answers: reasoning models (Magistral) send ``content`` as a list of
``thinking`` and ``text`` chunks; they become ``reasoning_content`` and a plain string.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from . import openai
from .base import Target, WireRequest, drop_or_reject, no_endpoint

PASSTHROUGH = False
error_from_wire = openai.error_from_wire

# Mistral's OpenAI-shaped endpoints (its moderation and batch APIs have their own shapes)
OPS = frozenset(
    {
        "chat",
        "embed",
        "models",
        "transcribe",
        "file_upload",
        "file_list",
        "file_retrieve",
        "file_content",
        "file_delete",
    }
)

FILE_OPS = frozenset({"file_upload", "file_list", "file_retrieve"})

CAPABILITIES = {
    "chat": True,
    "stream": True,
    "tools": True,
    "structured_output": True,
    "vision": "images (URL, base64); PDFs as document_url via extra_body",
    "reasoning": "reasoning_effort; Magistral thinking chunks as reasoning_content",
    "embeddings": True,
    "auth": "bearer key",
}

# OpenAI parameters Mistral's chat request has no field for (its SDK's request model)
UNSUPPORTED = ("logit_bias", "user", "store", "modalities", "audio")


def to_wire(
    op: str,
    body: dict[str, Any],
    target: Target,
    stream: bool,
    extra: dict[str, Any] | None = None,
) -> WireRequest:
    if op == "chat":
        drop_or_reject(body, UNSUPPORTED, target)
        for p in UNSUPPORTED:
            body.pop(p, None)
        if "seed" in body:
            body["random_seed"] = body.pop("seed")
        if body.get("tool_choice") == "required":
            body["tool_choice"] = "any"
        if "max_completion_tokens" in body:
            body["max_tokens"] = body.pop("max_completion_tokens")
        body.pop("stream_options", None)
    elif op not in OPS:
        raise no_endpoint(op, target)
    return openai.to_wire(op, body, target, stream, extra)


def normalize_message(msg: dict[str, Any]) -> None:
    """Mistral's list-of-chunks content -> a string plus ``reasoning_content``."""
    content = msg.get("content")
    if not isinstance(content, list):
        return
    text: list[str] = []
    thinking: list[str] = []
    for c in content:
        if not isinstance(c, dict):
            continue
        if c.get("type") == "text":
            text.append(c.get("text", ""))
        elif c.get("type") == "thinking":
            for t in c.get("thinking") or ():
                if isinstance(t, dict) and t.get("type") == "text":
                    thinking.append(t.get("text", ""))
    msg["content"] = "".join(text)
    if thinking:
        msg["reasoning_content"] = "".join(thinking)


def from_wire(op: str, raw: bytes, target: Target) -> Any:
    data = openai.from_wire(op, raw, target)
    if op in FILE_OPS:  # Mistral's file objects say size_bytes where OpenAI's say bytes
        for f in data.get("data") or (data,):
            if isinstance(f, dict) and "size_bytes" in f:
                f.setdefault("bytes", f["size_bytes"])
    if op == "chat":
        for ch in data.get("choices") or ():
            if isinstance(ch.get("message"), dict):
                normalize_message(ch["message"])
    return data


class MistralStream(openai.OpenAIStream):
    def feed(self, piece: bytes) -> Iterator[tuple[dict[str, Any], bytes]]:
        for c, raw in super().feed(piece):
            changed = False
            for ch in c.get("choices") or ():
                d = ch.get("delta")
                if isinstance(d, dict) and isinstance(d.get("content"), list):
                    normalize_message(d)
                    changed = True
            yield c, (openai.dumps(c) if changed else raw)


def stream_decoder(target: Target) -> MistralStream:
    return MistralStream(target)
