"""Client configuration: one typed object, built from kwargs (Python) or JSON (C ABI)."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from . import errors
from .middleware.retry import DEFAULT_MAX_RETRIES
from .pricing import check_overrides
from .transport import (
    DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_MAX_EVENT_BYTES,
    DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_STREAM_IDLE_TIMEOUT,
    DEFAULT_TIMEOUT,
    NetConfig,
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
        "context_window_fallbacks",
        "content_policy_fallbacks",
        "output_file",
        "max_fallbacks",
        "cache",
        "traceparent",
        "tracestate",
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
        "base_model",  # the catalog model to price by when the model name says nothing
        "project_id",  # watsonx: else WATSONX_PROJECT_ID
        "space_id",  # watsonx: a deployment space instead of a project
        "iam_url",  # watsonx: the IAM token endpoint (else IBM Cloud's)
        "token",  # watsonx: a ready IAM bearer token instead of the API key exchange
        "account_id",  # cloudflare, snowflake: fills {account_id} in the base URL
        "workspace",  # databricks: fills {workspace}
        "tenant_id",  # predibase
        "product_id",  # infomaniak
    }
)


@dataclass(frozen=True)
class ProviderConfig:
    api_key: str | None = field(default=None, repr=False)
    api_key_env: str | None = None
    base_url: str | None = field(default=None, repr=False)
    headers: dict[str, str] = field(default_factory=dict, repr=False)
    settings: dict[str, Any] = field(default_factory=dict, repr=False)


STRATEGIES = (
    "simple_shuffle",
    "round_robin",
    "least_busy",
    "latency",
    "cost",
    "usage",
    "priority",
)
DEFAULT_MAX_FALLBACKS = 5


@dataclass(frozen=True)
class DeploymentConfig:
    """One deployment of a model group: ``model_name`` is the name callers use, ``model`` the
    ``provider/model`` it calls; key, URL, headers and provider settings as a provider entry."""

    id: str
    model_name: str
    model: str
    provider: str | None = None
    api_key: str | None = field(default=None, repr=False)
    api_key_env: str | None = None
    base_url: str | None = field(default=None, repr=False)
    headers: dict[str, str] = field(default_factory=dict, repr=False)
    settings: dict[str, Any] = field(default_factory=dict, repr=False)
    weight: float | None = None
    rpm: int | None = None
    tpm: int | None = None
    priority: int = 0


@dataclass(frozen=True)
class CooldownConfig:
    """A deployment cools for ``seconds`` after ``allowed_fails`` failures within ``window``
    seconds, or at once for as long as a 429's Retry-After says."""

    allowed_fails: int = 3
    window: float = 60.0
    seconds: float = 30.0


@dataclass(frozen=True)
class HealthConfig:
    """Passive health: a deployment whose failure rate over ``window`` seconds reaches
    ``failure_rate`` (after ``min_requests``) is avoided while others are healthy. Active
    probes (``interval`` > 0) call each deployment's ``probe`` op ("models" or "chat")."""

    interval: float = 0.0
    probe: str = "models"
    window: float = 60.0
    failure_rate: float = 0.5
    min_requests: int = 5
    passive: bool = True


@dataclass(frozen=True)
class RouterConfig:
    strategy: str = "simple_shuffle"
    latency_alpha: float = 0.3  # weight of the newest sample in the latency EWMA
    window: float = 60.0  # seconds over which `usage` counts requests and tokens


@dataclass(frozen=True)
class StateConfig:
    """Where limits, budgets and the cache keep their state: this process (no ``redis_url``)
    or Redis, shared. ``on_unavailable`` decides for limits and budgets when Redis cannot
    be reached (``fail_closed``: the call fails with ``service_unavailable``;
    ``fail_open``: it goes through unchecked); the cache is bypassed either way."""

    redis_url: str | None = field(default=None, repr=False)
    on_unavailable: str = "fail_closed"
    timeout: float = 1.0
    prefix: str = "liter_llm:"


@dataclass(frozen=True)
class RateLimit:
    scope: str  # "deployment" | "model" | "key" | "global"
    rpm: int | None = None
    tpm: int | None = None
    window: float = 60.0


