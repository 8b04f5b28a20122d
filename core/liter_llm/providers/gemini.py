"""Google Gemini (AI Studio) and Vertex AI ``generateContent``: pure translation functions;
the one request of its own (a service-account token) goes through the engine's transport.

AI Studio: ``{base}/v1beta/models/{model}:generateContent`` with ``x-goog-api-key``.
Vertex AI (rows with the ``vertex`` quirk): ``{base}/v1/projects/{project}/locations/
{location}/publishers/google/models/{model}:generateContent`` with an OAuth2 access token
(the ``access_token`` setting, the variable ``access_token_env`` names, default
``VERTEX_ACCESS_TOKEN``, or one the JWT flow gets for the service-account file of the
``credentials_file`` setting or GOOGLE_APPLICATION_CREDENTIALS, cached until near expiry).
Streams use ``:streamGenerateContent?alt=sse``: each event is a
whole response object and the body's end ends the stream (after a finish reason).

Gemini function calls may carry a thought signature that must come back with the call in the
next turn; it rides inside the OpenAI tool-call id (``<id>~ts~<signature>``) so a caller that
echoes the assistant message back sends it unchanged.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from .. import errors
from . import google_auth
from .base import (
    CHAT_PARAMS,
    SSEChunks,
    Target,
    WireRequest,
    append_turn,
    check_known,
    chunk,
    classify,
    counted,
    drop_or_reject,
    embedding_list,
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
COUNT_TOKENS = True  # models/{model}:countTokens
SIGNATURE_SEP = "~ts~"

OPS = frozenset({"chat", "embed", "count_tokens", "models"})

CAPABILITIES = {
    "chat": True,
    "stream": True,
    "tools": True,
    "structured_output": True,
    "vision": "images and PDFs (base64 or URL)",
    "reasoning": "reasoning_effort -> thinkingLevel; thought summaries as reasoning_content",
    "embeddings": True,
    "auth": "x-goog-api-key",
}


def capabilities(spec: Any) -> dict[str, Any]:
    if "vertex" in spec.quirks:
        return {**CAPABILITIES, "auth": "OAuth2 access token, service-account file"}
    return CAPABILITIES


KNOWN = CHAT_PARAMS | {
    "seed",
    "presence_penalty",
    "frequency_penalty",
    "parallel_tool_calls",
}

FINISH = {
    "STOP": "stop",
    "MAX_TOKENS": "length",
    "SAFETY": "content_filter",
    "RECITATION": "content_filter",
    "BLOCKLIST": "content_filter",
    "PROHIBITED_CONTENT": "content_filter",
    "SPII": "content_filter",
    "IMAGE_SAFETY": "content_filter",
    "MODEL_ARMOR": "content_filter",
}

STATUS_LABELS = {
    "INVALID_ARGUMENT": "invalid_request",
    "FAILED_PRECONDITION": "invalid_request",
    "OUT_OF_RANGE": "invalid_request",
    "UNAUTHENTICATED": "authentication",
    "PERMISSION_DENIED": "permission_denied",
    "NOT_FOUND": "not_found",
    "RESOURCE_EXHAUSTED": "rate_limited",
    "UNAVAILABLE": "service_unavailable",
    "INTERNAL": "server_error",
    "DEADLINE_EXCEEDED": "timeout",
}

LEVELS = {"minimal": "MINIMAL", "low": "LOW", "medium": "MEDIUM", "high": "HIGH", "xhigh": "HIGH"}


def is_vertex(target: Target) -> bool:
    return "vertex" in target.spec.quirks


def headers_for(target: Target) -> dict[str, str]:
    h = {"Content-Type": "application/json", "Accept": "application/json"}
    if is_vertex(target):
        token = target.setting("access_token") or os.environ.get(
            str(target.setting("access_token_env") or "VERTEX_ACCESS_TOKEN")
        )
        if not token:
            raise errors.AuthenticationError(
                "vertex needs an OAuth2 access token: set providers.vertex.access_token or "
                "VERTEX_ACCESS_TOKEN (e.g. from `gcloud auth print-access-token`)",
                provider=target.provider,
                model=target.model,
            )
        h["Authorization"] = f"Bearer {token}"
    elif target.api_key:
        h["x-goog-api-key"] = target.api_key
    h.update(target.headers)
    return h


async def authorize(target: Target, transport: Any, timeouts: Any) -> Target:
    """Vertex with a service-account file: an access token from the JWT flow (cached)."""
    if not is_vertex(target):
        return target
    return await google_auth.authorize(target, transport, timeouts)


def model_url(target: Target, method: str) -> str:
    base = target.base_url.rstrip("/")
    model = quote(target.model, safe="")
    if is_vertex(target):
        project = target.setting("project", "VERTEX_PROJECT") or os.environ.get(
            "GOOGLE_CLOUD_PROJECT"
        )
        location = target.setting("location", "VERTEX_LOCATION", "us-central1")
        if not project:
            raise errors.InvalidArgumentError(
                "vertex needs a project: set providers.vertex.project or VERTEX_PROJECT",
                provider=target.provider,
            )
        base = base.replace("{location}", str(location))
        return (
            f"{base}/v1/projects/{project}/locations/{location}/publishers/google/models/"
            f"{model}:{method}"
        )
    return f"{base}/v1beta/models/{model}:{method}"


def to_wire(
    op: str,
    body: dict[str, Any],
    target: Target,
    stream: bool,
    extra: dict[str, Any] | None = None,
) -> WireRequest:
    if op == "chat":
        wire = request_body(body, target)
        method = "streamGenerateContent" if stream else "generateContent"
        url = model_url(target, method) + ("?alt=sse" if stream else "")
    elif op == "embed":
        wire = embed_body(body, target)
        url = model_url(target, "predict" if is_vertex(target) else "batchEmbedContents")
    elif op == "count_tokens":
        req = request_body(body, target)
        req.pop("generationConfig", None)
        if is_vertex(target):  # Vertex takes the request's fields directly
            wire = req
        else:
            wire = {"generateContentRequest": {"model": f"models/{target.model}", **req}}
        url = model_url(target, "countTokens")
    elif op == "models" and not is_vertex(target):
        url = target.base_url.rstrip("/") + "/v1beta/models"
        return WireRequest("GET", url, headers_for(target), None, False)
    else:
        raise no_endpoint(op, target)
    if extra:
        wire.update(extra)
    return WireRequest("POST", url, headers_for(target), dumps(wire), stream)


def request_body(body: Mapping[str, Any], target: Target) -> dict[str, Any]:
    check_known(body, KNOWN, target)
    system, contents = convert_messages(body["messages"], target)
    out: dict[str, Any] = {"contents": contents}
    if system:
        out["systemInstruction"] = {"parts": [{"text": t} for t in system]}
    gen: dict[str, Any] = {}
    for ours, theirs in (
        ("temperature", "temperature"),
        ("top_p", "topP"),
        ("seed", "seed"),
        ("presence_penalty", "presencePenalty"),
        ("frequency_penalty", "frequencyPenalty"),
        ("n", "candidateCount"),
    ):
        if body.get(ours) is not None:
            gen[theirs] = body[ours]
    mt = body.get("max_completion_tokens") or body.get("max_tokens")
    if mt:
        gen["maxOutputTokens"] = int(mt)
    stop = body.get("stop")
    if stop:
        gen["stopSequences"] = [stop] if isinstance(stop, str) else list(stop)
    rf = body.get("response_format")
    if isinstance(rf, dict) and rf.get("type") in ("json_object", "json_schema"):
        gen["responseMimeType"] = "application/json"
        if rf["type"] == "json_schema":
            gen["responseJsonSchema"] = (rf.get("json_schema") or {}).get("schema") or {}
    effort = body.get("reasoning_effort")
    if effort == "none":
        gen["thinkingConfig"] = {"thinkingBudget": 0}
    elif effort is not None:
        if effort not in LEVELS:
            raise errors.InvalidArgumentError(f"unknown reasoning_effort {effort!r}")
        gen["thinkingConfig"] = {"thinkingLevel": LEVELS[effort], "includeThoughts": True}
    if gen:
        out["generationConfig"] = gen
    tools = body.get("tools")
    if tools:
        decls = []
        for t in tools:
            fn = function_of(t, target)
            d: dict[str, Any] = {"name": fn.get("name")}
            if fn.get("description"):
                d["description"] = fn["description"]
            if fn.get("parameters"):
                d["parametersJsonSchema"] = fn["parameters"]
            decls.append(d)
        out["tools"] = [{"functionDeclarations": decls}]
    choice = body.get("tool_choice")
    if choice is not None:
        out["toolConfig"] = {"functionCallingConfig": tool_config(choice)}
    if body.get("parallel_tool_calls") is False:
        drop_or_reject(body, ("parallel_tool_calls",), target, "Gemini decides on parallel calls")
    return out


def tool_config(choice: Any) -> dict[str, Any]:
    if choice == "auto":
        return {"mode": "AUTO"}
    if choice == "none":
        return {"mode": "NONE"}
    if choice == "required":
        return {"mode": "ANY"}
    if isinstance(choice, dict) and choice.get("type") == "function":
        return {"mode": "ANY", "allowedFunctionNames": [(choice.get("function") or {}).get("name")]}
    raise errors.InvalidArgumentError(f"unknown tool_choice {choice!r}")


def split_id(call_id: str) -> tuple[str, str | None]:
    head, sep, sig = (call_id or "").partition(SIGNATURE_SEP)
    return head, (sig if sep else None)


def convert_messages(msgs: list[Any], target: Target) -> tuple[list[str], list[dict[str, Any]]]:
    system: list[str] = []
    contents: list[dict[str, Any]] = []
    names: dict[str, str] = {}  # tool call id -> function name, for the results

    def add(role: str, parts: list[dict[str, Any]]) -> None:
        append_turn(contents, role, parts, "parts")

    for m in msgs:
        if not isinstance(m, dict):
            raise errors.InvalidArgumentError("each message must be an object")
        role, content = m.get("role"), m.get("content")
        if role in ("system", "developer"):
            system.append(text_of(content))
        elif role == "user":
            add("user", parts_of(content, target))
        elif role == "assistant":
            parts = parts_of(content, target) if content else []
            for tc in m.get("tool_calls") or ():
                fn = tc.get("function") or {}
                cid, sig = split_id(tc.get("id", ""))
                names[tc.get("id", "")] = fn.get("name", "")
                call: dict[str, Any] = {
                    "name": fn.get("name"),
                    "args": tool_arguments(fn.get("arguments")),
                }
                if cid:
                    call["id"] = cid
                part: dict[str, Any] = {"functionCall": call}
                if sig:
                    part["thoughtSignature"] = sig
                parts.append(part)
            if parts:
                add("model", parts)
        elif role == "tool":
            cid = m.get("tool_call_id", "")
            name = names.get(cid)
            if name is None:
                raise errors.InvalidArgumentError(
                    f"tool result {cid!r} answers no earlier tool call (Gemini needs its name)"
                )
            text = text_of(content)
            try:
                result = json.loads(text)
            except ValueError:
                result = text
            resp: dict[str, Any] = {
                "name": name,
                "response": (result if isinstance(result, dict) else {"result": result}),
            }
            head, _ = split_id(cid)
            if head:
                resp["id"] = head
            add("user", [{"functionResponse": resp}])
        else:
            raise errors.InvalidArgumentError(f"unknown message role {role!r}")
    if not contents:
        raise errors.InvalidArgumentError("the conversation needs a user message")
    return system, contents


def parts_of(content: Any, target: Target) -> list[dict[str, Any]]:
    if isinstance(content, str):
        return [{"text": content}]
    if not isinstance(content, list):
        raise errors.InvalidArgumentError("message content must be a string or a list of parts")
    parts: list[dict[str, Any]] = []
    for p in content:
        kind = p.get("type") if isinstance(p, dict) else None
        if kind == "text":
            parts.append({"text": p.get("text", "")})
        elif kind in ("image_url", "file"):
            if kind == "image_url":
                url, mime = (p.get("image_url") or {}).get("url", ""), None
            else:
                f = p.get("file") or {}
                url, mime = f.get("file_data") or f.get("file_id") or "", "application/pdf"
            data = parse_data_url(url)
            if data:
                parts.append({"inlineData": {"mimeType": data[0], "data": data[1]}})
            else:
                parts.append({"fileData": {"mimeType": mime or guess_mime(url), "fileUri": url}})
        else:
            raise unsupported(f"content part {kind!r}", target)
    return parts


def guess_mime(url: str) -> str:
    low = url.lower().split("?")[0]
    for ext, mime in (
        (".png", "image/png"),
        (".jpg", "image/jpeg"),
        (".jpeg", "image/jpeg"),
        (".webp", "image/webp"),
        (".gif", "image/gif"),
        (".pdf", "application/pdf"),
    ):
        if low.endswith(ext):
            return mime
    return "image/jpeg"


def embed_body(body: Mapping[str, Any], target: Target) -> dict[str, Any]:
    """AI Studio's batchEmbedContents body, or Vertex's ``predict`` instances."""
    inputs = body.get("input")
    if isinstance(inputs, str):
        inputs = [inputs]
    if not isinstance(inputs, list) or not all(isinstance(x, str) for x in inputs):
        raise unsupported("input", target, "Gemini embeds text strings")
    if is_vertex(target):
        out: dict[str, Any] = {"instances": [{"content": t} for t in inputs]}
        if body.get("dimensions"):
            out["parameters"] = {"outputDimensionality": body["dimensions"]}
        return out
    req: dict[str, Any] = {"model": f"models/{target.model}"}
    if body.get("dimensions"):
        req["outputDimensionality"] = body["dimensions"]
    return {"requests": [{**req, "content": {"parts": [{"text": t}]}} for t in inputs]}


# ---------------------------------------------------------------------------- responses
def usage_of(u: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if not u:
        return None
    prompt = u.get("promptTokenCount") or 0
    thoughts = u.get("thoughtsTokenCount") or 0
    completion = (u.get("candidatesTokenCount") or 0) + thoughts
    return {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": u.get("totalTokenCount") or prompt + completion,
        "prompt_tokens_details": {"cached_tokens": u.get("cachedContentTokenCount") or 0},
        "completion_tokens_details": {"reasoning_tokens": thoughts},
    }


class Candidate:
    """Parts of one candidate -> OpenAI delta/message fields; tool-call indexes continue
    across stream events."""

    def __init__(self) -> None:
        self.calls = 0

    def fields(self, cand: Mapping[str, Any]) -> dict[str, Any]:
        text: list[str] = []
        thought: list[str] = []
        calls: list[dict[str, Any]] = []
        for p in (cand.get("content") or {}).get("parts") or ():
            if "functionCall" in p:
                fc = p["functionCall"]
                cid = fc.get("id") or f"call_{self.calls}"
                if p.get("thoughtSignature"):
                    cid += SIGNATURE_SEP + p["thoughtSignature"]
                calls.append(
                    {
                        "index": self.calls,
                        "id": cid,
                        "type": "function",
                        "function": {
                            "name": fc.get("name"),
                            "arguments": json.dumps(fc.get("args") or {}, ensure_ascii=False),
                        },
                    }
                )
                self.calls += 1
            elif p.get("thought"):
                thought.append(p.get("text", ""))
            elif "text" in p:
                text.append(p["text"])
        out: dict[str, Any] = {}
        if text:
            out["content"] = "".join(text)
        if thought:
            out["reasoning_content"] = "".join(thought)
        if calls:
            out["tool_calls"] = calls
        return out


def finish_of(cand: Mapping[str, Any], had_calls: bool) -> str | None:
    reason = cand.get("finishReason")
    if not reason:
        return None
    if had_calls and reason == "STOP":
        return "tool_calls"
    return FINISH.get(reason, "stop")


def blocked(data: Mapping[str, Any], target: Target) -> errors.LiterLlmError | None:
    fb = data.get("promptFeedback") or {}
    if fb.get("blockReason") and not data.get("candidates"):
        return make_error(
            "content_policy", f"prompt blocked: {fb['blockReason']}", target, status=None
        )
    return None


def from_wire(op: str, raw: bytes, target: Target) -> Any:
    data = json_object(raw, target)
    if data.get("error"):
        raise error_from_body(None, data, target)
    if op == "count_tokens":
        return counted(data.get("totalTokens"), target)
    if op == "embed":
        if "predictions" in data:  # Vertex: values and token counts per instance
            embs = [p.get("embeddings") or {} for p in data["predictions"]]
        else:
            embs = data.get("embeddings") or []
        tokens = sum(int((e.get("statistics") or {}).get("token_count") or 0) for e in embs)
        return embedding_list(target.model, [e.get("values") or [] for e in embs], tokens)
    if op == "models":
        return {
            "object": "list",
            "data": [
                {
                    "id": str(m.get("name", "")).removeprefix("models/"),
                    "object": "model",
                    "created": 0,
                    "owned_by": "google",
                }
                for m in data.get("models") or ()
            ],
        }
    err = blocked(data, target)
    if err:
        raise err
    cands = data.get("candidates")
    if not isinstance(cands, list):
        raise errors.InvalidResponseError(
            "response has no 'candidates' list", provider=target.provider, model=target.model
        )
    choices = []
    for i, cand in enumerate(cands):
        f = Candidate().fields(cand)
        msg: dict[str, Any] = {"role": "assistant", "content": f.get("content")}
        if "tool_calls" in f:
            msg["tool_calls"] = [
                {k: v for k, v in c.items() if k != "index"} for c in f["tool_calls"]
            ]
        if "reasoning_content" in f:
            msg["reasoning_content"] = f["reasoning_content"]
        choices.append(
            {
                "index": cand.get("index", i),
                "message": msg,
                "finish_reason": finish_of(cand, "tool_calls" in f) or "stop",
            }
        )
    out: dict[str, Any] = {
        "id": data.get("responseId") or "",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": data.get("modelVersion") or target.model,
        "choices": choices,
    }
    usage = usage_of(data.get("usageMetadata"))
    if usage:
        out["usage"] = usage
    return out


def error_from_body(
    status: int | None,
    payload: Any,
    target: Target,
    headers: Mapping[str, str] | None = None,
) -> errors.LiterLlmError:
    err = payload.get("error") if isinstance(payload, dict) else None
    if not isinstance(err, dict):
        msg = str(payload)[:500] if payload else f"HTTP {status}"
        return make_error(classify(status, None, msg), msg, target, status=status, headers=headers)
    msg = str(err.get("message") or f"HTTP {status}")
    st = str(err.get("status") or "")
    reasons = {str(d.get("reason")) for d in err.get("details") or () if isinstance(d, dict)}
    label = STATUS_LABELS.get(st)
    if reasons & {"API_KEY_INVALID", "API_KEY_EXPIRED"}:
        label = "authentication"
    elif label == "invalid_request" or label is None:
        label = classify(status if status is not None else err.get("code"), None, msg)
    e = make_error(label, msg, target, status=status, headers=headers)
    if e.retry_after is None:
        for d in err.get("details") or ():
            delay = d.get("retryDelay") if isinstance(d, dict) else None
            if isinstance(delay, str) and delay.endswith("s"):
                try:
                    e.retry_after = float(delay[:-1])
                except ValueError:
                    pass
    return e


def error_from_wire(
    status: int, headers: Mapping[str, str], raw: bytes, target: Target
) -> errors.LiterLlmError:
    payload = error_payload(raw)
    if isinstance(payload, list) and payload:  # some endpoints wrap the error in a list
        payload = payload[0]
    return error_from_body(status, payload, target, headers)


# ---------------------------------------------------------------------------- streams
class Events:
    """Each SSE event is a whole GenerateContentResponse holding the next piece."""

    def __init__(self, target: Target) -> None:
        self.target = target
        self.done = False
        self.created = int(time.time())
        self.cand = Candidate()
        self.first = True

    def event(self, name: str | None, data: str) -> list[dict[str, Any]]:
        ev = loads_object(data, self.target)
        if ev.get("error"):
            raise error_from_body(None, ev, self.target)
        err = blocked(ev, self.target)
        if err:
            raise err
        cid = ev.get("responseId") or ""
        model = ev.get("modelVersion") or self.target.model
        usage = usage_of(ev.get("usageMetadata"))
        out: list[dict[str, Any]] = []
        for cand in ev.get("candidates") or ():
            delta = self.cand.fields(cand)
            if self.first:
                delta = {"role": "assistant", **delta}
                self.first = False
            finish = finish_of(cand, self.cand.calls > 0)
            out.append(chunk(cid, model, self.created, delta, finish))
        if usage is not None:
            if out:
                out[-1]["usage"] = usage
            else:
                out.append(chunk(cid, model, self.created, None, usage=usage))
        return out


def stream_decoder(target: Target) -> SSEChunks:
    return SSEChunks(Events(target), target, eof_ok=True)
