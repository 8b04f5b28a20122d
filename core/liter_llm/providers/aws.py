"""AWS request signing (Signature Version 4), credentials, and the binary event-stream
framing of streamed answers. Pure functions and a pure incremental decoder; the only reads
are of the environment and the shared credentials files.
"""

from __future__ import annotations

import binascii
import configparser
import hashlib
import hmac
import os
import struct
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from .. import _json, errors


@dataclass(frozen=True)
class Credentials:
    access_key: str
    secret_key: str
    token: str | None = None


def _profile_file(path_env: str, default: str) -> configparser.ConfigParser:
    cp = configparser.ConfigParser()
    cp.read(os.environ.get(path_env) or str(Path.home() / default))
    return cp


def credentials(settings: Mapping[str, Any]) -> Credentials | None:
    """Settings, then AWS_* variables, then the shared credentials file's profile."""
    ak, sk = settings.get("aws_access_key_id"), settings.get("aws_secret_access_key")
    if ak and sk:
        return Credentials(str(ak), str(sk), settings.get("aws_session_token"))
    ak, sk = os.environ.get("AWS_ACCESS_KEY_ID"), os.environ.get("AWS_SECRET_ACCESS_KEY")
    if ak and sk:
        return Credentials(ak, sk, os.environ.get("AWS_SESSION_TOKEN") or None)
    profile = str(settings.get("aws_profile") or os.environ.get("AWS_PROFILE") or "default")
    cp = _profile_file("AWS_SHARED_CREDENTIALS_FILE", ".aws/credentials")
    if cp.has_section(profile):
        sec = cp[profile]
        if sec.get("aws_access_key_id") and sec.get("aws_secret_access_key"):
            return Credentials(
                sec["aws_access_key_id"], sec["aws_secret_access_key"], sec.get("aws_session_token")
            )
    return None


def region(settings: Mapping[str, Any]) -> str | None:
    r = (
        settings.get("region")
        or os.environ.get("AWS_REGION")
        or os.environ.get("AWS_DEFAULT_REGION")
    )
    if r:
        return str(r)
    profile = str(settings.get("aws_profile") or os.environ.get("AWS_PROFILE") or "default")
    cp = _profile_file("AWS_CONFIG_FILE", ".aws/config")
    for sec in (profile, f"profile {profile}"):
        if cp.has_section(sec) and cp[sec].get("region"):
            return cp[sec]["region"]
    return None


# ---------------------------------------------------------------------------- SigV4
# Headers never signed (botocore's list): proxies and clients may change them.
UNSIGNED = frozenset({"expect", "user-agent", "x-amzn-trace-id", "authorization"})


def _hmac(key: bytes, msg: str) -> bytes:
    return hmac.new(key, msg.encode(), hashlib.sha256).digest()


