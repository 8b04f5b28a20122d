"""Client configuration: one typed object, built from kwargs (Python) or JSON (C ABI)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from . import errors
from .middleware.retry import DEFAULT_MAX_RETRIES
from .transport import (
    DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_STREAM_IDLE_TIMEOUT,
    DEFAULT_TIMEOUT,
    Timeouts,
)

# Keys of a request that configure liter_llm itself and are never sent to the provider.
CALL_OPTIONS = frozenset(
    {
        "timeout",
        "max_retries",
        "fallbacks",
        "extra_body",
        "extra_headers",
        "api_key",
        "base_url",
        "provider",
        "drop_params",
    }
)

# Provider settings a `providers.<name>` entry may hold besides key, URL and headers.
SETTINGS = frozenset(
    {
        "api_version",  # azure
        "deployment",  # azure: the deployment name when it is not the model name
        "azure_ad_token",  # azure: an Entra ID bearer token instead of api-key
        "azure_ad_token_env",
        "anthropic_version",  # anthropic
        "project",  # vertex
        "location",  # vertex
        "access_token",  # vertex: a ready OAuth2 access token
        "access_token_env",
        "credentials_file",  # vertex: a service-account key file (JSON), else
        # GOOGLE_APPLICATION_CREDENTIALS
        "region",  # bedrock
        "aws_access_key_id",  # bedrock: else the environment, else the shared files
        "aws_secret_access_key",
        "aws_session_token",
        "aws_profile",
        "aws_auth",  # bedrock: "sigv4" signs even when an API key is configured
    }
)


@dataclass(frozen=True)
class ProviderConfig:
    api_key: str | None = None
    api_key_env: str | None = None
    base_url: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ClientConfig:
    """``provider``: the provider of bare model names. ``api_key``/``base_url``/``headers``
    apply to that provider; ``providers`` overrides any provider by name (and declares new
    OpenAI-compatible ones by giving a ``base_url``)."""

    provider: str = "openai"
    api_key: str | None = None
    api_key_env: str | None = None
    base_url: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    max_retries: int = DEFAULT_MAX_RETRIES
    timeouts: Timeouts = field(default_factory=Timeouts)
    fallbacks: tuple[str, ...] = ()
    providers: dict[str, ProviderConfig] = field(default_factory=dict)
    max_connections: int = 1000
    drop_params: bool = False

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> ClientConfig:
        d = dict(d or {})
        if not isinstance(d, dict):
            raise errors.InvalidArgumentError("config must be a JSON object")
        known = {
            "provider",
            "api_key",
            "api_key_env",
            "base_url",
            "headers",
            "max_retries",
            "timeout",
            "connect_timeout",
            "read_timeout",
            "stream_idle_timeout",
            "fallbacks",
            "providers",
            "max_connections",
            "drop_params",
        }
        unknown = set(d) - known
        if unknown:
            raise errors.InvalidArgumentError(f"unknown config keys: {sorted(unknown)}")
        t = Timeouts(
            total=_num(d, "timeout", DEFAULT_TIMEOUT),
            connect=_num(d, "connect_timeout", DEFAULT_CONNECT_TIMEOUT),
            read=_num(d, "read_timeout", None),
            stream_idle=_num(d, "stream_idle_timeout", DEFAULT_STREAM_IDLE_TIMEOUT),
        )
        provs = {}
        for name, pc in (_typed(d, "providers", dict) or {}).items():
            if not isinstance(pc, dict):
                raise errors.InvalidArgumentError(f"providers.{name} must be an object")
            extra = set(pc) - {"api_key", "api_key_env", "base_url", "headers"} - SETTINGS
            if extra:
                raise errors.InvalidArgumentError(
                    f"unknown keys in providers.{name}: {sorted(extra)}"
                )
            provs[str(name)] = ProviderConfig(
                _typed(pc, "api_key", str),
                _typed(pc, "api_key_env", str),
                _typed(pc, "base_url", str),
                dict(_typed(pc, "headers", dict) or {}),
                {k: v for k, v in pc.items() if k in SETTINGS},
            )
        return cls(
            provider=_typed(d, "provider", str) or "openai",
            api_key=_typed(d, "api_key", str),
            api_key_env=_typed(d, "api_key_env", str),
            base_url=_typed(d, "base_url", str),
            headers=dict(_typed(d, "headers", dict) or {}),
            max_retries=retries(d.get("max_retries", DEFAULT_MAX_RETRIES)),
            timeouts=t,
            fallbacks=tuple(_typed(d, "fallbacks", list) or ()),
            providers=provs,
            max_connections=int(_num(d, "max_connections", 1000) or 1000),
            drop_params=bool(_typed(d, "drop_params", bool)),
        )


def retries(v: Any) -> int:
    if isinstance(v, bool) or not isinstance(v, int) or not 0 <= v <= 20:
        raise errors.InvalidArgumentError("max_retries must be an integer from 0 to 20")
    return v


def seconds(v: Any, name: str) -> float:
    if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v) or v <= 0:
        raise errors.InvalidArgumentError(f"{name} must be a positive number of seconds")
    return float(v)


def _num(d: dict[str, Any], key: str, default: Any) -> Any:
    v = d.get(key)
    return default if v is None else seconds(v, key)


def _typed(d: dict[str, Any], key: str, typ: type) -> Any:
    v = d.get(key)
    if v is not None and not isinstance(v, typ):
        raise errors.InvalidArgumentError(f"{key} must be of type {typ.__name__}")
    return v
