"""Anthropic Messages API (and Anthropic-compatible servers): pure translation, no I/O.

OpenAI-shaped request -> ``POST {base}/v1/messages``; the answer, stream events and error
bodies -> OpenAI's shapes. API version 2026-10-21 (the default, as the current SDKs send)
takes no sampling parameters: ``temperature``/``top_p`` are then ``unsupported`` (or dropped
with ``drop_params``); with ``anthropic_version: "2023-06-01"`` they are sent.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from typing import Any

from .. import errors
from .base import (
    CHAT_PARAMS,
    SSEChunks,
    Target,
    WireRequest,
    append_turn,
    check_known,
    chunk,
    classify,
    completion,
    counted,
    drop_or_reject,
    error_payload,
    function_of,
    json_object,
    loads_object,
    make_error,
    no_endpoint,
    parse_data_url,
    text_of,
    tool_arguments,
    unsupported,
)
from .openai import dumps

PASSTHROUGH = False
COUNT_TOKENS = True  # POST /v1/messages/count_tokens
DEFAULT_VERSION = "2026-10-21"
SAMPLING_REMOVED_IN = "2026-10-21"
DEFAULT_MAX_TOKENS = 4096

OPS = frozenset({"chat", "models", "count_tokens"})

CAPABILITIES = {
    "chat": True,
    "stream": True,
    "tools": True,
    "structured_output": "json_schema (output_config.format); no schema-less JSON mode",
    "vision": "images (URL, base64), PDF documents",
    "reasoning": "reasoning_effort -> adaptive thinking + effort; reasoning_content",
    "embeddings": False,
    "auth": "x-api-key; custom base URLs",
}

KNOWN = CHAT_PARAMS | {"parallel_tool_calls", "user", "metadata"}

FINISH = {
    "end_turn": "stop",
    "stop_sequence": "stop",
    "pause_turn": "stop",
    "max_tokens": "length",
    "model_context_window_exceeded": "length",
    "tool_use": "tool_calls",
    "refusal": "content_filter",
}

ERROR_LABELS = {
    "invalid_request_error": "invalid_request",
    "authentication_error": "authentication",
    "permission_error": "permission_denied",
    "billing_error": "permission_denied",
    "not_found_error": "not_found",
    "rate_limit_error": "rate_limited",
    "timeout_error": "timeout",
    "api_error": "server_error",
    "overloaded_error": "service_unavailable",
    "conflict_error": "invalid_request",
}

EFFORTS = {"minimal": "low", "low": "low", "medium": "medium", "high": "high", "xhigh": "xhigh"}


def headers_for(target: Target) -> dict[str, str]:
    h = {
        "Content-Type": "application/json",
        "Accept": "application/json",
        "anthropic-version": version_of(target),
    }
    if target.api_key:
        h["x-api-key"] = target.api_key
    h.update(target.headers)
    return h


def version_of(target: Target) -> str:
    v = target.headers.get("anthropic-version") or target.setting("anthropic_version")
    return str(v or DEFAULT_VERSION)


def to_wire(
    op: str,
    body: dict[str, Any],
    target: Target,
    stream: bool,
    extra: dict[str, Any] | None = None,
) -> WireRequest:
    base = target.base_url.rstrip("/")
    if op == "models":
        return WireRequest("GET", base + "/v1/models", headers_for(target), None, False)
    if op == "count_tokens":  # the Messages body without what a count does not take
        wire = request_body(body, target, False)
        for k in ("max_tokens", "temperature", "top_p", "stop_sequences", "stream"):
            wire.pop(k, None)
        url = base + "/v1/messages/count_tokens"
        return WireRequest("POST", url, headers_for(target), dumps(wire), False)
    if op != "chat":
        raise no_endpoint(op, target)
    wire = request_body(body, target, stream)
    if extra:
        wire.update(extra)
    return WireRequest("POST", base + "/v1/messages", headers_for(target), dumps(wire), stream)


def request_body(body: Mapping[str, Any], target: Target, stream: bool) -> dict[str, Any]:
    """The Messages API body of an OpenAI chat request."""
    check_known(body, KNOWN, target)
    if (body.get("n") or 1) != 1:
        drop_or_reject(body, ("n",), target, "one choice per request")
    system, messages = convert_messages(body["messages"], target)
    out: dict[str, Any] = {"model": target.model, "messages": messages}
    if system:
        out["system"] = system
    mt = body.get("max_completion_tokens") or body.get("max_tokens")
    out["max_tokens"] = int(mt) if mt else DEFAULT_MAX_TOKENS
    if version_of(target) >= SAMPLING_REMOVED_IN:
        drop_or_reject(body, ("temperature", "top_p"), target, f"API version {version_of(target)}")
    else:
        t = body.get("temperature")
        if t is not None:
            if not 0 <= t <= 1 and not target.drop_params:
                raise unsupported("temperature", target, "Anthropic takes 0 to 1")
            out["temperature"] = min(max(float(t), 0.0), 1.0)
        if body.get("top_p") is not None:
            out["top_p"] = body["top_p"]
    stop = body.get("stop")
    if stop:
        out["stop_sequences"] = [stop] if isinstance(stop, str) else list(stop)
    if stream:
        out["stream"] = True
    tools = body.get("tools")
    if tools:
        out["tools"] = [convert_tool(t, target) for t in tools]
    choice = convert_tool_choice(body.get("tool_choice"), body.get("parallel_tool_calls"))
    if choice and (tools or choice.get("type") == "none"):
        out["tool_choice"] = choice
    output_config: dict[str, Any] = {}
    rf = body.get("response_format")
    if isinstance(rf, dict) and rf.get("type") == "json_schema":
        js = rf.get("json_schema") or {}
        output_config["format"] = {"type": "json_schema", "schema": js.get("schema") or {}}
    elif isinstance(rf, dict) and rf.get("type") == "json_object":
        drop_or_reject(body, ("response_format",), target, "JSON mode needs a json_schema")
    effort = body.get("reasoning_effort")
    if effort == "none":
        out["thinking"] = {"type": "disabled"}
    elif effort is not None:
        if effort not in EFFORTS:
            raise errors.InvalidArgumentError(f"unknown reasoning_effort {effort!r}")
        out["thinking"] = {"type": "adaptive"}
        output_config["effort"] = EFFORTS[effort]
    if output_config:
        out["output_config"] = output_config
    user = body.get("user") or (body.get("metadata") or {}).get("user_id")
    if user:
        out["metadata"] = {"user_id": str(user)}
    return out


def convert_tool(tool: Any, target: Target) -> dict[str, Any]:
    fn = function_of(tool, target)
    out: dict[str, Any] = {
        "name": fn.get("name"),
        "input_schema": fn.get("parameters") or {"type": "object", "properties": {}},
    }
    if fn.get("description"):
        out["description"] = fn["description"]
    if fn.get("strict"):
        out["strict"] = True
    return out


def convert_tool_choice(choice: Any, parallel: Any) -> dict[str, Any] | None:
    out: dict[str, Any] | None
    if choice is None:
        out = {"type": "auto"} if parallel is False else None
    elif choice == "auto":
        out = {"type": "auto"}
    elif choice == "none":
        out = {"type": "none"}
    elif choice == "required":
        out = {"type": "any"}
    elif isinstance(choice, dict) and choice.get("type") == "function":
        out = {"type": "tool", "name": (choice.get("function") or {}).get("name")}
    else:
        raise errors.InvalidArgumentError(f"unknown tool_choice {choice!r}")
    if out is not None and parallel is False and out["type"] != "none":
        out["disable_parallel_tool_use"] = True
    return out


def convert_messages(
    msgs: list[Any], target: Target
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(system blocks, messages): system/developer turns are lifted out, tool results become
    ``tool_result`` blocks of a user turn, and adjacent turns of one role are merged."""
    system: list[dict[str, Any]] = []
    out: list[dict[str, Any]] = []

    def add(role: str, blocks: list[dict[str, Any]]) -> None:
        append_turn(out, role, blocks, "content")

    for m in msgs:
        if not isinstance(m, dict):
            raise errors.InvalidArgumentError("each message must be an object")
        role = m.get("role")
        content = m.get("content")
        if role in ("system", "developer"):
            text = text_of(content)
            if text:
                system.append({"type": "text", "text": text})
        elif role == "user":
            add("user", content_blocks(content, target))
        elif role == "assistant":
            blocks = content_blocks(content, target) if content else []
            for tc in m.get("tool_calls") or ():
                fn = tc.get("function") or {}
                blocks.append(
                    {
                        "type": "tool_use",
                        "id": tc.get("id"),
                        "name": fn.get("name"),
                        "input": tool_arguments(fn.get("arguments")),
                    }
                )
            if blocks:
                add("assistant", blocks)
        elif role == "tool":
            add(
                "user",
                [
                    {
                        "type": "tool_result",
                        "tool_use_id": m.get("tool_call_id"),
                        "content": text_of(content),
                    }
                ],
            )
        else:
            raise errors.InvalidArgumentError(f"unknown message role {role!r}")
    if not out:
        raise errors.InvalidArgumentError("the conversation needs a user message")
    return system, out