def sign(
    method: str,
    url: str,
    headers: dict[str, str],
    body: bytes,
    creds: Credentials,
    region_name: str,
    service: str,
    now: float | None = None,
) -> dict[str, str]:
    """The headers of ``headers`` plus Host, X-Amz-Date, the session token and
    Authorization, signed as SigV4 says (and as botocore signs: the path is URI-encoded a
    second time, the payload hash is part of the canonical request but not a header)."""
    t = time.gmtime(time.time() if now is None else now)
    amz_date = time.strftime("%Y%m%dT%H%M%SZ", t)
    day = amz_date[:8]
    parts = urlsplit(url)
    out = dict(headers)
    out["X-Amz-Date"] = amz_date
    if creds.token:
        out["X-Amz-Security-Token"] = creds.token
    host = parts.hostname or ""
    if parts.port and not (
        (parts.scheme == "https" and parts.port == 443)
        or (parts.scheme == "http" and parts.port == 80)
    ):
        host = f"{host}:{parts.port}"
    signed: dict[str, str] = {"host": host}
    for k, v in out.items():
        lk = k.lower()
        if lk not in UNSIGNED:
            signed[lk] = " ".join(str(v).split())
    names = sorted(signed)
    canonical_headers = "".join(f"{k}:{signed[k]}\n" for k in names)
    signed_headers = ";".join(names)
    query = "&".join(
        sorted(
            f"{quote(k, safe='-_.~')}={quote(v, safe='-_.~')}"
            for k, _, v in (p.partition("=") for p in parts.query.split("&") if p)
        )
    )
    canonical = "\n".join(
        [
            method,
            quote(parts.path or "/", safe="/~"),
            query,
            canonical_headers,
            signed_headers,
            hashlib.sha256(body).hexdigest(),
        ]
    )
    scope = f"{day}/{region_name}/{service}/aws4_request"
    to_sign = "\n".join(
        ["AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(canonical.encode()).hexdigest()]
    )
    key = _hmac(("AWS4" + creds.secret_key).encode(), day)
    for part in (region_name, service, "aws4_request"):
        key = _hmac(key, part)
    signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    out["Authorization"] = (
        f"AWS4-HMAC-SHA256 Credential={creds.access_key}/{scope}, "
        f"SignedHeaders={signed_headers}, Signature={signature}"
    )
    return out


# ---------------------------------------------------------------------------- event stream
@dataclass(frozen=True)
class EventMessage:
    headers: dict[str, Any]
    payload: bytes

    def json(self) -> Any:
        try:
            return _json.loads(self.payload) if self.payload else {}
        except ValueError:
            raise errors.StreamIncompleteError("event stream payload is not valid JSON") from None


_PRELUDE = struct.Struct(">III")


class EventStreamDecoder:
    """Incremental decoder of ``application/vnd.amazon.eventstream``: each message is
    total length, headers length, prelude CRC32, headers, payload, message CRC32."""

    MAX_MESSAGE = 16 * 1024 * 1024

    def __init__(self) -> None:
        self._buf = bytearray()

    @property
    def has_partial(self) -> bool:
        return bool(self._buf)

    def feed(self, data: bytes) -> list[EventMessage]:
        self._buf += data
        out: list[EventMessage] = []
        while len(self._buf) >= 12:
            total, hlen, pcrc = _PRELUDE.unpack_from(self._buf)
            if binascii.crc32(bytes(self._buf[:8])) != pcrc:
                raise errors.StreamIncompleteError("event stream prelude CRC mismatch")
            if total < 16 or total > self.MAX_MESSAGE or hlen > total - 16:
                raise errors.StreamIncompleteError(f"event stream message of {total} bytes")
            if len(self._buf) < total:
                break
            msg = bytes(self._buf[:total])
            del self._buf[:total]
            (mcrc,) = struct.unpack_from(">I", msg, total - 4)
            if binascii.crc32(msg[:-4]) != mcrc:
                raise errors.StreamIncompleteError("event stream message CRC mismatch")
            try:
                headers = _headers(msg[12 : 12 + hlen])
            except (UnicodeDecodeError, struct.error, IndexError):
                raise errors.StreamIncompleteError("event stream message headers are malformed")
            out.append(EventMessage(headers, msg[12 + hlen : total - 4]))
        return out


def _headers(raw: bytes) -> dict[str, Any]:
    out: dict[str, Any] = {}
    i = 0
    while i < len(raw):
        n = raw[i]
        name = raw[i + 1 : i + 1 + n].decode()
        i += 1 + n
        kind = raw[i]
        i += 1
        value: Any
        if kind in (0, 1):  # bool true / false
            value = kind == 0
        elif kind == 2:
            value = struct.unpack_from(">b", raw, i)[0]
            i += 1
        elif kind == 3:
            value = struct.unpack_from(">h", raw, i)[0]
            i += 2
        elif kind == 4:
            value = struct.unpack_from(">i", raw, i)[0]
            i += 4
        elif kind in (5, 8):  # int64, timestamp
            value = struct.unpack_from(">q", raw, i)[0]
            i += 8
        elif kind in (6, 7):  # bytes, string
            (ln,) = struct.unpack_from(">H", raw, i)
            b = raw[i + 2 : i + 2 + ln]
            value = b.decode() if kind == 7 else b
            i += 2 + ln
        elif kind == 9:  # uuid
            value = raw[i : i + 16]
            i += 16
        else:
            raise errors.StreamIncompleteError(f"unknown event stream header type {kind}")
        out[name] = value
    return out
