"""IBM watsonx.ai: chat (streamed too), embeddings, rerank and the model list. Pure
translation plus ``authorize``, which exchanges the IBM Cloud API key for an IAM bearer
token (cached until shortly before it expires) through the engine's transport.

``{base}/ml/v1/text/chat?version=...`` with ``model_id`` and ``project_id`` (or
``space_id``) in the body. Chat messages, tools and answers are OpenAI's shape with
``model_id`` for ``model``; a streamed chat (``chat_stream``) ends when the server closes
the body after the last ``finish_reason`` (there is no ``[DONE]``).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import Any
from urllib.parse import quote, urlencode

from .. import errors
from . import openai, rerank
from .base import (
    Target,
    WireRequest,
    classify,
    embedding_list,
    error_payload,
    json_body,
    json_object,
    make_error,
    no_endpoint,
)

PASSTHROUGH = False
OPS = frozenset({"chat", "embed", "rerank", "models"})
DEFAULT_VERSION = "2024-05-31"
DEFAULT_IAM_URL = "https://iam.cloud.ibm.com/identity/token"
REFRESH_MARGIN = 300.0

CAPABILITIES = {
    "chat": True,
    "stream": True,
    "tools": True,
    "structured_output": True,
    "vision": "images in messages (vision models)",
    "reasoning": False,
    "embeddings": True,
    "auth": "IBM Cloud API key -> IAM token, or a ready token",
}

# OpenAI chat parameters watsonx's text/chat takes under the same name
CHAT_PARAMS = (
    "max_tokens",
    "temperature",
    "top_p",
    "stop",
    "seed",
    "n",
    "frequency_penalty",
    "presence_penalty",
    "logprobs",
    "top_logprobs",
    "response_format",
    "tools",
)


def _scope(target: Target) -> dict[str, str]:
    project = target.setting("project_id", "WATSONX_PROJECT_ID")
    space = target.setting("space_id", "WATSONX_SPACE_ID")
    if project:
        return {"project_id": str(project)}
    if space:
        return {"space_id": str(space)}
    raise errors.InvalidArgumentError(
        "watsonx needs a project: set providers.watsonx.settings.project_id (or space_id), "
        "or WATSONX_PROJECT_ID",
        provider=target.provider,
    )


def headers_for(target: Target) -> dict[str, str]:
    h = {"Content-Type": "application/json", "Accept": "application/json"}
    token = target.setting("token", "WATSONX_TOKEN")
    if token:
        h["Authorization"] = "Bearer " + str(token)
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
    version = quote(str(target.setting("api_version", None, DEFAULT_VERSION)))
    if op == "models":
        url = f"{base}/ml/v1/foundation_model_specs?version={version}"
        return WireRequest("GET", url, headers_for(target), None)
    wire: dict[str, Any] = {"model_id": target.model, **_scope(target)}
    if op == "chat":
        wire["messages"] = body.get("messages")
        for k in CHAT_PARAMS:
            if body.get(k) is not None:
                wire[k] = body[k]
        if body.get("max_completion_tokens") is not None:
            wire["max_tokens"] = body["max_completion_tokens"]
        choice = body.get("tool_choice")
        if isinstance(choice, str):
            wire["tool_choice_option"] = choice
        elif choice is not None:
            wire["tool_choice"] = choice
        path = "chat_stream" if stream else "chat"
    elif op == "embed":
        inputs = body.get("input")
        wire["inputs"] = [inputs] if isinstance(inputs, str) else inputs
        path = "embeddings"
    elif op == "rerank":
        wire["query"] = rerank.query_of(body)
        wire["inputs"] = [{"text": d} for d in rerank.documents(body)]
        ret: dict[str, Any] = {"inputs": bool(body.get("return_documents"))}
        if body.get("top_n") is not None:
            ret["top_n"] = body["top_n"]
        wire["parameters"] = {"return_options": ret}
        path = "rerank"
    else:
        raise no_endpoint(op, target)
    if extra:
        wire.update(extra)
    url = f"{base}/ml/v1/text/{path}?version={version}"
    return WireRequest("POST", url, headers_for(target), openai.dumps(wire), stream)


def _chat(data: dict[str, Any], target: Target, obj: str) -> dict[str, Any]:
    data["object"] = obj
    data["model"] = data.pop("model_id", None) or data.get("model") or target.model
    data.setdefault("created", int(time.time()))
    return data


def from_wire(op: str, raw: bytes, target: Target) -> Any:
    data = json_object(raw, target)
    if data.get("errors"):
        return _raise_errors(data, target, None)
    if op == "chat":
        out = _chat(data, target, "chat.completion")
        openai.check_completion(out, target)
        return out
    tokens = int(data.get("input_token_count") or 0)
    if op == "embed":
        vectors = [r.get("embedding") for r in data.get("results") or ()]
        return embedding_list(data.get("model_id") or target.model, vectors, tokens)
    if op == "rerank":
        return rerank.answer(
            target,
            ((r.get("index"), r.get("score"), r.get("input")) for r in data.get("results") or ()),
            {"total_tokens": tokens},
        )
    return {
        "object": "list",
        "data": [
            {"id": m.get("model_id"), "object": "model", "created": 0, "owned_by": "ibm"}
            for m in data.get("resources") or ()
        ],
    }


def error_from_wire(
    status: int, headers: Mapping[str, str], raw: bytes, target: Target
) -> errors.LiterLlmError:
    """watsonx's ``{"errors": [{"code", "message"}]}``, else OpenAI's error shape."""
    payload = error_payload(raw)
    errs = payload.get("errors") if isinstance(payload, dict) else None
    if not isinstance(errs, list) or not errs or not isinstance(errs[0], dict):
        return openai.error_from_wire(status, headers, raw, target)
    msg = str(errs[0].get("message") or f"HTTP {status}")
    code = errs[0].get("code")
    label = classify(status, str(code) if code else None, msg)
    return make_error(label, msg, target, status=status, headers=headers)


def _raise_errors(data: Mapping[str, Any], target: Target, status: int | None) -> Any:
    first = (data.get("errors") or [{}])[0]
    msg = str(first.get("message") or "watsonx error")
    code = first.get("code")
    label = classify(status, str(code) if code else None, msg)
    raise make_error(label, msg, target, status=status)


class WatsonxStream(openai.OpenAIStream):
    """OpenAI-shaped chunks with ``model_id``; the body's end after a finish ends it."""

    def feed(self, piece: bytes) -> Iterator[tuple[dict[str, Any], bytes]]:
        for c, _ in super().feed(piece):
            out = _chat(c, self._target, "chat.completion.chunk")
            yield out, openai.dumps(out)

    def end(self, finished: bool) -> None:
        self._dec.flush()
        if finished:
            self.done = True
            return
        super().end(finished)


