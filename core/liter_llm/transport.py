"""The only module that touches the network.

The default engine is ``wreq`` (a reqwest fork on hyper and BoringSSL, in Rust; the HTTP
work runs outside the GIL on its own thread and wakes the awaiting event loop). Chosen by
numbers and by behaviour (bench/transport.md): within the run-to-run spread of aiohttp and
pyreqwest for one call at a time, 2.7x aiohttp and 1.9x pyreqwest at 16 concurrent calls,
and it aborts a cancelled request even before the response headers came (pyreqwest 0.15
does not).
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
import collections
import os
import re
import threading
import weakref
from collections.abc import AsyncIterator, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Protocol

from . import errors
from .providers.base import FormPart, WireRequest

DEFAULT_TIMEOUT = 600.0
DEFAULT_CONNECT_TIMEOUT = 10.0
DEFAULT_STREAM_IDLE_TIMEOUT = 120.0
DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024
DEFAULT_MAX_EVENT_BYTES = 16 * 1024 * 1024
USER_AGENT = "liter_llm"


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
_build_lock = threading.Lock()


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


class Limiter:
    """At most ``n`` holders, shared by every event loop that uses one transport (blocking
    calls run on their caller's own loop, async calls and streams on the library's): a lock
    and a count when a permit is free, a future on the waiter's own loop when none is."""

    __slots__ = ("_free", "_lock", "_waiters")

    def __init__(self, n: int) -> None:
        self._free = n
        self._lock = threading.Lock()
        self._waiters: collections.deque[asyncio.Future[None]] = collections.deque()

    async def acquire(self) -> None:
        with self._lock:
            if self._free > 0:
                self._free -= 1
                return
            fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            self._waiters.append(fut)
        try:
            await fut
        except BaseException:
            with self._lock:
                if fut in self._waiters:  # never granted
                    self._waiters.remove(fut)
                    raise
            if fut.done() and not fut.cancelled():  # granted just before the cancel
                self.release()
            raise

    def release(self) -> None:
        with self._lock:
            if not self._waiters:
                self._free += 1
                return
            fut = self._waiters.popleft()
        fut.get_loop().call_soon_threadsafe(self._grant, fut)

    def _grant(self, fut: asyncio.Future[None]) -> None:
        if fut.cancelled():  # its waiter left meanwhile: the permit goes on
            self.release()
        else:
            fut.set_result(None)

    async def __aenter__(self) -> None:
        await self.acquire()

    async def __aexit__(self, *exc: object) -> None:
        self.release()


class Headers(Mapping[str, str]):
    """A response's headers as text, decoded when read (wreq hands out byte views)."""

    __slots__ = ("_h",)

    def __init__(self, h: Any) -> None:
        self._h = h

    def get(self, key: str, default: Any = None) -> Any:
        v = self._h.get(key)
        return default if v is None else bytes(v).decode("latin-1")

    def __getitem__(self, key: str) -> str:
        v = self._h.get(key)
        if v is None:
            raise KeyError(key)
        return bytes(v).decode("latin-1")

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._h.get(key) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys(bytes(k).decode("latin-1") for k, _ in self._h))

    def __len__(self) -> int:
        return int(self._h.keys_len())

    def items(self) -> Any:
        return [(bytes(k).decode("latin-1"), bytes(v).decode("latin-1")) for k, v in self._h]

    def prefixed(self, prefixes: tuple[bytes, ...]) -> dict[str, str]:
        """The headers whose (lower-case) names start with one of ``prefixes``, decoding only
        those (meta.rate_limit reads this on every answer)."""
        h = self._h
        out: dict[str, str] = {}
        for k in h.keys():  # noqa: SIM118 - a HeaderMap iterates (name, value) pairs
            kb = bytes(k)
            if kb.startswith(prefixes):
                name = kb.decode("latin-1")
                out[name] = bytes(h.get(name)).decode("latin-1")
        return out


_PEM_BLOCK = re.compile(rb"-----BEGIN ([A-Z ]+)-----.*?-----END \1-----\s*", re.S)


