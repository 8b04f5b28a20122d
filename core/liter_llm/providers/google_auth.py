"""Google service-account credentials: the OAuth2 JWT-bearer flow, with a token cache.

The pure half builds the signed assertion and the token request and reads the answer; the
engine sends it (``authorize``) and the cache hands the token out until shortly before it
expires. RS256 signing uses the ``cryptography`` package (the ``vertex`` extra).
"""

from __future__ import annotations

import base64
import json
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from .. import errors
from .base import Target, WireRequest, json_body

SCOPE = "https://www.googleapis.com/auth/cloud-platform"
DEFAULT_TOKEN_URI = "https://oauth2.googleapis.com/token"
REFRESH_MARGIN = 300.0  # seconds before expiry a cached token is renewed
LIFETIME = 3600


@dataclass(frozen=True)
class ServiceAccount:
    client_email: str
    private_key: str
    token_uri: str
    private_key_id: str | None = None


@dataclass
class _Cached:
    token: str
    expires_at: float


_cache: dict[str, _Cached] = {}  # key file path -> its current token


def load(path: str) -> ServiceAccount:
    try:
        info = json.loads(Path(path).expanduser().read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise errors.AuthenticationError(f"cannot read the service-account file {path}: {e}")
    if info.get("type") != "service_account" or not info.get("private_key"):
        raise errors.AuthenticationError(f"{path} is not a service-account key file")
    return ServiceAccount(
        info["client_email"],
        info["private_key"],
        info.get("token_uri") or DEFAULT_TOKEN_URI,
        info.get("private_key_id"),
    )


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def assertion(sa: ServiceAccount, now: float) -> str:
    """The RS256-signed JWT the token endpoint exchanges for an access token."""
    try:
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import padding, rsa
    except ImportError:
        raise errors.InitFailedError(
            "service-account files need the 'cryptography' package: "
            "pip install 'literllm-engine[vertex]'"
        ) from None
    header: dict[str, Any] = {"alg": "RS256", "typ": "JWT"}
    if sa.private_key_id:
        header["kid"] = sa.private_key_id
    claims = {
        "iss": sa.client_email,
        "scope": SCOPE,
        "aud": sa.token_uri,
        "iat": int(now),
        "exp": int(now) + LIFETIME,
    }
    signing_input = (
        _b64(json.dumps(header, separators=(",", ":")).encode())
        + "."
        + _b64(json.dumps(claims, separators=(",", ":")).encode())
    )
    key = serialization.load_pem_private_key(sa.private_key.encode(), password=None)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise errors.AuthenticationError("the service-account key is not an RSA key")
    sig = key.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
    return signing_input + "." + _b64(sig)


def token_request(sa: ServiceAccount, now: float) -> WireRequest:
    form = urlencode(
        {
            "grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer",
            "assertion": assertion(sa, now),
        }
    ).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"}
    return WireRequest("POST", sa.token_uri, headers, form, False)


def parse_token(status: int, raw: bytes, now: float) -> _Cached:
    if status >= 300:
        snippet = raw[:300].decode("utf-8", "replace")
        raise errors.AuthenticationError(f"the token endpoint refused ({status}): {snippet}")
    data = json_body(raw)
    token = data.get("access_token") if isinstance(data, dict) else None
    if not isinstance(token, str) or not token:
        raise errors.AuthenticationError("the token endpoint sent no access_token")
    return _Cached(token, now + float(data.get("expires_in") or LIFETIME))


async def authorize(target: Target, transport: Any, timeouts: Any) -> Target:
    """``target`` with a current access token when it names a service-account file."""
    path = target.setting("credentials_file", "GOOGLE_APPLICATION_CREDENTIALS")
    if not path or target.setting("access_token"):
        return target
    now = time.time()
    hit = _cache.get(str(path))
    if hit is None or hit.expires_at - REFRESH_MARGIN <= now:
        sa = load(str(path))  # read only when a token must be fetched, not on every call
        raw = await transport.send(token_request(sa, now), timeouts)
        hit = _cache[str(path)] = parse_token(raw.status, raw.body, now)
    return replace(target, settings={**target.settings, "access_token": hit.token})