BUDGET_WINDOWS = ("total", "daily", "monthly")


@dataclass(frozen=True)
class Budget:
    scope: str  # "global" | "model" | "key"
    limit_usd: Decimal
    window: str = "total"  # total | daily | monthly | rolling_<N>h
    mode: str = "hard"  # hard: reserve the worst case, reject; soft: warn


@dataclass(frozen=True)
class CacheConfig:
    ttl: float = 300.0
    max_entries: int = 10_000


@dataclass(frozen=True)
class TelemetryConfig:
    """``metrics``: the Prometheus registry and the ``metrics`` op. ``otel``: spans and GenAI
    metrics (``exporter``: ``global``, the host's OpenTelemetry providers; ``jsonl``, spans
    appended to ``path``; ``otlp``, OTLP/HTTP to ``endpoint``). ``capture_content``: prompts
    and answers on spans. ``logs``: records on the ``liter_llm`` logger; ``log_level`` (and
    ``log_file``, else stderr) writes them as JSON lines, for hosts of the C ABI."""

    metrics: bool = False
    otel: bool = False
    exporter: str = "global"
    path: str | None = None
    endpoint: str | None = None
    service_name: str = "liter_llm"
    capture_content: bool = False
    logs: bool = False
    log_level: str | None = None
    log_file: str | None = None


