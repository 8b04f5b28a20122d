"""The transport seam: what today's network module must keep doing, on real sockets.

A tiny HTTP/1.1 server on loopback (plain or TLS with certificates made here) answers one
fixed completion and records what it saw: peak concurrent requests, request lines (absolute
URLs through a proxy), client certificates. The httpx seam (``http_client=``) runs through
``httpx.MockTransport`` and respx, the way users test with it."""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import gzip
import json
import socket
import ssl
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx

import liter_llm

MSGS = [{"role": "user", "content": "hi"}]
COMPLETION = {
    "id": "chatcmpl-t",
    "object": "chat.completion",
    "created": 1,
    "model": "m",
    "choices": [
        {
            "index": 0,
            "message": {"role": "assistant", "content": "over tls"},
            "finish_reason": "stop",
        }
    ],
}


class Upstream:
    """An HTTP/1.1 server in its own thread and loop; ``delay`` seconds before each answer."""

    def __init__(self, ssl_ctx: ssl.SSLContext | None = None, delay: float = 0.0, gz: bool = False):
        self.ssl_ctx, self.delay, self.gz = ssl_ctx, delay, gz
        self.cur = self.peak = self.requests = 0
        self.lines: list[str] = []
        self.peer_certs: list[Any] = []
        self.tasks: set[asyncio.Task[Any]] = set()
        self.loop = asyncio.new_event_loop()
        ready = threading.Event()
        self.thread = threading.Thread(target=self._run, args=(ready,), daemon=True)
        self.thread.start()
        ready.wait(10)

    def _run(self, ready: threading.Event) -> None:
        asyncio.set_event_loop(self.loop)
        self.server = self.loop.run_until_complete(
            asyncio.start_server(self._handle, "127.0.0.1", 0, ssl=self.ssl_ctx)
        )
        self.port = self.server.sockets[0].getsockname()[1]
        ready.set()
        self.loop.run_forever()

    async def _handle(self, r: asyncio.StreamReader, w: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self.tasks.add(task)
        sslobj = w.get_extra_info("ssl_object")
        if sslobj is not None:
            self.peer_certs.append(sslobj.getpeercert())
        try:
            while True:
                head = await r.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                self.lines.append(lines[0])
                n = next(
                    (int(x.split(":")[1]) for x in lines if x.lower().startswith("content-length")),
                    0,
                )
                if n:
                    await r.readexactly(n)
                self.requests += 1
                self.cur += 1
                self.peak = max(self.peak, self.cur)
                await asyncio.sleep(self.delay)
                self.cur -= 1
                body = json.dumps(COMPLETION).encode()
                extra = b""
                if self.gz:
                    body = gzip.compress(body)
                    extra = b"Content-Encoding: gzip\r\n"
                w.write(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                    + extra
                    + f"Content-Length: {len(body)}\r\n\r\n".encode()
                    + body
                )
                await w.drain()
        except (asyncio.IncompleteReadError, ConnectionError, ssl.SSLError, asyncio.CancelledError):
            pass
        finally:
            self.tasks.discard(task)
            w.close()

    def url(self, scheme: str = "http", host: str = "127.0.0.1") -> str:
        return f"{scheme}://{host}:{self.port}/v1"

    def close(self) -> None:
        async def stop() -> None:
            self.server.close()
            for t in list(self.tasks):
                t.cancel()
            await asyncio.gather(*self.tasks, return_exceptions=True)

        asyncio.run_coroutine_threadsafe(stop(), self.loop).result(5)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)


@pytest.fixture
def upstream() -> Iterator[Upstream]:
    u = Upstream(delay=0.05)
    yield u
    u.close()


