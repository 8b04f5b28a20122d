"""Azure OpenAI: OpenAI's wire format at deployment URLs. Pure; no I/O.

``{base}/openai/deployments/{deployment}/{path}?api-version=...`` with an ``api-key`` header,
or an Entra ID token as ``Authorization: Bearer``. The deployment is the model name unless the
``deployment`` setting names it. Answers, streams and errors are OpenAI's (content filter
results kept as extra fields), so they pass through the OpenAI adapter's functions.
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import quote

from .. import errors
from .base import Target, WireRequest, no_endpoint
from .openai import (  # noqa: F401  (re-exported: Azure answers as OpenAI does)
    ENDPOINTS,
    PASSTHROUGH,
    STREAMABLE,
    TEXT_OPS,
    endpoint,
    error_from_wire,
    from_wire,
    path_of,
    stream_decoder,
    wire_request,
)

DEFAULT_API_VERSION = "2024-10-21"
# Azure OpenAI's data plane (api-version 2024-10-21): no moderation, rerank or Responses here.
OPS = frozenset(ENDPOINTS) - {"moderate", "rerank"} - {o for o in ENDPOINTS if "response" in o}
PLACEHOLDER = "https://YOUR-RESOURCE.openai.azure.com"

CAPABILITIES = {
    "chat": True,
    "stream": True,
    "tools": True,
    "structured_output": True,
    "vision": True,
    "reasoning": "reasoning_effort (o-series deployments)",
    "embeddings": True,
    "auth": "api-key, Entra ID bearer token",
}


def headers_for(target: Target) -> dict[str, str]:
    h = {"Content-Type": "application/json", "Accept": "application/json"}
    token = target.setting("azure_ad_token") or os.environ.get(
        str(target.setting("azure_ad_token_env") or "AZURE_AD_TOKEN")
    )
    if token:
        h["Authorization"] = "Bearer " + str(token)
    elif target.api_key:
        h["api-key"] = target.api_key
    h.update(target.headers)
    return h


def base_of(target: Target) -> str:
    base = target.base_url
    if base == PLACEHOLDER:
        base = os.environ.get("AZURE_API_BASE") or os.environ.get("AZURE_OPENAI_ENDPOINT") or base
    if base == PLACEHOLDER:
        raise errors.InvalidArgumentError(
            "azure needs its resource URL: set providers.azure.base_url or AZURE_API_BASE",
            provider=target.provider,
        )
    return str(base).rstrip("/")


def to_wire(
    op: str,
    body: dict[str, Any],
    target: Target,
    stream: bool,
    extra: dict[str, Any] | None = None,
) -> WireRequest:
    if op not in OPS:
        raise no_endpoint(op, target)
    ep = endpoint(op, target)
    version = target.setting("api_version", "AZURE_API_VERSION", DEFAULT_API_VERSION)
    base = base_of(target)
    path = path_of(ep, body)
    if ep.model:  # model calls go to a deployment; files, batches and models to the resource
        deployment = quote(str(target.setting("deployment") or target.model), safe="")
        url = f"{base}/openai/deployments/{deployment}{path}?api-version={quote(str(version))}"
    else:
        url = f"{base}/openai{path}?api-version={quote(str(version))}"
    return wire_request(ep, op, url, headers_for(target), body, target, stream, extra)