@dataclass(frozen=True)
class ClientConfig:
    """``provider``: the provider of bare model names. ``api_key``/``base_url``/``headers``
    apply to that provider; ``providers`` overrides any provider by name (and declares new
    OpenAI-compatible ones by giving a ``base_url``)."""

    provider: str = "openai"
    api_key: str | None = field(default=None, repr=False)
    api_key_env: str | None = None
    base_url: str | None = field(default=None, repr=False)
    headers: dict[str, str] = field(default_factory=dict, repr=False)
    max_retries: int = DEFAULT_MAX_RETRIES
    timeouts: Timeouts = field(default_factory=Timeouts)
    fallbacks: tuple[str, ...] = ()
    providers: dict[str, ProviderConfig] = field(default_factory=dict)
    max_connections: int = 1000
    drop_params: bool = False
    max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES
    max_event_bytes: int = DEFAULT_MAX_EVENT_BYTES
    ca_bundle: str | None = None
    client_cert: str | None = None
    client_key: str | None = None
    proxy: str | None = None
    deployments: tuple[DeploymentConfig, ...] = ()
    router: RouterConfig = field(default_factory=RouterConfig)
    context_window_fallbacks: tuple[str, ...] = ()
    content_policy_fallbacks: tuple[str, ...] = ()
    max_fallbacks: int = DEFAULT_MAX_FALLBACKS
    cooldown: CooldownConfig | None = field(default_factory=CooldownConfig)
    health: HealthConfig = field(default_factory=HealthConfig)
    pricing: dict[str, dict[str, Any]] = field(default_factory=dict)
    tokenizers_dir: str | None = None
    context_check: bool = True
    state: StateConfig = field(default_factory=StateConfig)
    rate_limits: tuple[RateLimit, ...] = ()
    on_limit: str = "wait"
    max_in_flight: dict[str, int] = field(default_factory=dict)
    budgets: tuple[Budget, ...] = ()
    cache: CacheConfig | None = None
    telemetry: TelemetryConfig = field(default_factory=TelemetryConfig)

    def net(self, secrets: tuple[str, ...] = ()) -> NetConfig:
        return NetConfig(
            max_connections=self.max_connections,
            max_response_bytes=self.max_response_bytes,
            ca_bundle=self.ca_bundle,
            client_cert=self.client_cert,
            client_key=self.client_key,
            proxy=self.proxy,
            connect_timeout=self.timeouts.connect,
            read_timeout=self.timeouts.read,
            secrets=secrets,
        )

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
            "stream_timeout",
            "max_response_bytes",
            "max_event_bytes",
            "ca_bundle",
            "client_cert",
            "client_key",
            "proxy",
            "deployments",
            "router",
            "context_window_fallbacks",
            "content_policy_fallbacks",
            "max_fallbacks",
            "cooldown",
            "health",
            "pricing",
            "tokenizers_dir",
            "context_check",
            "state",
            "rate_limits",
            "on_limit",
            "max_in_flight",
            "budgets",
            "cache",
            "telemetry",
        }
        unknown = set(d) - known
        if unknown:
            raise errors.InvalidArgumentError(f"unknown config keys: {sorted(unknown)}")
        t = Timeouts(
            total=_num(d, "timeout", DEFAULT_TIMEOUT),
            connect=_num(d, "connect_timeout", DEFAULT_CONNECT_TIMEOUT),
            read=_num(d, "read_timeout", None),
            stream_idle=_num(d, "stream_idle_timeout", DEFAULT_STREAM_IDLE_TIMEOUT),
            stream_total=_num(d, "stream_timeout", None),
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
                check_url(_typed(pc, "base_url", str), f"providers.{name}.base_url"),
                check_headers(_typed(pc, "headers", dict), f"providers.{name}.headers"),
                {k: v for k, v in pc.items() if k in SETTINGS},
            )
        cfg = cls(
            provider=_typed(d, "provider", str) or "openai",
            api_key=_typed(d, "api_key", str),
            api_key_env=_typed(d, "api_key_env", str),
            base_url=check_url(_typed(d, "base_url", str), "base_url"),
            headers=check_headers(_typed(d, "headers", dict), "headers"),
            max_retries=retries(d.get("max_retries", DEFAULT_MAX_RETRIES)),
            timeouts=t,
            fallbacks=model_list(d.get("fallbacks"), "fallbacks"),
            providers=provs,
            max_connections=_count(d, "max_connections", 1000),
            drop_params=bool(_typed(d, "drop_params", bool)),
            max_response_bytes=_count(d, "max_response_bytes", DEFAULT_MAX_RESPONSE_BYTES),
            max_event_bytes=_count(d, "max_event_bytes", DEFAULT_MAX_EVENT_BYTES),
            ca_bundle=_typed(d, "ca_bundle", str),
            client_cert=_typed(d, "client_cert", str),
            client_key=_typed(d, "client_key", str),
            proxy=_typed(d, "proxy", str),
            deployments=_deployments(d.get("deployments")),
            router=_router(d.get("router")),
            context_window_fallbacks=model_list(
                d.get("context_window_fallbacks"), "context_window_fallbacks"
            ),
            content_policy_fallbacks=model_list(
                d.get("content_policy_fallbacks"), "content_policy_fallbacks"
            ),
            max_fallbacks=max_fallbacks(d.get("max_fallbacks", DEFAULT_MAX_FALLBACKS)),
            cooldown=_cooldown(d.get("cooldown")),
            health=_health(d.get("health")),
            pricing=check_overrides(d.get("pricing")),
            tokenizers_dir=_typed(d, "tokenizers_dir", str),
            context_check=_typed(d, "context_check", bool) is not False,
            state=_state(d.get("state")),
            rate_limits=_rate_limits(d.get("rate_limits")),
            on_limit=_choice(d, "on_limit", ("wait", "reject"), "wait"),
            max_in_flight=_in_flight(d.get("max_in_flight")),
            budgets=_budgets(d.get("budgets")),
            cache=_cache(d.get("cache")),
            telemetry=_telemetry(d.get("telemetry")),
        )
        register_config_secrets(cfg)
        return cfg


# Headers a caller may never set: the transport owns framing and connection management, and a
# caller-set Content-Length or Transfer-Encoding desyncs a pooled keep-alive connection.
FORBIDDEN_HEADERS = frozenset(
    {
        "content-length",
        "transfer-encoding",
        "connection",
        "keep-alive",
        "proxy-connection",
        "upgrade",
        "te",
        "trailer",
        "host",
        "expect",
    }
)
_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+\Z")
_BAD_VALUE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")


SECRET_SETTINGS = frozenset(
    {"azure_ad_token", "access_token", "aws_secret_access_key", "aws_session_token"}
)
_SECRET_HEADER = re.compile(r"auth|key|token|secret|cookie|signature|password", re.I)


