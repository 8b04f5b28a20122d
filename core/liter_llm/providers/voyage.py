"""Voyage AI: embeddings and rerank. Pure; no I/O.

Embeddings are OpenAI's shape with Voyage's names (``dimensions`` -> ``output_dimension``,
an ``input_type`` of "query" or "document"); usage has only ``total_tokens``. Rerank answers
``data`` rows, mapped to liter_llm's rerank shape.
"""

from __future__ import annotations

from typing import Any

from .. import errors
from . import openai, rerank
from .base import Target, WireRequest, embedding_list, json_object, no_endpoint

PASSTHROUGH = False
OPS = frozenset({"embed", "rerank"})
error_from_wire = openai.error_from_wire

CAPABILITIES = {
    "chat": False,
    "stream": False,
    "tools": False,
    "structured_output": False,
    "vision": False,
    "reasoning": False,
    "embeddings": True,
    "auth": "bearer key",
}

INPUT_TYPES = {"query": "query", "search_query": "query", "document": "document"}
INPUT_TYPES["search_document"] = "document"


def to_wire(
    op: str,
    body: dict[str, Any],
    target: Target,
    stream: bool,
    extra: dict[str, Any] | None = None,
) -> WireRequest:
    base = target.base_url.rstrip("/")
    wire: dict[str, Any] = {"model": target.model}
    if op == "embed":
        wire["input"] = body.get("input")
        if body.get("dimensions") is not None:
            wire["output_dimension"] = body["dimensions"]
        it = body.get("input_type")
        if it is not None:
            if it not in INPUT_TYPES:
                raise errors.InvalidArgumentError(
                    "voyage input_type is 'query' or 'document'", provider=target.provider
                )
            wire["input_type"] = INPUT_TYPES[it]
        path = "/embeddings"
    elif op == "rerank":
        wire["query"] = rerank.query_of(body)
        wire["documents"] = rerank.documents(body)
        if body.get("top_n") is not None:
            wire["top_k"] = body["top_n"]
        if body.get("return_documents") is not None:
            wire["return_documents"] = bool(body["return_documents"])
        path = "/rerank"
    else:
        raise no_endpoint(op, target)
    if extra:
        wire.update(extra)
    return WireRequest("POST", base + path, openai.headers_for(target), openai.dumps(wire))


def from_wire(op: str, raw: bytes, target: Target) -> Any:
    data = json_object(raw, target)
    tokens = int((data.get("usage") or {}).get("total_tokens") or 0)
    if op == "rerank":
        return rerank.answer(
            target,
            (
                (r.get("index"), r.get("relevance_score"), r.get("document"))
                for r in data.get("data") or ()
            ),
            {"total_tokens": tokens},
        )
    rows = sorted(data.get("data") or (), key=lambda d: d.get("index", 0))
    vectors = [d.get("embedding") for d in rows]
    return embedding_list(data.get("model") or target.model, vectors, tokens)