class Transport:
    """The default transport: one wreq connection pool (keep-alive, HTTP/1.1 and HTTP/2, the
    system's trust store plus ``ca_bundle``), built on first use. wreq aborts a request whose
    awaiting task is cancelled, headers received or not, so a cancel always reaches the
    upstream as a closed connection."""

    def __init__(self, net: NetConfig | int | None = None) -> None:
        if isinstance(net, int):
            net = NetConfig(max_connections=net)
        self.net = net or NetConfig()
        self._client: Any = None
        self._pid = 0
        self._closed = False
        # max_connections bounds requests in flight (wreq's pool_max_size bounds idle ones
        # only): a permit is held from send to the end of the body or stream
        self._slots = Limiter(self.net.max_connections)
        _live.add(self)

    def _permits(self) -> Limiter:
        return self._slots

    def _build(self) -> Any:
        import wreq
        from wreq.redirect import Policy
        from wreq.runtime import Runtime
        from wreq.tls import CertStore, Identity

        n = self.net
        kw: dict[str, Any] = {
            "redirect": Policy.none(),
            "referer": False,
            "user_agent": USER_AGENT,
            "connect_timeout": timedelta(seconds=n.connect_timeout),
            "pool_idle_timeout": timedelta(seconds=60),
            "pool_max_size": n.max_connections,
            "tcp_nodelay": True,
            "gzip": True,
            "brotli": True,
            "zstd": True,
            "deflate": True,
        }
        if n.read_timeout:
            kw["read_timeout"] = timedelta(seconds=n.read_timeout)
        try:
            if n.ca_bundle:
                pems = [
                    m.group(0).decode()
                    for m in _PEM_BLOCK.finditer(_read(n.ca_bundle, "ca_bundle"))
                ]
                if not pems:
                    raise errors.InvalidArgumentError(
                        f"ca_bundle {n.ca_bundle!r} holds no PEM certificate"
                    )
                kw["tls_verify"] = CertStore(pem_certs=pems, default_paths=True)
            if n.client_cert:
                blocks = list(_PEM_BLOCK.finditer(_read(n.client_cert, "client_cert")))
                if n.client_key:
                    blocks += list(_PEM_BLOCK.finditer(_read(n.client_key, "client_key")))
                certs = b"".join(m.group(0) for m in blocks if b"PRIVATE KEY" not in m.group(1))
                keys = [m.group(0) for m in blocks if b"PRIVATE KEY" in m.group(1)]
                if not certs or not keys:
                    raise errors.InvalidArgumentError(
                        "client_cert needs a PEM certificate and a PKCS#8 private key "
                        "(in client_cert itself or in client_key)"
                    )
                kw["tls_identity"] = Identity.from_pkcs8_pem(certs, keys[0])
            if n.proxy:
                no_proxy = os.environ.get("NO_PROXY") or os.environ.get("no_proxy")
                proxy = (
                    wreq.Proxy.all(n.proxy, exclusion=no_proxy)
                    if no_proxy
                    else wreq.Proxy.all(n.proxy)
                )
                kw["proxies"] = [proxy]
            # one worker: measured here 3.0k req/s at c=1 against 2.4k with the default pool
            # of workers, level at c=16 and above; the I/O still runs outside the GIL
            return wreq.Client(runtime=Runtime(workers=1), **kw)
        except errors.LiterLlmError:
            raise
        except Exception as e:
            raise errors.InvalidArgumentError(
                errors.redact(f"TLS or proxy settings rejected: {e}", n.secrets)
            ) from None

    def _get(self) -> Any:
        if self._closed:
            raise errors.InvalidArgumentError("client is closed")
        c = self._client
        if c is None:
            with _build_lock:  # loops of several threads may make the first call at once
                c = self._client
                if c is None:
                    c = self._client = self._build()
                    self._pid = os.getpid()
        elif self._pid != os.getpid():
            raise errors.InitFailedError(
                "this client's connection pool was made before fork(); make clients after "
                "forking (its I/O threads did not survive the fork)"
            )
        return c

    async def aclose(self) -> None:
        self._closed = True
        c, self._client = self._client, None
        if c is not None:
            try:
                c.close()
            except Exception:
                pass

    async def _open(self, req: WireRequest, timeout: float | None) -> Any:
        kw: dict[str, Any] = {"headers": req.headers}
        if req.body is not None:
            kw["body"] = req.body
        elif req.form is not None:
            kw["multipart"] = _multipart(req.form)
        if timeout is not None:
            kw["timeout"] = timedelta(seconds=max(timeout, 0.001))
        return await self._get().request(_method(req.method), req.url, **kw)

    async def _read_all(self, resp: Any) -> bytes:
        limit = self.net.max_response_bytes
        h = resp.headers
        length = h.get("content-length")
        if length is not None and h.get("content-encoding") is None:
            # the size is known and nothing expands it: one read (one hop to the engine)
            try:
                n = int(bytes(length))
            except ValueError:
                n = -1
            if 0 <= n <= limit:
                return bytes(await resp.bytes())
        parts: list[bytes] = []
        size = 0
        try:
            async with resp.stream() as body:  # its exit releases the body, read or not
                async for piece in body:
                    if not isinstance(piece, memoryview):
                        continue  # trailers
                    size += len(piece)
                    if size > limit:
                        raise _too_big(limit)
                    parts.append(bytes(piece))
        except BaseException:
            await _close(resp)
            raise
        return parts[0] if len(parts) == 1 else b"".join(parts)

    async def send(self, req: WireRequest, t: Timeouts) -> RawResponse:
        """One request and its whole body (at most ``max_response_bytes`` after decoding)."""
        try:
            async with self._permits():  # the engine's own timeout bounds the whole exchange
                resp = await self._open(req, t.total)
                status = resp.status.as_int()
                return RawResponse(status, Headers(resp.headers), await self._read_all(resp))
        except BaseException as e:
            raise map_exception(e, streaming=False, secrets=self.net.secrets) from None

    async def stream(
        self, req: WireRequest, t: Timeouts
    ) -> tuple[RawResponse | None, AsyncIterator[bytes]]:
        """Open a streamed request. On a non-2xx status returns the whole error response and
        an empty iterator; else (None, body pieces). Closing the iterator closes the
        response (and the connection, when the body was not read to its end)."""
        sem = self._permits()
        try:
            async with asyncio.timeout(t.total):
                await sem.acquire()
                try:
                    resp = await self._open(req, t.stream_total)
                except BaseException:
                    sem.release()
                    raise
            status = resp.status.as_int()
            if status >= 300:
                try:
                    body = await self._read_all(resp)
                finally:
                    sem.release()
                return RawResponse(status, Headers(resp.headers), body), _empty()
        except BaseException as e:
            raise map_exception(e, streaming=False, secrets=self.net.secrets) from None
        return None, _Pieces(resp, self.net.secrets, sem, Headers(resp.headers))


