"""Vertex AI with a service-account key file: the OAuth2 JWT-bearer flow against a real
token endpoint on loopback, the token cache, refresh before expiry, and a refused token."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

import liter_llm
from liter_llm.providers import google_auth

KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
PEM = KEY.private_bytes(
    serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
).decode()
ANSWER = {
    "candidates": [
        {"content": {"role": "model", "parts": [{"text": "Hi"}]}, "finishReason": "STOP"}
    ],
    "usageMetadata": {"promptTokenCount": 2, "candidatesTokenCount": 1, "totalTokenCount": 3},
}


class Google:
    """A token endpoint and a Vertex generateContent endpoint, recording what they get."""

    def __init__(self, expires_in: int = 3600, token_status: int = 200) -> None:
        self.expires_in, self.token_status = expires_in, token_status
        self.assertions: list[str] = []
        self.bearers: list[str] = []

    async def token(self, request: web.Request) -> web.Response:
        form = await request.post()
        assert form["grant_type"] == "urn:ietf:params:oauth:grant-type:jwt-bearer"
        self.assertions.append(str(form["assertion"]))
        if self.token_status != 200:
            return web.json_response({"error": "invalid_grant"}, status=self.token_status)
        n = len(self.assertions)
        return web.json_response({"access_token": f"tok-{n}", "expires_in": self.expires_in})

    async def generate(self, request: web.Request) -> web.Response:
        self.bearers.append(request.headers.get("Authorization", ""))
        return web.json_response(ANSWER)


@contextlib.asynccontextmanager
async def serving(g: Google) -> AsyncIterator[str]:
    app = web.Application()
    app.router.add_post("/token", g.token)
    app.router.add_post(
        "/v1/projects/p1/locations/us-central1/publishers/google/models/{m}", g.generate
    )
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    google_auth._cache.clear()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()


def key_file(tmp_path: Path, base: str) -> str:
    f = tmp_path / "sa.json"
    f.write_text(
        json.dumps(
            {
                "type": "service_account",
                "client_email": "bot@p1.iam.gserviceaccount.com",
                "private_key_id": "kid-1",
                "private_key": PEM,
                "token_uri": f"{base}/token",
            }
        )
    )
    return str(f)


def client(base: str, path: str) -> liter_llm.AsyncClient:
    return liter_llm.AsyncClient(
        provider="vertex",
        providers={
            "vertex": {"base_url": base, "project": "p1", "credentials_file": path},
        },
    )


def b64d(s: str) -> bytes:
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


MSGS: Any = [{"role": "user", "content": "hi"}]


def test_jwt_flow_then_cached_token(tmp_path: Path) -> None:
    g = Google()

    async def main() -> tuple[str, Any, Any]:
        async with serving(g) as base:
            path = key_file(tmp_path, base)
            async with client(base, path) as c:
                first = await c.chat(model="gemini-2.5-flash", messages=MSGS)
                Path(path).unlink()  # a cached token needs no second read of the key file
                return base, first, await c.chat(model="gemini-2.5-flash", messages=MSGS)

    base, r1, r2 = asyncio.run(main())
    assert r1.choices[0].message.content == r2.choices[0].message.content == "Hi"
    assert len(g.assertions) == 1, "the second call must reuse the cached token"
    assert g.bearers == ["Bearer tok-1", "Bearer tok-1"]
    head, claims, sig = g.assertions[0].split(".")
    assert json.loads(b64d(head)) == {"alg": "RS256", "typ": "JWT", "kid": "kid-1"}
    c_ = json.loads(b64d(claims))
    assert c_["iss"] == "bot@p1.iam.gserviceaccount.com"
    assert c_["aud"] == f"{base}/token"
    assert c_["scope"] == google_auth.SCOPE
    assert c_["exp"] - c_["iat"] == 3600
    KEY.public_key().verify(  # raises if the signature is wrong
        b64d(sig), f"{head}.{claims}".encode(), padding.PKCS1v15(), hashes.SHA256()
    )


def test_token_renewed_before_expiry(tmp_path: Path) -> None:
    g = Google(expires_in=int(google_auth.REFRESH_MARGIN) - 1)  # inside the renewal margin

    async def main() -> None:
        async with serving(g) as base, client(base, key_file(tmp_path, base)) as c:
            for _ in range(2):
                await c.chat(model="m", messages=MSGS)

    asyncio.run(main())
    assert g.bearers == ["Bearer tok-1", "Bearer tok-2"]


def test_refused_token_is_authentication(tmp_path: Path) -> None:
    g = Google(token_status=400)

    async def main() -> None:
        async with serving(g) as base, client(base, key_file(tmp_path, base)) as c:
            await c.chat(model="m", messages=MSGS)

    with pytest.raises(liter_llm.errors.AuthenticationError) as e:
        asyncio.run(main())
    assert e.value.provider == "vertex"
    assert g.bearers == [], "no model request without a token"


def test_bad_key_file(tmp_path: Path) -> None:
    f = tmp_path / "x.json"
    f.write_text('{"type": "authorized_user"}')

    async def main() -> None:
        async with client("http://127.0.0.1:9", str(f)) as c:
            await c.chat(model="m", messages=MSGS)

    with pytest.raises(liter_llm.errors.AuthenticationError, match="not a service-account"):
        asyncio.run(main())
