"""Rerank, shared by every adapter that has it: the request's documents and the one answer
shape liter_llm gives (Cohere's, the one rerank servers converge on). Pure; no I/O.

Request: ``{"model", "query", "documents": [str | {"text": str}], "top_n"?,
"return_documents"?}``. Answer: ``{"object": "list", "id"?, "model", "results": [{"index",
"relevance_score", "document"?: {"text"}}], "usage": {...}}``, best first.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from .. import errors
from .base import Target


def query_of(body: Mapping[str, Any]) -> str:
    q = body.get("query")
    if not isinstance(q, str) or not q:
        raise errors.InvalidArgumentError("rerank needs a 'query' string")
    return q


def documents(body: Mapping[str, Any]) -> list[str]:
    """The documents as strings (``{"text": ...}`` objects unwrapped)."""
    docs = body.get("documents")
    if not isinstance(docs, list) or not docs:
        raise errors.InvalidArgumentError("rerank needs a non-empty 'documents' list")
    out: list[str] = []
    for d in docs:
        if isinstance(d, Mapping):
            d = d.get("text")
        if not isinstance(d, str):
            raise errors.InvalidArgumentError(
                "rerank documents must be strings or {'text': string} objects"
            )
        out.append(d)
    return out


def answer(
    target: Target,
    scored: Iterable[tuple[Any, Any, Any]],
    usage: dict[str, Any] | None,
    id_: Any = None,
) -> dict[str, Any]:
    """The answer from ``(index, score, document text or None)`` rows, best first."""
    results = []
    for index, score, doc in scored:
        if not isinstance(index, int) or isinstance(index, bool):
            raise errors.InvalidResponseError(
                "rerank result without an integer index", provider=target.provider
            )
        r: dict[str, Any] = {"index": index, "relevance_score": float(score)}
        if isinstance(doc, Mapping):
            doc = doc.get("text")
        if isinstance(doc, str):
            r["document"] = {"text": doc}
        results.append(r)
    results.sort(key=lambda r: -r["relevance_score"])
    out: dict[str, Any] = {"object": "list", "model": target.model, "results": results}
    if id_ is not None:
        out["id"] = id_
    if usage:
        out["usage"] = usage
    return out
