"""The only module that touches the network.

The default engine is ``pyreqwest`` (reqwest and hyper in Rust; the HTTP work runs outside the
GIL on its own threads and wakes the awaiting event loop). Measured through this stack against
nginx on loopback it served 2.7x aiohttp's req/s at 16 concurrent calls (bench/transport.md).
Callers may bring their own ``httpx`` client instead (``http_client=``, the openai SDK's
convention): :class:`HttpxTransport` speaks the same small interface.

Rules every transport here keeps (README, "Reliability"):
- **No redirects** for API calls: a 3xx is the provider's answer, so a credential never travels
  to another origin.
- **Bounded bodies**: a whole body, and the decompressed bytes of one, stop at
  ``Limits.max_response_bytes``; streams yield pieces as they arrive (decompressed
  incrementally) and the SSE decoder bounds one event.
- Every network failure leaves as a labelled ``LiterLlmError``; cancellation passes through and
  closes the upstream connection.
"""

from __future__ import annotations

import asyncio
import os
import weakref
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Protocol

from . import errors
from .providers.base import WireRequest

DEFAULT_TIMEOUT = 600.0
DEFAULT_CONNECT_TIMEOUT = 10.0
DEFAULT_STREAM_IDLE_TIMEOUT = 120.0
DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024
DEFAULT_MAX_EVENT_BYTES = 16 * 1024 * 1024
USER_AGENT = "liter_llm"
READ_AHEAD = 1


@dataclass(frozen=True, slots=True)
class Timeouts:
    """Seconds. ``total`` is the deadline of a whole call: every attempt, every backoff sleep
    and, for a stream, the wait for its first byte (``stream_total``, when set, bounds a whole
    stream too). ``stream_idle`` bounds the gap between two pieces of content; keep-alive
    comments and pings do not count as content."""

    total: float = DEFAULT_TIMEOUT
    connect: float = DEFAULT_CONNECT_TIMEOUT
    read: float | None = None
    stream_idle: float = DEFAULT_STREAM_IDLE_TIMEOUT
    stream_total: float | None = None


@dataclass(frozen=True, slots=True)
class NetConfig:
    """How the pool connects: limits, TLS and proxies (from the client config)."""

    max_connections: int = 1000
    max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES
    ca_bundle: str | None = None  # PEM file of extra trusted roots (system roots still trusted)
    client_cert: str | None = None  # PEM file: certificate chain (mTLS), key inside or below
    client_key: str | None = None  # PEM file of the private key, when not in client_cert
    proxy: str | None = None  # else HTTPS_PROXY / HTTP_PROXY / NO_PROXY from the environment
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT
    read_timeout: float | None = None
    secrets: tuple[str, ...] = field(default=(), repr=False)


@dataclass(slots=True)
class RawResponse:
    status: int
    headers: Mapping[str, str]
    body: bytes


class TransportLike(Protocol):
    """The seam the network sits behind (the engine needs nothing else)."""

    async def send(self, req: WireRequest, t: Timeouts) -> RawResponse: ...

    async def stream(
        self, req: WireRequest, t: Timeouts
    ) -> tuple[RawResponse | None, AsyncIterator[bytes]]: ...

    async def aclose(self) -> None: ...


_live: weakref.WeakSet[Any] = weakref.WeakSet()


async def close_all_on_this_loop() -> None:
    """Close every pool (the library loop's shutdown hook)."""
    for t in list(_live):
        try:
            await t.aclose()
        except Exception:
            pass


def _too_big(limit: int) -> errors.InvalidResponseError:
    return errors.InvalidResponseError(
        f"response body larger than max_response_bytes ({limit} bytes); raise the limit in the "
        "client config if this is expected"
    )