def secret_header(name: str) -> bool:
    """Header values that are credentials (never shown anywhere)."""
    return bool(_SECRET_HEADER.search(name))


def register_headers(h: Mapping[str, str]) -> None:
    for k, v in h.items():
        if secret_header(k):
            errors.register_secret(v)
            if " " in v:  # "Bearer <token>": the token alone too
                errors.register_secret(v.split(" ", 1)[1])


def register_config_secrets(cfg: ClientConfig) -> None:
    errors.register_secret(cfg.api_key)
    register_headers(cfg.headers)
    for pc in cfg.providers.values():
        errors.register_secret(pc.api_key)
        register_headers(pc.headers)
        for k in SECRET_SETTINGS:
            errors.register_secret(pc.settings.get(k))
    for dep in cfg.deployments:
        errors.register_secret(dep.api_key)
        register_headers(dep.headers)
        for k in SECRET_SETTINGS:
            errors.register_secret(dep.settings.get(k))
    register_url_credentials(cfg.state.redis_url)  # a Redis password
    register_url_credentials(cfg.proxy)


def register_url_credentials(url: str | None) -> None:
    """The ``user:password`` of a URL, and the password alone, are secrets."""
    if not url or "@" not in url:
        return
    userinfo = url.split("//", 1)[-1].rsplit("@", 1)[0]
    errors.register_secret(userinfo)
    if ":" in userinfo:
        errors.register_secret(userinfo.split(":", 1)[1])


def check_headers(h: Any, where: str) -> dict[str, str]:
    """Caller headers, validated once: RFC 9110 token names, no control characters in values,
    no hop-by-hop or framing headers. Anything else is ``invalid_argument``."""
    if h is None:
        return {}
    if not isinstance(h, dict):
        raise errors.InvalidArgumentError(f"{where} must be an object of strings")
    out: dict[str, str] = {}
    for k, v in h.items():
        if not isinstance(k, str) or not _TOKEN.match(k):
            raise errors.InvalidArgumentError(
                f"{where}: invalid header name {errors.excerpt(repr(k), 60)}"
            )
        if k.lower() in FORBIDDEN_HEADERS:
            raise errors.InvalidArgumentError(
                f"{where}: header {k!r} is managed by the transport and may not be set"
            )
        if not isinstance(v, str):
            raise errors.InvalidArgumentError(f"{where}: value of header {k!r} must be a string")
        if _BAD_VALUE.search(v):
            raise errors.InvalidArgumentError(
                f"{where}: value of header {k!r} has a control character (CR, LF or NUL)"
            )
        out[k] = v
    return out


_URL = re.compile(r"https?://[^\s/?#]+[^\s]*\Z", re.I)


def check_url(u: Any, where: str) -> Any:
    """A base URL: absolute http(s), no whitespace or control characters. The message never
    echoes the URL's query (it may hold a key)."""
    if u is None:
        return None
    if not isinstance(u, str) or not _URL.match(u) or _BAD_VALUE.search(u):
        shown = u.split("?", 1)[0] if isinstance(u, str) else type(u).__name__
        raise errors.InvalidArgumentError(
            f"{where} must be an absolute http:// or https:// URL "
            f"(got {errors.excerpt(repr(shown), 80)})"
        )
    return u


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


def _count(d: dict[str, Any], key: str, default: int) -> int:
    v = d.get(key)
    if v is None:
        return default
    if isinstance(v, bool) or not isinstance(v, int) or not 1 <= v <= 2**40:
        raise errors.InvalidArgumentError(f"{key} must be a positive integer")
    return v


def _typed(d: dict[str, Any], key: str, typ: type) -> Any:
    v = d.get(key)
    if v is not None and not isinstance(v, typ):
        raise errors.InvalidArgumentError(f"{key} must be of type {typ.__name__}")
    return v


def model_list(v: Any, name: str) -> tuple[str, ...]:
    if v is None:
        return ()
    if not isinstance(v, list | tuple) or not all(isinstance(x, str) and x for x in v):
        raise errors.InvalidArgumentError(f"{name} must be a list of model names")
    return tuple(v)