def content_blocks(content: Any, target: Target) -> list[dict[str, Any]]:
    if isinstance(content, str):
        return [{"type": "text", "text": content}]
    if not isinstance(content, list):
        raise errors.InvalidArgumentError("message content must be a string or a list of parts")
    blocks: list[dict[str, Any]] = []
    for part in content:
        kind = part.get("type") if isinstance(part, dict) else None
        if kind == "text":
            blocks.append({"type": "text", "text": part.get("text", "")})
        elif kind == "image_url":
            url = (part.get("image_url") or {}).get("url", "")
            blocks.append({"type": "image", "source": source_of(url)})
        elif kind == "file":
            f = part.get("file") or {}
            data = f.get("file_data")
            if not data:
                raise unsupported("file.file_id", target, "send the file's data as a data URL")
            src = source_of(data)
            blocks.append({"type": "document", "source": src})
        else:
            raise unsupported(f"content part {kind!r}", target)
    return blocks


def source_of(url: str) -> dict[str, Any]:
    parsed = parse_data_url(url)
    if parsed is None:
        return {"type": "url", "url": url}
    media, data = parsed
    return {"type": "base64", "media_type": media, "data": data}


# ---------------------------------------------------------------------------- responses
def usage_of(u: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if not u:
        return None
    cached = u.get("cache_read_input_tokens") or 0
    created = u.get("cache_creation_input_tokens") or 0
    prompt = (u.get("input_tokens") or 0) + cached + created
    completion = u.get("output_tokens") or 0
    details: dict[str, Any] = {"cached_tokens": cached}
    if created:  # cache writes, priced apart (OpenAI's shape has no field for them)
        details["cache_creation_tokens"] = created
        hour = (u.get("cache_creation") or {}).get("ephemeral_1h_input_tokens")
        if isinstance(hour, int) and hour:
            details["cache_creation_1h_tokens"] = hour
    out: dict[str, Any] = {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
        "prompt_tokens_details": details,
    }
    thinking = (u.get("output_tokens_details") or {}).get("thinking_tokens")
    if thinking is not None:
        out["completion_tokens_details"] = {"reasoning_tokens": thinking}
    return out


def from_wire(op: str, raw: bytes, target: Target) -> Any:
    data = json_object(raw, target)
    if data.get("type") == "error":
        raise error_from_body(None, data, target)
    if op == "models":
        return {
            "object": "list",
            "data": [
                {"id": m.get("id"), "object": "model", "created": 0, "owned_by": "anthropic"}
                for m in data.get("data") or ()
            ],
        }
    if op == "count_tokens":
        return counted(data.get("input_tokens"), target)
    return completion_of(data, target)


def completion_of(data: Mapping[str, Any], target: Target) -> dict[str, Any]:
    blocks = data.get("content")
    if not isinstance(blocks, list):
        raise errors.InvalidResponseError(
            "message has no 'content' list", provider=target.provider, model=target.model
        )
    texts: list[str] = []
    thinking: list[str] = []
    calls: list[dict[str, Any]] = []
    for b in blocks:
        kind = b.get("type")
        if kind == "text":
            texts.append(b.get("text", ""))
        elif kind == "thinking":
            thinking.append(b.get("thinking", ""))
        elif kind == "tool_use":
            calls.append(
                {
                    "id": b.get("id"),
                    "type": "function",
                    "function": {
                        "name": b.get("name"),
                        "arguments": json.dumps(b.get("input") or {}, ensure_ascii=False),
                    },
                }
            )
    msg: dict[str, Any] = {"role": "assistant", "content": "".join(texts) if texts else None}
    if calls:
        msg["tool_calls"] = calls
    if thinking:
        msg["reasoning_content"] = "".join(thinking)
    if data.get("stop_reason") == "refusal" and not texts:
        msg["refusal"] = ""
    return completion(
        data.get("id", ""),
        data.get("model") or target.model,
        msg,
        FINISH.get(data.get("stop_reason") or "", "stop"),
        usage_of(data.get("usage")),
    )


def error_from_body(
    status: int | None, payload: Any, target: Target, headers: Mapping[str, str] | None = None
) -> errors.LiterLlmError:
    err = payload.get("error") if isinstance(payload, dict) else None
    if isinstance(err, dict):
        kind = str(err.get("type") or "")
        msg = str(err.get("message") or kind or f"HTTP {status}")
    else:
        kind, msg = "", (str(payload)[:500] if payload else f"HTTP {status}")
    label = ERROR_LABELS.get(kind)
    if label == "invalid_request":
        label = classify(400, None, msg)  # "prompt is too long" and the like
    elif label is None:
        label = classify(status, kind, msg)
    return make_error(label, msg, target, status=status, headers=headers)


def error_from_wire(
    status: int, headers: Mapping[str, str], raw: bytes, target: Target
) -> errors.LiterLlmError:
    payload = error_payload(raw)
    return error_from_body(status, payload, target, headers)


# ---------------------------------------------------------------------------- streams
class Events:
    """Anthropic stream events -> OpenAI chunks. Tool-use blocks become tool_call deltas
    whose index counts tool calls only, as OpenAI's do."""

    def __init__(self, target: Target) -> None:
        self.target = target
        self.done = False
        self.id = ""
        self.model = target.model
        self.created = int(time.time())
        self.usage: dict[str, Any] = {}
        self.tools: dict[int, int] = {}  # content block index -> tool call index

    def _chunk(
        self,
        delta: dict[str, Any] | None,
        finish: str | None = None,
        usage: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        return chunk(self.id, self.model, self.created, delta, finish, usage)

    def event(self, name: str | None, data: str) -> list[dict[str, Any]]:
        ev = loads_object(data, self.target)
        kind = ev.get("type") or name
        if kind == "message_start":
            msg = ev.get("message") or {}
            self.id = msg.get("id") or self.id
            self.model = msg.get("model") or self.model
            self.usage.update(msg.get("usage") or {})
            return [self._chunk({"role": "assistant", "content": ""})]
        if kind == "content_block_start":
            block = ev.get("content_block") or {}
            if block.get("type") == "tool_use":
                i = self.tools[ev.get("index", 0)] = len(self.tools)
                call = {
                    "index": i,
                    "id": block.get("id"),
                    "type": "function",
                    "function": {"name": block.get("name"), "arguments": ""},
                }
                return [self._chunk({"tool_calls": [call]})]
            if block.get("type") == "text" and block.get("text"):
                return [self._chunk({"content": block["text"]})]
            return []
        if kind == "content_block_delta":
            d = ev.get("delta") or {}
            dk = d.get("type")
            if dk == "text_delta":
                return [self._chunk({"content": d.get("text", "")})]
            if dk == "thinking_delta":
                return [self._chunk({"reasoning_content": d.get("thinking", "")})]
            if dk == "input_json_delta":
                if not d.get("partial_json"):
                    return []
                ti = self.tools.get(ev.get("index", 0))
                if ti is None:
                    raise errors.StreamIncompleteError(
                        "tool input for a block that never started",
                        provider=self.target.provider,
                        model=self.model,
                    )
                args = {"index": ti, "function": {"arguments": d.get("partial_json", "")}}
                return [self._chunk({"tool_calls": [args]})]
            return []  # signature and citation deltas have no OpenAI counterpart
        if kind == "message_delta":
            self.usage.update({k: v for k, v in (ev.get("usage") or {}).items() if v is not None})
            reason = (ev.get("delta") or {}).get("stop_reason")
            if reason:
                return [self._chunk({}, FINISH.get(reason, "stop"))]
            return []
        if kind == "message_stop":
            self.done = True
            return [self._chunk(None, usage=usage_of(self.usage))]
        if kind == "error":
            raise error_from_body(None, ev, self.target)
        return []  # ping and future event types


def stream_decoder(target: Target) -> SSEChunks:
    return SSEChunks(Events(target), target)