class Transport:
    """The default transport: one pyreqwest connection pool (keep-alive, HTTP/1.1 and HTTP/2,
    rustls with the system's roots plus ``ca_bundle``), built on first use."""

    def __init__(self, net: NetConfig | int | None = None) -> None:
        if isinstance(net, int):
            net = NetConfig(max_connections=net)
        self.net = net or NetConfig()
        self._client: Any = None
        self._closed = False
        _live.add(self)

    def _build(self) -> Any:
        from pyreqwest.client import ClientBuilder
        from pyreqwest.proxy import ProxyBuilder

        n = self.net
        b = (
            ClientBuilder()
            .max_connections(n.max_connections)
            .follow_redirects(False)
            .referer(False)
            .user_agent(USER_AGENT)
            .connect_timeout(timedelta(seconds=n.connect_timeout))
            .pool_idle_timeout(timedelta(seconds=60))
            .tcp_nodelay(True)
            .gzip(True)
            .brotli(True)
            .zstd(True)
            .deflate(True)
            .error_for_status(False)
        )
        if n.read_timeout:
            b = b.read_timeout(timedelta(seconds=n.read_timeout))
        try:
            if n.ca_bundle:
                b = b.add_root_certificate_pem(_read(n.ca_bundle, "ca_bundle"))
            if n.client_cert:
                pem = _read(n.client_cert, "client_cert")
                if n.client_key:
                    pem = pem.rstrip(b"\n") + b"\n" + _read(n.client_key, "client_key")
                b = b.identity_pem(pem)
            proxy = n.proxy
            if proxy:
                b = b.proxy(ProxyBuilder.all(proxy).no_proxy(os.environ.get("NO_PROXY")))
        except errors.LiterLlmError:
            raise
        except Exception as e:
            raise errors.InvalidArgumentError(f"TLS or proxy settings rejected: {e}") from None
        return b.build()

    def _get(self) -> Any:
        if self._closed:
            raise errors.InvalidArgumentError("client is closed")
        c = self._client
        if c is None:
            c = self._client = self._build()
        return c

    async def aclose(self) -> None:
        self._closed = True
        c, self._client = self._client, None
        if c is not None:
            try:
                await c.close()
            except Exception:
                pass

    def _builder(self, req: WireRequest, timeout: float | None) -> Any:
        # READ_AHEAD: pyreqwest keeps reading a body into its buffer while the buffer has
        # room, even after the response is left; a one-byte buffer makes leaving a stream
        # close the connection at once (the upstream sees the cancel) and gives back-pressure.
        rb = (
            self._get()
            .request(req.method, req.url)
            .headers(req.headers)
            .streamed_read_buffer_limit(READ_AHEAD)
        )
        if req.body is not None:
            rb = rb.body_bytes(req.body)
        if timeout is not None:
            rb = rb.timeout(timedelta(seconds=max(timeout, 0.001)))
        return rb

    async def send(self, req: WireRequest, t: Timeouts) -> RawResponse:
        """One request and its whole body (at most ``max_response_bytes`` after decoding)."""
        limit = self.net.max_response_bytes
        try:
            async with self._builder(req, t.total).build_streamed() as r:
                reader = r.body_reader
                parts: list[bytes] = []
                size = 0
                while (piece := await reader.read_chunk()) is not None:
                    size += len(piece)
                    if size > limit:
                        raise _too_big(limit)
                    parts.append(piece.to_bytes())
                body = parts[0] if len(parts) == 1 else b"".join(parts)
                return RawResponse(r.status, r.headers, body)
        except BaseException as e:
            raise map_exception(e, streaming=False, secrets=self.net.secrets) from None

    async def stream(
        self, req: WireRequest, t: Timeouts
    ) -> tuple[RawResponse | None, AsyncIterator[bytes]]:
        """Open a streamed request. On a non-2xx status returns the whole error response and
        an empty iterator; else (None, body pieces). Closing the iterator closes the
        response (and the connection, when the body was not read to its end)."""
        cm = self._builder(req, t.stream_total).build_streamed()
        try:
            async with asyncio.timeout(t.total):
                resp = await cm.__aenter__()
        except BaseException as e:
            raise map_exception(e, streaming=False, secrets=self.net.secrets) from None
        if resp.status >= 300:
            try:
                limit = self.net.max_response_bytes
                reader = resp.body_reader
                parts: list[bytes] = []
                size = 0
                while (piece := await reader.read_chunk()) is not None:
                    size += len(piece)
                    if size > limit:
                        raise _too_big(limit)
                    parts.append(piece.to_bytes())
                return RawResponse(resp.status, resp.headers, b"".join(parts)), _empty()
            except BaseException as e:
                raise map_exception(e, streaming=False, secrets=self.net.secrets) from None
            finally:
                await _exit(cm)
        return None, _pieces(cm, resp, self.net.secrets)