# ------------------------------------------------------------------ pool limits
def test_max_connections_bounds_requests_in_flight(upstream: Upstream) -> None:
    async def go() -> None:
        async with liter_llm.AsyncClient(
            base_url=upstream.url(), api_key="k", max_connections=2
        ) as c:
            await asyncio.gather(*(c.chat(model="m", messages=MSGS) for _ in range(12)))

    asyncio.run(go())
    assert upstream.requests == 12
    assert upstream.peak <= 2, f"{upstream.peak} requests in flight with max_connections=2"


def test_without_a_limit_requests_overlap(upstream: Upstream) -> None:
    """The control for the test above: the same load does overlap when allowed to."""

    async def go() -> None:
        async with liter_llm.AsyncClient(base_url=upstream.url(), api_key="k") as c:
            await asyncio.gather(*(c.chat(model="m", messages=MSGS) for _ in range(12)))

    asyncio.run(go())
    assert upstream.peak > 2


def test_read_timeout_bounds_a_silent_upstream() -> None:
    """The upstream takes the request and says nothing for 2 s: read_timeout (0.2 s) ends
    the call as `timeout` while the call's own deadline (30 s) is far away."""
    u = Upstream(delay=2.0)
    try:
        c = liter_llm.Client(base_url=u.url(), api_key="k", read_timeout=0.2, max_retries=0)
        with c, pytest.raises(liter_llm.TimeoutError):
            c.chat(model="m", messages=MSGS, timeout=30)
        assert u.requests == 1
    finally:
        u.close()


