"""The OpenTelemetry GenAI semantic conventions, v1.41.0: names, well-known values and the
pure functions that read a request and a response into attributes (no OpenTelemetry import
here; the Prometheus registry and the logs use the same readings)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

SCHEMA_URL = "https://opentelemetry.io/schemas/1.41.0"

# gen_ai.operation.name per op (well-known values where one applies)
OPERATION = {
    "chat": "chat",
    "embed": "embeddings",
    "models": "models",
    "moderate": "moderations",
    "images": "generate_content",
    "count_tokens": "count_tokens",
}

# gen_ai.provider.name: the spec's well-known values; other providers are named as here
PROVIDER = {
    "openai": "openai",
    "anthropic": "anthropic",
    "azure": "azure.ai.openai",
    "bedrock": "aws.bedrock",
    "gemini": "gcp.gemini",
    "vertex": "gcp.vertex_ai",
    "cohere": "cohere",
    "mistral": "mistral_ai",
    "groq": "groq",
    "deepseek": "deepseek",
    "xai": "x_ai",
    "perplexity": "perplexity",
    "watsonx": "ibm.watsonx.ai",
}

# The spec's ExplicitBucketBoundaries.
TOKEN_BUCKETS = (1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304,
                 16777216, 67108864)  # fmt: skip
SECONDS_BUCKETS = (0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48,
                   40.96, 81.92)  # fmt: skip

# request body key -> attribute (numbers and lists, as the caller sent them)
_REQUEST_PARAMS = (
    ("max_tokens", "gen_ai.request.max_tokens"),
    ("max_completion_tokens", "gen_ai.request.max_tokens"),
    ("temperature", "gen_ai.request.temperature"),
    ("top_p", "gen_ai.request.top_p"),
    ("top_k", "gen_ai.request.top_k"),
    ("frequency_penalty", "gen_ai.request.frequency_penalty"),
    ("presence_penalty", "gen_ai.request.presence_penalty"),
    ("seed", "gen_ai.request.seed"),
)

# Adapters whose providers get the W3C `traceparent` header. Bedrock is left out: AWS
# traces by its own X-Amzn-Trace-Id, and the header would sit outside the SigV4 signature.
TRACE_HEADER_ADAPTERS = frozenset({"openai", "anthropic", "azure", "gemini", "cohere", "mistral"})


def operation(op: str) -> str:
    return OPERATION.get(op, op)


def provider(name: str | None) -> str:
    return PROVIDER.get(name or "", name or "_OTHER")


def server(base_url: str) -> tuple[str | None, int | None]:
    """``server.address`` and ``server.port`` of a base URL (never its path or query)."""
    try:
        u = urlsplit(base_url)
        port = u.port or (443 if u.scheme == "https" else 80)
    except ValueError:
        return None, None
    return u.hostname, port


def request_attributes(body: dict[str, Any], stream: bool) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, attr in _REQUEST_PARAMS:
        v = body.get(key)
        if isinstance(v, int | float) and not isinstance(v, bool):
            out[attr] = v
    stop = body.get("stop")
    if isinstance(stop, str):
        out["gen_ai.request.stop_sequences"] = [stop]
    elif isinstance(stop, list) and all(isinstance(s, str) for s in stop):
        out["gen_ai.request.stop_sequences"] = stop
    n = body.get("n")
    if isinstance(n, int) and not isinstance(n, bool) and n != 1:
        out["gen_ai.request.choice.count"] = n
    fmt = body.get("response_format")
    if isinstance(fmt, dict) and fmt.get("type") in ("json_object", "json_schema"):
        out["gen_ai.output.type"] = "json"
    if stream:
        out["gen_ai.request.stream"] = True
    return out


def usage_counts(usage: Any) -> dict[str, int]:
    """input, output, cache_read, cache_creation and reasoning tokens of an OpenAI-shaped
    usage (embeddings have no completion tokens); a count that is not a non-negative
    integer is left out."""
    if not isinstance(usage, dict):
        return {}
    pd = usage.get("prompt_tokens_details")
    cd = usage.get("completion_tokens_details")
    pd = pd if isinstance(pd, dict) else {}
    cd = cd if isinstance(cd, dict) else {}
    raw = {
        "input": usage.get("prompt_tokens", usage.get("input_tokens")),
        "output": usage.get("completion_tokens", usage.get("output_tokens")),
        "cache_read": pd.get("cached_tokens"),
        "cache_creation": pd.get("cache_creation_tokens"),
        "reasoning": cd.get("reasoning_tokens"),
    }
    return {
        k: v for k, v in raw.items() if isinstance(v, int) and not isinstance(v, bool) and v >= 0
    }


_USAGE_ATTRS = {
    "input": "gen_ai.usage.input_tokens",
    "output": "gen_ai.usage.output_tokens",
    "cache_read": "gen_ai.usage.cache_read.input_tokens",
    "cache_creation": "gen_ai.usage.cache_creation.input_tokens",
    "reasoning": "gen_ai.usage.reasoning.output_tokens",
}


def response_attributes(data: Any, usage: dict[str, int]) -> dict[str, Any]:
    out: dict[str, Any] = {_USAGE_ATTRS[k]: v for k, v in usage.items()}
    if not isinstance(data, dict):
        return out
    if isinstance(data.get("id"), str):
        out["gen_ai.response.id"] = data["id"]
    if isinstance(data.get("model"), str):
        out["gen_ai.response.model"] = data["model"]
    choices = data.get("choices")
    if isinstance(choices, list):
        reasons = [
            c["finish_reason"]
            for c in choices
            if isinstance(c, dict) and isinstance(c.get("finish_reason"), str)
        ]
        if reasons:
            out["gen_ai.response.finish_reasons"] = reasons
    return out


def input_messages(body: dict[str, Any]) -> tuple[list[Any], list[Any]]:
    """(system instructions, the other messages) of a chat request, as parts per the spec's
    JSON schemas: ``{"role", "parts": [{"type": "text", "content"}...]}``."""
    system: list[Any] = []
    msgs: list[Any] = []
    for m in body.get("messages") or ():
        if not isinstance(m, dict):
            continue
        parts = _parts(m.get("content")) + _tool_calls(m)
        if m.get("role") == "tool":
            parts = [
                {"type": "tool_call_response", "id": m.get("tool_call_id"), "response": p}
                for p in (pt.get("content") for pt in parts)
            ]
        if m.get("role") in ("system", "developer"):
            system.extend(parts)
        else:
            msgs.append({"role": m.get("role"), "parts": parts})
    return system, msgs


def output_messages(data: Any) -> list[Any]:
    out: list[Any] = []
    if not isinstance(data, dict):
        return out
    for c in data.get("choices") or ():
        if not isinstance(c, dict):
            continue
        msg = c.get("message") or {}
        parts = _parts(msg.get("content")) + _tool_calls(msg)
        out.append(
            {
                "role": msg.get("role", "assistant"),
                "parts": parts,
                "finish_reason": c.get("finish_reason"),
            }
        )
    return out


def _tool_calls(msg: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for call in msg.get("tool_calls") or ():
        if isinstance(call, dict):
            fn = call.get("function") or {}
            out.append(
                {
                    "type": "tool_call",
                    "id": call.get("id"),
                    "name": fn.get("name"),
                    "arguments": fn.get("arguments"),
                }
            )
    return out


def _parts(content: Any) -> list[dict[str, Any]]:
    if isinstance(content, str):
        return [{"type": "text", "content": content}]
    parts: list[dict[str, Any]] = []
    if isinstance(content, list):
        for p in content:
            if isinstance(p, dict) and p.get("type") == "text":
                parts.append({"type": "text", "content": p.get("text")})
            elif isinstance(p, dict):
                parts.append({"type": str(p.get("type"))})  # images, audio: the kind only
    return parts