def _read(path: str, what: str) -> bytes:
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError as e:
        raise errors.InvalidArgumentError(f"{what}: cannot read {path!r}: {e.strerror}") from None


async def _exit(cm: Any) -> None:
    try:
        await cm.__aexit__(None, None, None)
    except Exception:
        pass


async def _empty() -> AsyncIterator[bytes]:
    return
    yield b""  # pragma: no cover


async def _pieces(cm: Any, resp: Any, secrets: tuple[str, ...]) -> AsyncIterator[bytes]:
    """Body pieces as they arrive (already decompressed). Leaving early closes the
    connection, so the upstream sees the cancel."""
    reader = resp.body_reader
    try:
        while (piece := await reader.read_chunk()) is not None:
            yield piece.to_bytes()
    except GeneratorExit:
        raise
    except BaseException as e:
        raise map_exception(e, streaming=True, secrets=secrets) from None
    finally:
        await _exit(cm)


async def drain(pieces: AsyncIterator[bytes], limit: float = 0.5) -> None:
    """Read what follows a stream's terminal marker (normally nothing) so the connection can
    be reused; give up after ``limit`` seconds."""

    async def _read_all() -> None:
        async for _ in pieces:
            pass

    try:
        await asyncio.wait_for(_read_all(), limit)
    except (TimeoutError, errors.LiterLlmError):
        pass


def _causes(e: BaseException) -> str:
    details = getattr(e, "details", None)
    if isinstance(details, dict):
        msgs = [c.get("message", "") for c in details.get("causes") or () if isinstance(c, dict)]
        if msgs:
            return ": ".join(m for m in msgs[1:] or msgs if m)
    return str(e)


def map_exception(
    e: BaseException, *, streaming: bool, secrets: tuple[str, ...] = ()
) -> BaseException:
    """Engine failure -> labelled error (cancellation passes through untouched)."""
    if isinstance(e, errors.LiterLlmError | asyncio.CancelledError | GeneratorExit):
        return e
    from pyreqwest import exceptions as px

    what = "stream" if streaming else "request"
    if isinstance(e, px.ConnectTimeoutError):
        return errors.TimeoutError("connect timed out")
    if isinstance(e, TimeoutError):  # asyncio's, and pyreqwest's read/total timeouts
        return errors.TimeoutError(f"{what} timed out")
    if isinstance(e, px.ConnectError):
        return errors.ConnectionError(errors.redact(f"connect failed: {_causes(e)}", secrets))
    if isinstance(e, px.BodyDecodeError | px.DecodeError):
        return errors.InvalidResponseError(
            errors.redact(f"response body could not be decoded: {_causes(e)}", secrets)
        )
    if isinstance(e, px.NetworkError | px.TransportError | OSError):
        msg = errors.redact(f"{what} connection lost: {_causes(e)}", secrets)
        return errors.StreamIncompleteError(msg) if streaming else errors.ConnectionError(msg)
    if isinstance(e, px.BuilderError | ValueError):
        return errors.InvalidArgumentError(
            errors.redact(f"invalid request URL or header: {e}", secrets)
        )
    if isinstance(e, px.ClientClosedError):
        return errors.CancelledError("the client was closed while the call was running")
    if isinstance(e, px.PyreqwestError):
        return errors.ConnectionError(errors.redact(f"{type(e).__name__}: {_causes(e)}", secrets))
    if isinstance(e, MemoryError):
        return errors.InvalidResponseError("response too large to hold in memory")
    if isinstance(e, Exception):
        return errors.InternalError(f"{type(e).__name__}: {e}")
    return e