def max_fallbacks(v: Any) -> int:
    if isinstance(v, bool) or not isinstance(v, int) or not 0 <= v <= 100:
        raise errors.InvalidArgumentError("max_fallbacks must be an integer from 0 to 100")
    return v


def _object(v: Any, name: str, allowed: frozenset[str] | set[str]) -> dict[str, Any]:
    if v is None:
        return {}
    if not isinstance(v, dict):
        raise errors.InvalidArgumentError(f"{name} must be an object")
    unknown = set(v) - set(allowed)
    if unknown:
        raise errors.InvalidArgumentError(f"unknown keys in {name}: {sorted(unknown)}")
    return v


def _positive(
    d: dict[str, Any], key: str, where: str, default: Any, *, integer: bool = False
) -> Any:
    v = d.get(key)
    if v is None:
        return default
    ok = not isinstance(v, bool) and isinstance(v, int if integer else int | float)
    if not ok or not math.isfinite(v) or v <= 0:
        kind = "a positive integer" if integer else "a positive number"
        raise errors.InvalidArgumentError(f"{where}.{key} must be {kind}")
    return v


_DEPLOYMENT_KEYS = {
    "id",
    "model_name",
    "model",
    "provider",
    "api_key",
    "api_key_env",
    "base_url",
    "headers",
    "weight",
    "rpm",
    "tpm",
    "priority",
} | SETTINGS


def _deployments(v: Any) -> tuple[DeploymentConfig, ...]:
    if v is None:
        return ()
    if not isinstance(v, list):
        raise errors.InvalidArgumentError("deployments must be a list of objects")
    out: list[DeploymentConfig] = []
    seen: set[str] = set()
    for i, d in enumerate(v):
        where = f"deployments[{i}]"
        d = _object(d, where, _DEPLOYMENT_KEYS)
        for k in ("model_name", "model"):
            if not isinstance(d.get(k), str) or not d[k]:
                raise errors.InvalidArgumentError(f"{where}.{k} must be a non-empty string")
        dep_id = d.get("id", f"{d['model_name']}-{i}")
        if not isinstance(dep_id, str) or not dep_id:
            raise errors.InvalidArgumentError(f"{where}.id must be a non-empty string")
        if dep_id in seen:
            raise errors.InvalidArgumentError(f"{where}.id {dep_id!r} is used twice")
        seen.add(dep_id)
        prio = d.get("priority", 0)
        if isinstance(prio, bool) or not isinstance(prio, int):
            raise errors.InvalidArgumentError(f"{where}.priority must be an integer")
        for k in ("provider", "api_key", "api_key_env"):
            if d.get(k) is not None and not isinstance(d[k], str):
                raise errors.InvalidArgumentError(f"{where}.{k} must be a string")
        out.append(
            DeploymentConfig(
                id=dep_id,
                model_name=d["model_name"],
                model=d["model"],
                provider=d.get("provider"),
                api_key=d.get("api_key"),
                api_key_env=d.get("api_key_env"),
                base_url=check_url(d.get("base_url"), f"{where}.base_url"),
                headers=check_headers(d.get("headers"), f"{where}.headers"),
                settings={k: d[k] for k in SETTINGS if k in d},
                weight=_positive(d, "weight", where, None),
                rpm=_positive(d, "rpm", where, None, integer=True),
                tpm=_positive(d, "tpm", where, None, integer=True),
                priority=prio,
            )
        )
    return tuple(out)


def _router(v: Any) -> RouterConfig:
    d = _object(v, "router", {"strategy", "latency_alpha", "window"})
    strategy = d.get("strategy", "simple_shuffle")
    if strategy not in STRATEGIES:
        raise errors.InvalidArgumentError(
            f"router.strategy must be one of {list(STRATEGIES)} "
            f"(got {errors.excerpt(repr(strategy), 40)})"
        )
    alpha = _positive(d, "latency_alpha", "router", 0.3)
    if alpha > 1:
        raise errors.InvalidArgumentError("router.latency_alpha must be in (0, 1]")
    return RouterConfig(strategy, float(alpha), float(_positive(d, "window", "router", 60.0)))