def stream_decoder(target: Target) -> WatsonxStream:
    return WatsonxStream(target)


# ---------------------------------------------------------------------------- IAM tokens
_cache: dict[str, tuple[str, float]] = {}  # (IAM URL, key digest) -> (token, expiry)


def token_request(target: Target) -> WireRequest:
    url = str(target.setting("iam_url", "WATSONX_IAM_URL", DEFAULT_IAM_URL))
    form = urlencode(
        {"grant_type": "urn:ibm:params:oauth:grant-type:apikey", "apikey": target.api_key or ""}
    ).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"}
    return WireRequest("POST", url, headers, form)


async def authorize(target: Target, transport: Any, timeouts: Any) -> Target:
    """``target`` with a current IAM token (a configured ``token`` is used as is)."""
    if target.setting("token", "WATSONX_TOKEN"):
        return target
    if not target.api_key:
        raise errors.AuthenticationError(
            "watsonx needs an IBM Cloud API key (WATSONX_APIKEY) or a token (WATSONX_TOKEN)",
            provider=target.provider,
        )
    iam = str(target.setting("iam_url", "WATSONX_IAM_URL", DEFAULT_IAM_URL))
    key = iam + "|" + hashlib.sha256(target.api_key.encode()).hexdigest()
    now = time.time()
    hit = _cache.get(key)
    if hit is None or hit[1] - REFRESH_MARGIN <= now:
        raw = await transport.send(token_request(target), timeouts)
        if raw.status >= 300:
            raise errors.AuthenticationError(
                f"the IBM Cloud IAM endpoint refused the API key (HTTP {raw.status})",
                status=raw.status,
                provider=target.provider,
            )
        data = json_body(raw.body)
        token = data.get("access_token") if isinstance(data, dict) else None
        if not isinstance(token, str) or not token:
            raise errors.AuthenticationError(
                "the IAM endpoint sent no access_token", provider=target.provider
            )
        errors.register_secret(token)
        hit = _cache[key] = (token, now + float(data.get("expires_in") or 3600))
    return replace(target, settings={**target.settings, "token": hit[0]})