def _multipart(form: tuple[FormPart, ...]) -> Any:
    """A wreq multipart body; a ``path`` part is read from disk in pieces as it is sent."""
    from pathlib import Path

    import wreq

    parts = []
    for p in form:
        value: Any = Path(p.path) if p.path is not None else p.value
        if p.filename is None:
            parts.append(wreq.Part(p.name, value))
        else:
            parts.append(wreq.Part(p.name, value, filename=p.filename, mime=p.content_type))
    return wreq.Multipart(*parts)


_METHODS: dict[str, Any] = {}


def _method(name: str) -> Any:
    m = _METHODS.get(name)
    if m is None:
        import wreq

        m = _METHODS[name] = getattr(wreq.Method, name.upper())
    return m


def _read(path: str, what: str) -> bytes:
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError as e:
        raise errors.InvalidArgumentError(f"{what}: cannot read {path!r}: {e.strerror}") from None


async def _close(resp: Any) -> None:
    try:
        await resp.close()
    except Exception:
        pass


async def _empty() -> AsyncIterator[bytes]:
    return
    yield b""  # pragma: no cover


class _Pieces:
    """Body pieces as they arrive (already decompressed). Closing it (at any point, even
    before the first read) closes the response, so the upstream sees the cancel, and gives
    the connection permit back."""

    __slots__ = ("_it", "_resp", "_secrets", "_sem", "headers")

    def __init__(
        self, resp: Any, secrets: tuple[str, ...], sem: Limiter, headers: Mapping[str, str]
    ) -> None:
        self.headers = headers  # the response's, for a body saved to a file
        self._resp: Any = resp
        self._secrets = secrets
        self._sem = sem
        self._it: Any = None

    def __aiter__(self) -> _Pieces:
        return self

    async def __anext__(self) -> bytes:
        if self._resp is None:
            raise StopAsyncIteration
        if self._it is None:
            self._it = aiter(self._resp.stream())
        try:
            while True:
                piece = await anext(self._it)
                if isinstance(piece, memoryview):  # else trailers
                    return bytes(piece)
        except StopAsyncIteration:
            await self.aclose()
            raise
        except BaseException as e:
            await self.aclose()
            raise map_exception(e, streaming=True, secrets=self._secrets) from None

    async def aclose(self) -> None:
        resp, self._resp = self._resp, None
        it, self._it = self._it, None
        if resp is not None:
            self._sem.release()
            if it is not None:
                # the streamer owns the body: only its exit releases it (and the connection)
                try:
                    await it.__aexit__(None, None, None)
                except Exception:
                    pass
            await _close(resp)


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