def _cooldown(v: Any) -> CooldownConfig | None:
    if v is False:
        return None
    d = _object(v, "cooldown", {"allowed_fails", "window", "seconds"})
    return CooldownConfig(
        allowed_fails=_positive(d, "allowed_fails", "cooldown", 3, integer=True),
        window=float(_positive(d, "window", "cooldown", 60.0)),
        seconds=float(_positive(d, "seconds", "cooldown", 30.0)),
    )


def _health(v: Any) -> HealthConfig:
    d = _object(
        v, "health", {"interval", "probe", "window", "failure_rate", "min_requests", "passive"}
    )
    interval = d.get("interval", 0)
    if isinstance(interval, bool) or not isinstance(interval, int | float) or interval < 0:
        raise errors.InvalidArgumentError("health.interval must be 0 (off) or seconds")
    probe = d.get("probe", "models")
    if probe not in ("models", "chat"):
        raise errors.InvalidArgumentError('health.probe must be "models" or "chat"')
    rate = _positive(d, "failure_rate", "health", 0.5)
    if rate > 1:
        raise errors.InvalidArgumentError("health.failure_rate must be in (0, 1]")
    passive = d.get("passive", True)
    if not isinstance(passive, bool):
        raise errors.InvalidArgumentError("health.passive must be true or false")
    return HealthConfig(
        interval=float(interval),
        probe=probe,
        window=float(_positive(d, "window", "health", 60.0)),
        failure_rate=float(rate),
        min_requests=_positive(d, "min_requests", "health", 5, integer=True),
        passive=passive,
    )


def _choice(d: dict[str, Any], key: str, allowed: tuple[str, ...], default: str) -> str:
    v = d.get(key, default)
    if v not in allowed:
        raise errors.InvalidArgumentError(f"{key} must be one of {list(allowed)}")
    return str(v)


def _state(v: Any) -> StateConfig:
    d = _object(v, "state", {"redis_url", "on_unavailable", "timeout", "prefix"})
    url = d.get("redis_url")
    if url is not None and (
        not isinstance(url, str) or not url.startswith(("redis://", "rediss://", "unix://"))
    ):
        raise errors.InvalidArgumentError(
            "state.redis_url must be a redis://, rediss:// or unix:// URL"
        )
    prefix = d.get("prefix", "liter_llm:")
    if not isinstance(prefix, str):
        raise errors.InvalidArgumentError("state.prefix must be a string")
    return StateConfig(
        redis_url=url,
        on_unavailable=_choice(d, "on_unavailable", ("fail_closed", "fail_open"), "fail_closed"),
        timeout=float(_positive(d, "timeout", "state", 1.0)),
        prefix=prefix,
    )


def _rate_limits(v: Any) -> tuple[RateLimit, ...]:
    if v is None:
        return ()
    if not isinstance(v, list):
        raise errors.InvalidArgumentError("rate_limits must be a list of objects")
    out = []
    for i, r in enumerate(v):
        where = f"rate_limits[{i}]"
        r = _object(r, where, {"scope", "rpm", "tpm", "window"})
        scope = r.get("scope")
        if scope not in ("deployment", "model", "key", "global"):
            raise errors.InvalidArgumentError(
                f"{where}.scope must be 'deployment', 'model', 'key' or 'global'"
            )
        rpm = _positive(r, "rpm", where, None, integer=True)
        tpm = _positive(r, "tpm", where, None, integer=True)
        if rpm is None and tpm is None:
            raise errors.InvalidArgumentError(f"{where} needs rpm or tpm")
        out.append(RateLimit(scope, rpm, tpm, float(_positive(r, "window", where, 60.0))))
    return tuple(out)


def _in_flight(v: Any) -> dict[str, int]:
    if v is None:
        return {}
    if not isinstance(v, dict):
        raise errors.InvalidArgumentError(
            "max_in_flight must be an object of provider or deployment -> N"
        )
    for k, n in v.items():
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            raise errors.InvalidArgumentError(f"max_in_flight.{k} must be a positive integer")
    return dict(v)