def test_connect_timeout() -> None:
    """A listener whose accept queue is full: Linux drops further SYNs, so a connect hangs
    until connect_timeout (0.3 s) ends it as `timeout`, far inside the call's deadline."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(0)
    port = srv.getsockname()[1]
    fill = []
    try:
        for _ in range(4):  # queued, never accepted
            s = socket.socket()
            s.setblocking(False)
            with contextlib.suppress(BlockingIOError):
                s.connect(("127.0.0.1", port))
            fill.append(s)
        c = liter_llm.Client(
            base_url=f"http://127.0.0.1:{port}/v1", api_key="k", connect_timeout=0.3, max_retries=0
        )
        with c, pytest.raises(liter_llm.TimeoutError) as ei:
            c.chat(model="m", messages=MSGS, timeout=30)
        assert "connect" in ei.value.message
    finally:
        for s in fill:
            s.close()
        srv.close()


def test_gzip_answers_are_decoded() -> None:
    u = Upstream(gz=True)
    try:
        with liter_llm.Client(base_url=u.url(), api_key="k") as c:
            assert c.chat(model="m", messages=MSGS).content == "over tls"
    finally:
        u.close()


# ------------------------------------------------------------------ TLS and mTLS
def _certs(d: Path) -> dict[str, Path]:
    """A CA, a server certificate for 127.0.0.1 and a client certificate, all PEM."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = datetime.datetime.now(datetime.UTC)

    def name(cn: str) -> x509.Name:
        return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])

    def key() -> ec.EllipticCurvePrivateKey:
        return ec.generate_private_key(ec.SECP256R1())

    def pem_key(k: ec.EllipticCurvePrivateKey) -> bytes:
        return k.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )

    ca_key = key()
    ca = (
        x509.CertificateBuilder()
        .subject_name(name("liter_llm test CA"))
        .issuer_name(name("liter_llm test CA"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=2))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(True, False, False, False, False, True, True, False, False), critical=True
        )
        .sign(ca_key, hashes.SHA256())
    )

    def leaf(cn: str, usage: Any, san: list[Any] | None) -> tuple[Any, Any]:
        k = key()
        b = (
            x509.CertificateBuilder()
            .subject_name(name(cn))
            .issuer_name(ca.subject)
            .public_key(k.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=2))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([usage]), critical=False)
        )
        if san:
            b = b.add_extension(x509.SubjectAlternativeName(san), critical=False)
        return b.sign(ca_key, hashes.SHA256()), k

    import ipaddress

    srv, srv_key = leaf(
        "127.0.0.1",
        ExtendedKeyUsageOID.SERVER_AUTH,
        [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")],
    )
    cli, cli_key = leaf("liter_llm client", ExtendedKeyUsageOID.CLIENT_AUTH, None)
    files = {
        "ca": ca.public_bytes(serialization.Encoding.PEM),
        "server": srv.public_bytes(serialization.Encoding.PEM) + pem_key(srv_key),
        "client_cert": cli.public_bytes(serialization.Encoding.PEM),
        "client_key": pem_key(cli_key),
        "client_both": cli.public_bytes(serialization.Encoding.PEM) + pem_key(cli_key),
    }
    out = {}
    for k, v in files.items():
        (d / f"{k}.pem").write_bytes(v)
        out[k] = d / f"{k}.pem"
    return out


@pytest.fixture
def tls(tmp_path: Path) -> Iterator[tuple[Upstream, dict[str, Path]]]:
    certs = _certs(tmp_path)
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(certs["server"])
    ctx.load_verify_locations(certs["ca"])
    ctx.verify_mode = ssl.CERT_REQUIRED  # mTLS: the client must show a certificate
    u = Upstream(ssl_ctx=ctx)
    yield u, certs
    u.close()


@pytest.mark.parametrize(
    "cert, key",
    [("client_cert", "client_key"), ("client_both", None)],
    ids=["key-apart", "key-in-cert"],
)
def test_mtls_with_a_custom_ca_bundle(
    tls: tuple[Upstream, dict[str, Path]], cert: str, key: str | None
) -> None:
    u, certs = tls
    conf = {
        "base_url": u.url("https"),
        "api_key": "k",
        "ca_bundle": str(certs["ca"]),
        "client_cert": str(certs[cert]),
    }
    if key:
        conf["client_key"] = str(certs[key])
    with liter_llm.Client(**conf) as c:
        assert c.chat(model="m", messages=MSGS).content == "over tls"
    subject = dict(x[0] for x in u.peer_certs[-1]["subject"])
    assert subject["commonName"] == "liter_llm client"


def test_an_untrusted_server_is_refused(tls: tuple[Upstream, dict[str, Path]]) -> None:
    u, certs = tls
    conf = {"base_url": u.url("https"), "api_key": "k", "max_retries": 0}
    c = liter_llm.Client(**conf, client_cert=str(certs["client_both"]))
    with c, pytest.raises(liter_llm.ConnectionError):
        c.chat(model="m", messages=MSGS)
    assert u.requests == 0


def test_no_client_certificate_no_answer(tls: tuple[Upstream, dict[str, Path]]) -> None:
    u, certs = tls
    conf = {"base_url": u.url("https"), "api_key": "k", "max_retries": 0}
    c = liter_llm.Client(**conf, ca_bundle=str(certs["ca"]))
    with c, pytest.raises((liter_llm.ConnectionError, liter_llm.StreamIncompleteError)):
        c.chat(model="m", messages=MSGS)
    assert u.requests == 0


def test_missing_tls_files_are_invalid_argument(tmp_path: Path) -> None:
    with (
        liter_llm.Client(
            base_url="https://127.0.0.1:9/v1", api_key="k", ca_bundle=str(tmp_path / "none.pem")
        ) as c,
        pytest.raises(liter_llm.InvalidArgumentError),
    ):
        c.chat(model="m", messages=MSGS)


# ------------------------------------------------------------------ proxies
def test_http_proxy_from_the_environment(upstream: Upstream, monkeypatch: Any) -> None:
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{upstream.port}")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    with liter_llm.Client(base_url="http://provider.invalid/v1", api_key="k") as c:
        assert c.chat(model="m", messages=MSGS).content == "over tls"
    assert upstream.lines[-1] == "POST http://provider.invalid/v1/chat/completions HTTP/1.1"


def test_no_proxy_is_honoured(upstream: Upstream, monkeypatch: Any) -> None:
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")  # nothing listens there
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    with liter_llm.Client(base_url=upstream.url(), api_key="k") as c:
        assert c.chat(model="m", messages=MSGS).content == "over tls"
    assert upstream.lines[-1] == "POST /v1/chat/completions HTTP/1.1"


def test_proxy_from_config(upstream: Upstream) -> None:
    with liter_llm.Client(
        base_url="http://provider.invalid/v1",
        api_key="k",
        proxy=f"http://127.0.0.1:{upstream.port}",
    ) as c:
        assert c.chat(model="m", messages=MSGS).content == "over tls"
    assert upstream.lines[-1].startswith("POST http://provider.invalid/")


# ------------------------------------------------------------------ bring your own httpx
def _handler(seen: list[httpx.Request]) -> Any:
    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path.endswith("/redirect/chat/completions"):
            return httpx.Response(307, headers={"Location": "https://elsewhere.invalid/steal"})
        if json.loads(request.content).get("stream"):
            chunk = {
                "id": "c",
                "object": "chat.completion.chunk",
                "created": 1,
                "model": "m",
                "choices": [{"index": 0, "delta": {"content": "hi!"}, "finish_reason": "stop"}],
            }
            body = f"data: {json.dumps(chunk)}\n\ndata: [DONE]\n\n".encode()
            return httpx.Response(200, content=body, headers={"Content-Type": "text/event-stream"})
        return httpx.Response(200, json=COMPLETION)

    return handle


def test_sync_client_over_a_users_httpx_client() -> None:
    seen: list[httpx.Request] = []
    hc = httpx.Client(transport=httpx.MockTransport(_handler(seen)))
    with liter_llm.Client(base_url="https://api.test/v1", api_key="k", http_client=hc) as c:
        assert c.chat(model="m", messages=MSGS).content == "over tls"
        assert (
            "".join(
                ch.choices[0].delta.content or "" for ch in c.chat_stream(model="m", messages=MSGS)
            )
            == "hi!"
        )
    assert seen[0].headers["authorization"] == "Bearer k"
    assert not hc.is_closed  # the caller's client stays theirs


def test_async_client_over_a_users_httpx_client() -> None:
    seen: list[httpx.Request] = []

    async def go() -> None:
        hc = httpx.AsyncClient(transport=httpx.MockTransport(_handler(seen)))
        c = liter_llm.AsyncClient(base_url="https://api.test/v1", api_key="k", http_client=hc)
        async with hc, c:
            assert (await c.chat(model="m", messages=MSGS)).content == "over tls"
            s = c.chat_stream(model="m", messages=MSGS)
            assert (await s.final_response()).content == "hi!"

    asyncio.run(go())
    assert len(seen) == 2


def test_httpx_seam_never_follows_redirects() -> None:
    seen: list[httpx.Request] = []
    hc = httpx.Client(transport=httpx.MockTransport(_handler(seen)), follow_redirects=True)
    with (
        liter_llm.Client(
            base_url="https://api.test/redirect", api_key="k", http_client=hc, max_retries=0
        ) as c,
        pytest.raises(liter_llm.InvalidResponseError) as ei,
    ):
        c.chat(model="m", messages=MSGS)
    assert ei.value.status == 307
    assert [r.url.host for r in seen] == ["api.test"]


def test_respx_mocks_work_through_the_seam() -> None:
    async def go() -> None:
        with respx.mock(base_url="https://api.test/v1") as mock:
            route = mock.post("/chat/completions").respond(json=COMPLETION)
            async with (
                httpx.AsyncClient() as hc,
                liter_llm.AsyncClient(
                    base_url="https://api.test/v1", api_key="k", http_client=hc
                ) as c,
            ):
                assert (await c.chat(model="m", messages=MSGS)).content == "over tls"
            assert route.call_count == 1

    asyncio.run(go())


def test_http_client_must_be_httpx() -> None:
    with pytest.raises(liter_llm.InvalidArgumentError):
        liter_llm.Client(http_client=object())
