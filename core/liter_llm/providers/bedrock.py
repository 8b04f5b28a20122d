"""Amazon Bedrock Converse and ConverseStream: pure translation, no I/O.

``POST https://bedrock-runtime.{region}.amazonaws.com/model/{modelId}/converse`` signed with
SigV4 (settings, AWS_* variables or the shared credentials files; session tokens), or a
Bedrock API key as a bearer token. Streams use ``/converse-stream`` in AWS's binary
event-stream framing; every message's CRCs are checked.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import quote

from .. import errors
from . import aws
from .base import (
    CHAT_PARAMS,
    Target,
    WireRequest,
    append_turn,
    check_known,
    chunk,
    classify,
    compact,
    completion,
    drop_or_reject,
    error_payload,
    function_of,
    json_body,
    make_error,
    no_endpoint,
    parse_data_url,
    text_of,
    tool_arguments,
    unsupported,
)
from .openai import dumps

PASSTHROUGH = False
SIGNED = True  # requests carry a SigV4 signature valid for minutes: retries are re-signed
SERVICE = "bedrock"

OPS = frozenset({"chat"})

CAPABILITIES = {
    "chat": True,
    "stream": True,
    "tools": True,
    "structured_output": "json_schema (outputConfig.textFormat)",
    "vision": "images and documents as base64 (no URLs)",
    "reasoning": "reasoningContent as reasoning_content; effort via outputConfig",
    "embeddings": False,
    "auth": "SigV4 (keys, session tokens, profiles); Bedrock API key",
}

KNOWN = CHAT_PARAMS

FINISH = {
    "end_turn": "stop",
    "stop_sequence": "stop",
    "tool_use": "tool_calls",
    "max_tokens": "length",
    "model_context_window_exceeded": "length",
    "guardrail_intervened": "content_filter",
    "content_filtered": "content_filter",
}

ERROR_LABELS = {
    "ValidationException": "invalid_request",
    "AccessDeniedException": "permission_denied",
    "UnrecognizedClientException": "authentication",
    "ExpiredTokenException": "authentication",
    "ResourceNotFoundException": "not_found",
    "ThrottlingException": "rate_limited",
    "ServiceQuotaExceededException": "rate_limited",
    "ModelTimeoutException": "timeout",
    "ModelNotReadyException": "service_unavailable",
    "ServiceUnavailableException": "service_unavailable",
    "InternalServerException": "server_error",
    "ModelErrorException": "server_error",
    "ModelStreamErrorException": "server_error",
}

IMAGE_FORMATS = {"image/png": "png", "image/jpeg": "jpeg", "image/gif": "gif", "image/webp": "webp"}
DOC_FORMATS = {
    "application/pdf": "pdf",
    "text/csv": "csv",
    "text/html": "html",
    "text/plain": "txt",
    "text/markdown": "md",
}
EFFORTS = {"minimal": "low", "low": "low", "medium": "medium", "high": "high", "xhigh": "high"}


def endpoint(target: Target) -> str:
    if target.base_url != target.spec.base_url:
        return target.base_url.rstrip("/")
    r = aws.region(target.settings)
    if not r:
        raise errors.InvalidArgumentError(
            "bedrock needs a region: set providers.bedrock.region or AWS_REGION",
            provider=target.provider,
        )
    return f"https://bedrock-runtime.{r}.amazonaws.com"


def to_wire(
    op: str,
    body: dict[str, Any],
    target: Target,
    stream: bool,
    extra: dict[str, Any] | None = None,
    now: float | None = None,
) -> WireRequest:
    if op != "chat":
        raise no_endpoint(op, target)
    wire = request_body(body, target)
    if extra:
        wire.update(extra)
    model = quote(target.model, safe="")
    url = f"{endpoint(target)}/model/{model}/" + ("converse-stream" if stream else "converse")
    data = dumps(wire)
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    headers.update(target.headers)
    if target.api_key and target.setting("aws_auth") != "sigv4":  # a Bedrock API key
        headers["Authorization"] = f"Bearer {target.api_key}"
    else:
        creds = aws.credentials(target.settings)
        if creds is None:
            raise errors.AuthenticationError(
                "no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, a profile,"
                " providers.bedrock settings, or a Bedrock API key",
                provider=target.provider,
                model=target.model,
            )
        r = aws.region(target.settings) or "us-east-1"
        headers = aws.sign("POST", url, headers, data, creds, r, SERVICE, now)
    return WireRequest("POST", url, headers, data, stream)


def request_body(body: Mapping[str, Any], target: Target) -> dict[str, Any]:
    check_known(body, KNOWN, target)
    if (body.get("n") or 1) != 1:
        drop_or_reject(body, ("n",), target, "one choice per request")
    system, messages = convert_messages(body["messages"], target)
    out: dict[str, Any] = {"messages": messages}
    if system:
        out["system"] = [{"text": t} for t in system]
    inf: dict[str, Any] = {}
    mt = body.get("max_completion_tokens") or body.get("max_tokens")
    if mt:
        inf["maxTokens"] = int(mt)
    if body.get("temperature") is not None:
        inf["temperature"] = body["temperature"]
    if body.get("top_p") is not None:
        inf["topP"] = body["top_p"]
    stop = body.get("stop")
    if stop:
        inf["stopSequences"] = [stop] if isinstance(stop, str) else list(stop)
    if inf:
        out["inferenceConfig"] = inf
    tools = body.get("tools")
    if tools:
        specs = []
        for t in tools:
            fn = function_of(t, target)
            spec: dict[str, Any] = {
                "name": fn.get("name"),
                "inputSchema": {"json": fn.get("parameters") or {"type": "object"}},
            }
            if fn.get("description"):
                spec["description"] = fn["description"]
            specs.append({"toolSpec": spec})
        cfg: dict[str, Any] = {"tools": specs}
        choice = body.get("tool_choice")
        if choice == "required":
            cfg["toolChoice"] = {"any": {}}
        elif choice == "auto":
            cfg["toolChoice"] = {"auto": {}}
        elif isinstance(choice, dict):
            cfg["toolChoice"] = {"tool": {"name": (choice.get("function") or {}).get("name")}}
        elif choice == "none":
            drop_or_reject(body, ("tool_choice",), target, "Converse has no 'none'")
        out["toolConfig"] = cfg
    oc: dict[str, Any] = {}
    rf = body.get("response_format")
    if isinstance(rf, dict) and rf.get("type") == "json_schema":
        js = rf.get("json_schema") or {}
        schema: dict[str, Any] = {"schema": json.dumps(js.get("schema") or {})}
        if js.get("name"):
            schema["name"] = js["name"]
        oc["textFormat"] = {"type": "json_schema", "structure": {"jsonSchema": schema}}
    elif isinstance(rf, dict) and rf.get("type") == "json_object":
        drop_or_reject(body, ("response_format",), target, "JSON mode needs a json_schema")
    effort = body.get("reasoning_effort")
    if effort is not None and effort != "none":
        if effort not in EFFORTS:
            raise errors.InvalidArgumentError(f"unknown reasoning_effort {effort!r}")
        oc["effort"] = EFFORTS[effort]
    if oc:
        out["outputConfig"] = oc
    return out


def convert_messages(msgs: list[Any], target: Target) -> tuple[list[str], list[dict[str, Any]]]:
    system: list[str] = []
    out: list[dict[str, Any]] = []

    def add(role: str, blocks: list[dict[str, Any]]) -> None:
        append_turn(out, role, blocks, "content")

    for m in msgs:
        if not isinstance(m, dict):
            raise errors.InvalidArgumentError("each message must be an object")
        role, content = m.get("role"), m.get("content")
        if role in ("system", "developer"):
            system.append(text_of(content))
        elif role == "user":
            add("user", blocks_of(content, target))
        elif role == "assistant":
            blocks = blocks_of(content, target) if content else []
            for tc in m.get("tool_calls") or ():
                fn = tc.get("function") or {}
                blocks.append(
                    {
                        "toolUse": {
                            "toolUseId": tc.get("id"),
                            "name": fn.get("name"),
                            "input": tool_arguments(fn.get("arguments")),
                        }
                    }
                )
            if blocks:
                add("assistant", blocks)
        elif role == "tool":
            text = text_of(content)
            add(
                "user",
                [
                    {
                        "toolResult": {
                            "toolUseId": m.get("tool_call_id"),
                            "content": [{"text": text}],
                        }
                    }
                ],
            )
        else:
            raise errors.InvalidArgumentError(f"unknown message role {role!r}")
    if not out:
        raise errors.InvalidArgumentError("the conversation needs a user message")
    return system, out


def blocks_of(content: Any, target: Target) -> list[dict[str, Any]]:
    if isinstance(content, str):
        return [{"text": content}]
    if not isinstance(content, list):
        raise errors.InvalidArgumentError("message content must be a string or a list of parts")
    out: list[dict[str, Any]] = []
    for n, p in enumerate(content):
        kind = p.get("type") if isinstance(p, dict) else None
        if kind == "text":
            out.append({"text": p.get("text", "")})
        elif kind == "image_url":
            parsed = parse_data_url((p.get("image_url") or {}).get("url", ""))
            if parsed is None or parsed[0] not in IMAGE_FORMATS:
                raise unsupported("image_url", target, "Converse takes png/jpeg/gif/webp bytes")
            out.append(
                {"image": {"format": IMAGE_FORMATS[parsed[0]], "source": {"bytes": parsed[1]}}}
            )
        elif kind == "file":
            f = p.get("file") or {}
            parsed = parse_data_url(f.get("file_data") or "")
            if parsed is None or parsed[0] not in DOC_FORMATS:
                raise unsupported("file", target, "Converse takes documents as bytes")
            name = str(f.get("filename") or f"document-{n}").rsplit(".", 1)[0]
            out.append(
                {
                    "document": {
                        "format": DOC_FORMATS[parsed[0]],
                        "name": name,
                        "source": {"bytes": parsed[1]},
                    }
                }
            )
        else:
            raise unsupported(f"content part {kind!r}", target)
    return out


# ---------------------------------------------------------------------------- responses
def usage_of(u: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if not u:
        return None
    cached = u.get("cacheReadInputTokens") or 0
    written = u.get("cacheWriteInputTokens") or 0
    prompt = (u.get("inputTokens") or 0) + cached + written
    completion = u.get("outputTokens") or 0
    details: dict[str, Any] = {"cached_tokens": cached}
    if written:  # cache writes, priced apart (OpenAI's shape has no field for them)
        details["cache_creation_tokens"] = written
    return {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
        "prompt_tokens_details": details,
    }


def from_wire(op: str, raw: bytes, target: Target) -> Any:
    data = json_body(raw)
    msg = ((data or {}).get("output") or {}).get("message") if isinstance(data, dict) else None
    if not isinstance(msg, dict):
        raise errors.InvalidResponseError(
            "Converse answer has no output.message", provider=target.provider, model=target.model
        )
    texts, reasoning, calls = [], [], []
    for b in msg.get("content") or ():
        if "text" in b:
            texts.append(b["text"])
        elif "toolUse" in b:
            tu = b["toolUse"]
            calls.append(
                {
                    "id": tu.get("toolUseId"),
                    "type": "function",
                    "function": {
                        "name": tu.get("name"),
                        "arguments": json.dumps(tu.get("input") or {}, ensure_ascii=False),
                    },
                }
            )
        elif "reasoningContent" in b:
            reasoning.append(
                ((b["reasoningContent"] or {}).get("reasoningText") or {}).get("text", "")
            )
    out_msg: dict[str, Any] = {"role": "assistant", "content": "".join(texts) if texts else None}
    if calls:
        out_msg["tool_calls"] = calls
    if reasoning:
        out_msg["reasoning_content"] = "".join(reasoning)
    return completion(
        "",
        target.model,
        out_msg,
        FINISH.get(data.get("stopReason") or "", "stop"),
        usage_of(data.get("usage")),
    )


def error_of(
    kind: str,
    msg: str,
    target: Target,
    status: int | None = None,
    headers: Mapping[str, str] | None = None,
) -> errors.LiterLlmError:
    label = ERROR_LABELS.get(kind)
    if label in (None, "invalid_request"):
        label = classify(status if status is not None else 400, None, msg)
    return make_error(label, msg, target, status=status, headers=headers)


def error_from_wire(
    status: int, headers: Mapping[str, str], raw: bytes, target: Target
) -> errors.LiterLlmError:
    payload = error_payload(raw)
    msg = f"HTTP {status}"
    if isinstance(payload, dict):
        msg = str(payload.get("message") or payload.get("Message") or msg)
    elif payload:
        msg = str(payload)
    kind = str(headers.get("x-amzn-errortype") or headers.get("x-amzn-ErrorType") or "")
    kind = kind.split(":", 1)[0]
    if not kind and isinstance(payload, dict):
        kind = str(payload.get("__type") or "").rsplit("#", 1)[-1]
    return error_of(kind, msg, target, status, headers)


# ---------------------------------------------------------------------------- streams
class ConverseStream:
    """ConverseStream's event-stream messages -> OpenAI chunks."""

    def __init__(self, target: Target) -> None:
        self.target = target
        self.done = False
        self.stopped = False
        self._dec = aws.EventStreamDecoder()
        self.created = int(time.time())
        self.tools: dict[int, int] = {}

    def _chunk(
        self,
        delta: dict[str, Any] | None,
        finish: str | None = None,
        usage: dict[str, Any] | None = None,
    ) -> tuple[dict[str, Any], bytes]:
        c = chunk("", self.target.model, self.created, delta, finish, usage)
        return c, compact(c)

    def feed(self, piece: bytes) -> Iterator[tuple[dict[str, Any], bytes]]:
        try:
            messages = self._dec.feed(piece)
        except errors.LiterLlmError as e:
            e.provider, e.model = self.target.provider, self.target.model
            raise
        for m in messages:
            yield from self._message(m)
            if self.done:
                return

    def _message(self, m: aws.EventMessage) -> Iterator[tuple[dict[str, Any], bytes]]:
        mtype = m.headers.get(":message-type")
        if mtype == "exception" or mtype == "error":
            kind = str(m.headers.get(":exception-type") or m.headers.get(":error-code") or "")
            try:
                body = m.json()
            except ValueError:
                body = {}
            msg = str(body.get("message") or m.headers.get(":error-message") or kind)
            raise error_of(kind[:1].upper() + kind[1:], msg, self.target)
        ev = m.headers.get(":event-type")
        data = m.json()
        if ev == "messageStart":
            yield self._chunk({"role": data.get("role", "assistant"), "content": ""})
        elif ev == "contentBlockStart":
            tu = (data.get("start") or {}).get("toolUse")
            if tu:
                i = self.tools[data.get("contentBlockIndex", 0)] = len(self.tools)
                call = {
                    "index": i,
                    "id": tu.get("toolUseId"),
                    "type": "function",
                    "function": {"name": tu.get("name"), "arguments": ""},
                }
                yield self._chunk({"tool_calls": [call]})
        elif ev == "contentBlockDelta":
            d = data.get("delta") or {}
            if "text" in d:
                yield self._chunk({"content": d["text"]})
            elif "toolUse" in d:
                ti = self.tools.get(data.get("contentBlockIndex", 0))
                args = (d["toolUse"] or {}).get("input")
                if ti is not None and args:
                    yield self._chunk(
                        {"tool_calls": [{"index": ti, "function": {"arguments": args}}]}
                    )
            elif "reasoningContent" in d and (d["reasoningContent"] or {}).get("text"):
                yield self._chunk({"reasoning_content": d["reasoningContent"]["text"]})
        elif ev == "messageStop":
            self.stopped = True
            yield self._chunk({}, FINISH.get(data.get("stopReason") or "", "stop"))
        elif ev == "metadata":
            self.done = self.stopped
            yield self._chunk(None, usage=usage_of(data.get("usage")))

    def end(self, finished: bool) -> None:
        if self.stopped and not self._dec.has_partial:
            self.done = True  # metadata is optional after messageStop
            return
        raise errors.StreamIncompleteError(
            "event stream ended before messageStop"
            + (" (a partial message was cut off)" if self._dec.has_partial else ""),
            provider=self.target.provider,
            model=self.target.model,
        )


def stream_decoder(target: Target) -> ConverseStream:
    return ConverseStream(target)