_ROLLING = re.compile(r"rolling_([1-9][0-9]{0,4})h\Z")


def budget_seconds(window: str) -> float | None:
    """Seconds of a rolling budget window; None for a calendar one."""
    m = _ROLLING.match(window)
    return int(m.group(1)) * 3600.0 if m else None


def _budgets(v: Any) -> tuple[Budget, ...]:
    if v is None:
        return ()
    if not isinstance(v, list):
        raise errors.InvalidArgumentError("budgets must be a list of objects")
    out = []
    for i, b in enumerate(v):
        where = f"budgets[{i}]"
        b = _object(b, where, {"scope", "limit_usd", "window", "mode"})
        scope = b.get("scope")
        if scope not in ("global", "model", "key"):
            raise errors.InvalidArgumentError(f"{where}.scope must be 'global', 'model' or 'key'")
        raw = b.get("limit_usd")
        try:
            limit = Decimal(raw) if isinstance(raw, str) else Decimal("NaN")
        except InvalidOperation:
            limit = Decimal("NaN")
        if not limit.is_finite() or limit < 0:
            raise errors.InvalidArgumentError(
                f'{where}.limit_usd must be a decimal string such as "5.00" (never a float)'
            )
        window = b.get("window", "total")
        if window not in BUDGET_WINDOWS and (
            not isinstance(window, str) or budget_seconds(window) is None
        ):
            raise errors.InvalidArgumentError(
                f"{where}.window must be 'total', 'daily', 'monthly' or 'rolling_<N>h'"
            )
        mode = b.get("mode", "hard")
        if mode not in ("hard", "soft"):
            raise errors.InvalidArgumentError(f"{where}.mode must be 'hard' or 'soft'")
        out.append(Budget(scope, limit, window, mode))
    return tuple(out)


def _cache(v: Any) -> CacheConfig | None:
    if v is None or v is False:
        return None
    d = _object(v, "cache", {"ttl", "max_entries"})
    return CacheConfig(
        ttl=float(_positive(d, "ttl", "cache", 300.0)),
        max_entries=_positive(d, "max_entries", "cache", 10_000, integer=True),
    )


TELEMETRY_KEYS = frozenset(
    {"metrics", "otel", "exporter", "path", "endpoint", "service_name", "capture_content",
     "logs", "log_level", "log_file"}
)  # fmt: skip


def _telemetry(v: Any) -> TelemetryConfig:
    d = _object(v, "telemetry", TELEMETRY_KEYS)
    flags = {}
    for k in ("metrics", "otel", "capture_content", "logs"):
        if k in d and not isinstance(d[k], bool):
            raise errors.InvalidArgumentError(f"telemetry.{k} must be true or false")
        flags[k] = bool(d.get(k, False))
    exporter = _choice(d, "exporter", ("global", "jsonl", "otlp"), "global")
    path = _typed(d, "path", str)
    endpoint = _typed(d, "endpoint", str)
    if exporter == "jsonl" and not path:
        raise errors.InvalidArgumentError("telemetry.exporter 'jsonl' needs telemetry.path")
    if exporter == "otlp":
        endpoint = check_url(endpoint, "telemetry.endpoint")
        if not endpoint:
            raise errors.InvalidArgumentError("telemetry.exporter 'otlp' needs telemetry.endpoint")
    level = d.get("log_level")
    if level is not None and level not in ("debug", "info", "warning", "error"):
        raise errors.InvalidArgumentError(
            "telemetry.log_level must be one of debug, info, warning, error"
        )
    return TelemetryConfig(
        metrics=flags["metrics"],
        otel=flags["otel"] or exporter != "global",
        exporter=exporter,
        path=path,
        endpoint=endpoint,
        service_name=_typed(d, "service_name", str) or "liter_llm",
        capture_content=flags["capture_content"],
        logs=flags["logs"] or level is not None,
        log_level=level,
        log_file=_typed(d, "log_file", str),
    )