def map_exception(
    e: BaseException, *, streaming: bool, secrets: tuple[str, ...] = ()
) -> BaseException:
    """Engine failure -> labelled error (cancellation passes through untouched). Engine
    messages quote the URL, so every message is scrubbed of secrets."""
    if isinstance(e, errors.LiterLlmError | asyncio.CancelledError | GeneratorExit):
        return e
    from wreq import exceptions as wx

    what = "stream" if streaming else "request"

    def msg(text: str) -> str:
        return errors.excerpt(errors.redact(text, secrets), 300)

    if isinstance(e, wx.TimeoutError | TimeoutError):
        return errors.TimeoutError(f"{what} timed out")
    if isinstance(e, wx.ConnectionError) and ("TimedOut" in str(e) or "connect timeout" in str(e)):
        return errors.TimeoutError("connect timed out (connect_timeout)")
    if isinstance(e, wx.ConnectionError | wx.ProxyConnectionError | wx.TlsError):
        return errors.ConnectionError(msg(f"connect failed: {_cause(e)}"))
    if isinstance(e, wx.DecodingError) and not _body_cut(e):
        return errors.InvalidResponseError(msg(f"response body could not be decoded: {_cause(e)}"))
    if isinstance(
        e, wx.ConnectionResetError | wx.BodyError | wx.RequestError | wx.DecodingError | OSError
    ):
        m = msg(f"{what} connection lost: {_cause(e)}")
        return errors.StreamIncompleteError(m) if streaming else errors.ConnectionError(m)
    if isinstance(e, wx.BuilderError | ValueError | RuntimeError) and not isinstance(
        e, wx.RustPanic
    ):
        return errors.InvalidArgumentError(msg(f"invalid request URL or header: {e}"))
    if isinstance(e, MemoryError):
        return errors.InvalidResponseError("response too large to hold in memory")
    if isinstance(e, Exception):
        return errors.InternalError(msg(f"{type(e).__name__}: {e}"))
    return e


_CUT = ("UnexpectedEof", "IncompleteMessage", "chunk size", "connection closed", "reset")


def _body_cut(e: BaseException) -> bool:
    """A body that ended early (a framing failure), as opposed to content that fails to
    decompress: the former is a lost connection, the latter ``invalid_response``."""
    text = str(e)
    return any(k in text for k in _CUT)


def _cause(e: BaseException) -> str:
    """The innermost reason of a wreq error's debug text (``source: ...``)."""
    text = str(e)
    i = text.rfind("source: ")
    return text[i + 8 :].rstrip("} )") if i >= 0 else text
