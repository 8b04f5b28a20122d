"""Cohere API v2 chat and embed: pure translation, no I/O.

``POST {base}/v2/chat`` and ``/v2/embed`` with a bearer key. v2 messages are close to
OpenAI's (roles, tool calls with JSON-text arguments, tool results by call id); parameters
are renamed (``top_p`` -> ``p``, ``stop`` -> ``stop_sequences``), answers carry content
blocks, and streams are typed SSE events ending with ``message-end``.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from .. import errors
from . import rerank
from .base import (
    CHAT_PARAMS,
    SSEChunks,
    Target,
    WireRequest,
    check_known,
    chunk,
    classify,
    completion,
    drop_or_reject,
    embedding_list,
    error_payload,
    function_of,
    json_object,
    loads_object,
    make_error,
    no_endpoint,
    text_of,
    unsupported,
)
from .openai import dumps

PASSTHROUGH = False

OPS = frozenset({"chat", "embed", "models", "rerank"})

CAPABILITIES = {
    "chat": True,
    "stream": True,
    "tools": True,
    "structured_output": True,
    "vision": "images (URL, base64)",
    "reasoning": "reasoning_effort -> thinking (enabled/disabled)",
    "embeddings": True,
    "auth": "bearer key",
}

KNOWN = CHAT_PARAMS | {
    "seed",
    "frequency_penalty",
    "presence_penalty",
    "logprobs",
    "parallel_tool_calls",
    "user",
}

FINISH = {
    "COMPLETE": "stop",
    "STOP_SEQUENCE": "stop",
    "MAX_TOKENS": "length",
    "TOOL_CALL": "tool_calls",
    "ERROR": "stop",
    "TIMEOUT": "stop",
}

STATUS_LABELS = {498: "authentication", 499: "cancelled"}


def headers_for(target: Target) -> dict[str, str]:
    h = {"Content-Type": "application/json", "Accept": "application/json"}
    if target.api_key:
        h["Authorization"] = f"Bearer {target.api_key}"
    h.update(target.headers)
    return h


def to_wire(
    op: str,
    body: dict[str, Any],
    target: Target,
    stream: bool,
    extra: dict[str, Any] | None = None,
) -> WireRequest:
    base = target.base_url.rstrip("/")
    if op == "chat":
        wire, path = chat_body(body, target, stream), "/v2/chat"
    elif op == "embed":
        wire, path = embed_body(body, target), "/v2/embed"
    elif op == "rerank":
        wire, path = rerank_body(body, target), "/v2/rerank"
    elif op == "models":
        return WireRequest("GET", base + "/v1/models", headers_for(target), None, False)
    else:
        raise no_endpoint(op, target)
    if extra:
        wire.update(extra)
    return WireRequest("POST", base + path, headers_for(target), dumps(wire), stream)


def chat_body(body: Mapping[str, Any], target: Target, stream: bool) -> dict[str, Any]:
    check_known(body, KNOWN, target)
    if (body.get("n") or 1) != 1:
        drop_or_reject(body, ("n",), target, "one choice per request")
    if body.get("user") or body.get("parallel_tool_calls") is False:
        drop_or_reject(body, ("user", "parallel_tool_calls"), target)
    out: dict[str, Any] = {
        "model": target.model,
        "messages": [message_of(m, target) for m in body["messages"]],
    }
    for ours, theirs in (
        ("temperature", "temperature"),
        ("top_p", "p"),
        ("seed", "seed"),
        ("frequency_penalty", "frequency_penalty"),
        ("presence_penalty", "presence_penalty"),
        ("logprobs", "logprobs"),
    ):
        if body.get(ours) is not None:
            out[theirs] = body[ours]
    mt = body.get("max_completion_tokens") or body.get("max_tokens")
    if mt:
        out["max_tokens"] = int(mt)
    stop = body.get("stop")
    if stop:
        out["stop_sequences"] = [stop] if isinstance(stop, str) else list(stop)
    if body.get("tools"):
        out["tools"] = [tool_of(t, target) for t in body["tools"]]
    choice = body.get("tool_choice")
    if choice in ("required", "none"):
        out["tool_choice"] = choice.upper()
    elif isinstance(choice, dict):
        drop_or_reject(body, ("tool_choice",), target, "Cohere cannot force one named tool")
    rf = body.get("response_format")
    if isinstance(rf, dict) and rf.get("type") == "json_object":
        out["response_format"] = {"type": "json_object"}
    elif isinstance(rf, dict) and rf.get("type") == "json_schema":
        schema = (rf.get("json_schema") or {}).get("schema") or {}
        out["response_format"] = {"type": "json_object", "json_schema": schema}
    effort = body.get("reasoning_effort")
    if effort is not None:
        out["thinking"] = {"type": "disabled" if effort == "none" else "enabled"}
    if stream:
        out["stream"] = True
    return out


def tool_of(t: Any, target: Target) -> dict[str, Any]:
    fn = function_of(t, target)
    f: dict[str, Any] = {"name": fn.get("name")}
    if fn.get("description"):
        f["description"] = fn["description"]
    f["parameters"] = fn.get("parameters") or {"type": "object", "properties": {}}
    return {"type": "function", "function": f}


def message_of(m: Any, target: Target) -> dict[str, Any]:
    if not isinstance(m, dict):
        raise errors.InvalidArgumentError("each message must be an object")
    role = m.get("role")
    content = m.get("content")
    if role in ("system", "developer"):
        return {"role": "system", "content": text_of(content)}
    if role == "user":
        return {"role": "user", "content": user_content(content, target)}
    if role == "assistant":
        out: dict[str, Any] = {"role": "assistant"}
        if content:
            out["content"] = text_of(content)
        if m.get("tool_calls"):
            out["tool_calls"] = tool_calls_of(m["tool_calls"])
        return out
    if role == "tool":
        return {"role": "tool", "tool_call_id": m.get("tool_call_id"), "content": text_of(content)}
    raise errors.InvalidArgumentError(f"unknown message role {role!r}")


def tool_calls_of(calls: list[Any]) -> list[dict[str, Any]]:
    """Tool calls in the one shape Cohere v2 and OpenAI share (JSON-text arguments)."""
    out = []
    for tc in calls:
        fn = tc.get("function") or {}
        out.append(
            {
                "id": tc.get("id"),
                "type": "function",
                "function": {"name": fn.get("name"), "arguments": fn.get("arguments") or "{}"},
            }
        )
    return out


def user_content(content: Any, target: Target) -> Any:
    if isinstance(content, str):
        return content
    if not isinstance(content, list):
        raise errors.InvalidArgumentError("message content must be a string or a list of parts")
    out: list[dict[str, Any]] = []
    for p in content:
        kind = p.get("type") if isinstance(p, dict) else None
        if kind == "text":
            out.append({"type": "text", "text": p.get("text", "")})
        elif kind == "image_url":
            out.append({"type": "image_url", "image_url": {"url": p["image_url"]["url"]}})
        else:
            raise unsupported(f"content part {kind!r}", target)
    return out


def embed_body(body: Mapping[str, Any], target: Target) -> dict[str, Any]:
    texts = body.get("input")
    if isinstance(texts, str):
        texts = [texts]
    if not isinstance(texts, list) or not all(isinstance(x, str) for x in texts):
        raise unsupported("input", target, "Cohere embeds text strings")
    out: dict[str, Any] = {
        "model": target.model,
        "texts": texts,
        "input_type": body.get("input_type") or "search_document",
        "embedding_types": ["float"],
    }
    if body.get("dimensions"):
        out["output_dimension"] = body["dimensions"]
    return out


def rerank_body(body: Mapping[str, Any], target: Target) -> dict[str, Any]:
    out: dict[str, Any] = {
        "model": target.model,
        "query": rerank.query_of(body),
        "documents": rerank.documents(body),
    }
    if body.get("top_n") is not None:
        out["top_n"] = body["top_n"]
    if body.get("max_tokens_per_doc") is not None:
        out["max_tokens_per_doc"] = body["max_tokens_per_doc"]
    return out


# ---------------------------------------------------------------------------- responses
def usage_of(u: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if not u:
        return None
    tok = u.get("tokens") or u.get("billed_units") or {}
    prompt = int(tok.get("input_tokens") or 0)
    completion = int(tok.get("output_tokens") or 0)
    return {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
        "prompt_tokens_details": {"cached_tokens": int(u.get("cached_tokens") or 0)},
    }


def from_wire(op: str, raw: bytes, target: Target) -> Any:
    data = json_object(raw, target)
    if op == "embed":
        vectors = (data.get("embeddings") or {}).get("float") or []
        tokens = ((data.get("meta") or {}).get("billed_units") or {}).get("input_tokens") or 0
        return embedding_list(target.model, vectors, int(tokens))
    if op == "rerank":
        billed = (data.get("meta") or {}).get("billed_units") or {}
        units = billed.get("search_units")
        return rerank.answer(
            target,
            ((r.get("index"), r.get("relevance_score"), None) for r in data.get("results") or ()),
            {"search_units": units} if units is not None else None,
            data.get("id"),
        )
    if op == "models":
        return {
            "object": "list",
            "data": [
                {"id": m.get("name"), "object": "model", "created": 0, "owned_by": "cohere"}
                for m in data.get("models") or ()
            ],
        }
    m = data.get("message")
    if not isinstance(m, dict):
        raise errors.InvalidResponseError(
            "chat response has no 'message'", provider=target.provider, model=target.model
        )
    texts, thinking = [], []
    for block in m.get("content") or ():
        if block.get("type") == "text":
            texts.append(block.get("text", ""))
        elif block.get("type") == "thinking":
            thinking.append(block.get("thinking", ""))
    msg: dict[str, Any] = {"role": "assistant", "content": "".join(texts) if texts else None}
    if m.get("tool_calls"):
        msg["tool_calls"] = tool_calls_of(m["tool_calls"])
    if thinking or m.get("tool_plan"):
        msg["reasoning_content"] = "".join(thinking) or m.get("tool_plan")
    return completion(
        data.get("id", ""),
        target.model,
        msg,
        FINISH.get(data.get("finish_reason") or "", "stop"),
        usage_of(data.get("usage")),
    )


def error_from_body(
    status: int | None, payload: Any, target: Target, headers: Mapping[str, str] | None = None
) -> errors.LiterLlmError:
    if isinstance(payload, dict):
        msg = str(payload.get("message") or payload.get("error") or f"HTTP {status}")
    else:
        msg = str(payload)[:500] if payload else f"HTTP {status}"
    label = STATUS_LABELS.get(status or 0) or classify(status, None, msg)
    return make_error(label, msg, target, status=status, headers=headers)


def error_from_wire(
    status: int, headers: Mapping[str, str], raw: bytes, target: Target
) -> errors.LiterLlmError:
    payload = error_payload(raw)
    return error_from_body(status, payload, target, headers)


# ---------------------------------------------------------------------------- streams
class Events:
    def __init__(self, target: Target) -> None:
        self.target = target
        self.done = False
        self.id = ""
        self.created = int(time.time())

    def _chunk(
        self,
        delta: dict[str, Any] | None,
        finish: str | None = None,
        usage: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        return chunk(self.id, self.target.model, self.created, delta, finish, usage)

    def event(self, name: str | None, data: str) -> list[dict[str, Any]]:
        ev = loads_object(data, self.target)
        kind = ev.get("type") or name
        delta = ev.get("delta") or {}
        msg = delta.get("message") or {}
        if kind == "message-start":
            self.id = ev.get("id") or self.id
            return [self._chunk({"role": "assistant", "content": ""})]
        if kind in ("content-start", "content-delta"):
            c = msg.get("content") or {}
            if c.get("thinking"):
                return [self._chunk({"reasoning_content": c["thinking"]})]
            if c.get("text"):
                return [self._chunk({"content": c["text"]})]
            return []
        if kind == "tool-plan-delta":
            plan = msg.get("tool_plan")
            return [self._chunk({"reasoning_content": plan})] if plan else []
        if kind == "tool-call-start":
            tc = msg.get("tool_calls") or {}
            fn = tc.get("function") or {}
            call = {
                "index": ev.get("index", 0),
                "id": tc.get("id"),
                "type": "function",
                "function": {"name": fn.get("name"), "arguments": fn.get("arguments") or ""},
            }
            return [self._chunk({"tool_calls": [call]})]
        if kind == "tool-call-delta":
            args = ((msg.get("tool_calls") or {}).get("function") or {}).get("arguments")
            if not args:
                return []
            return [
                self._chunk(
                    {"tool_calls": [{"index": ev.get("index", 0), "function": {"arguments": args}}]}
                )
            ]
        if kind == "message-end":
            self.done = True
            reason = delta.get("finish_reason")
            if reason == "ERROR":
                raise make_error(
                    "server_error",
                    str(delta.get("error") or "the provider ended with ERROR"),
                    self.target,
                )
            return [
                self._chunk({}, FINISH.get(reason or "", "stop")),
                self._chunk(None, usage=usage_of(delta.get("usage"))),
            ]
        return []  # content-end, tool-call-end, citations, debug


def stream_decoder(target: Target) -> SSEChunks:
    return SSEChunks(Events(target), target)
