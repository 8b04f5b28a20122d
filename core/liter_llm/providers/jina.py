"""Jina AI: embeddings and rerank. Pure; no I/O.

Embeddings take OpenAI's body plus Jina's ``task`` (an ``input_type`` of "query" or
"document" becomes ``retrieval.query`` / ``retrieval.passage``) and answer in OpenAI's shape.
Rerank is Cohere's shape already (``results`` with ``relevance_score``).
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
    "vision": "image inputs to multimodal embedding models",
    "reasoning": False,
    "embeddings": True,
    "auth": "bearer key",
}

TASKS = {"query": "retrieval.query", "search_query": "retrieval.query"}
TASKS |= {"document": "retrieval.passage", "search_document": "retrieval.passage"}


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
        for k in ("dimensions", "task", "late_chunking", "normalized", "embedding_type"):
            if body.get(k) is not None:
                wire[k] = body[k]
        it = body.get("input_type")
        if it is not None:
            if it not in TASKS:
                raise errors.InvalidArgumentError(
                    "jina input_type is 'query' or 'document' (or pass 'task')",
                    provider=target.provider,
                )
            wire.setdefault("task", TASKS[it])
        path = "/embeddings"
    elif op == "rerank":
        wire["query"] = rerank.query_of(body)
        wire["documents"] = rerank.documents(body)
        for k in ("top_n", "return_documents"):
            if body.get(k) is not None:
                wire[k] = body[k]
        path = "/rerank"
    else:
        raise no_endpoint(op, target)
    if extra:
        wire.update(extra)
    return WireRequest("POST", base + path, openai.headers_for(target), openai.dumps(wire))


def from_wire(op: str, raw: bytes, target: Target) -> Any:
    data = json_object(raw, target)
    usage = data.get("usage") or {}
    total = int(usage.get("total_tokens") or 0)
    if op == "rerank":
        return rerank.answer(
            target,
            (
                (r.get("index"), r.get("relevance_score"), r.get("document"))
                for r in data.get("results") or ()
            ),
            {"total_tokens": total},
        )
    prompt = int(usage.get("prompt_tokens") or total)
    rows = sorted(data.get("data") or (), key=lambda d: d.get("index", 0))
    vectors = [d.get("embedding") for d in rows]
    return embedding_list(data.get("model") or target.model, vectors, prompt, total)
