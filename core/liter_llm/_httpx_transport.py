"""A caller's own ``httpx`` client behind the transport seam (``http_client=``).

For corporate proxies, event hooks or respx/``httpx.MockTransport`` test doubles: the engine
keeps its rules (no redirects, bounded bodies, labelled errors) and the client does the I/O.
httpx is never imported unless a caller passes one of its clients. A synchronous
``httpx.Client`` runs in worker threads, so it never blocks the library's event loop.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from typing import Any

from . import errors
from .providers.base import FormPart, WireRequest
from .transport import (
    DEFAULT_MAX_RESPONSE_BYTES,
    RawResponse,
    Timeouts,
    _empty,
    _too_big,
)


def is_httpx_client(obj: Any) -> bool:
    mod = type(obj).__module__
    return mod.startswith("httpx") and type(obj).__name__ in ("Client", "AsyncClient")


class HttpxTransport:
    """The seam over a caller-owned ``httpx.AsyncClient`` or ``httpx.Client``. The caller
    keeps ownership: ``aclose`` does not close their client."""

    def __init__(self, client: Any, max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES):
        import httpx

        if not isinstance(client, httpx.AsyncClient | httpx.Client):
            raise errors.InvalidArgumentError(
                "http_client must be an httpx.Client or httpx.AsyncClient"
            )
        self._httpx = httpx
        self.client: Any = client
        self._async = isinstance(client, httpx.AsyncClient)
        self._limit = max_response_bytes

    async def aclose(self) -> None:
        return None

    def _request(self, req: WireRequest, t: Timeouts, total: float | None) -> Any:
        h = self._httpx
        timeout = h.Timeout(total, connect=t.connect, read=t.read or total)
        if req.form is not None:
            data, files, handles = _form(req.form)
            try:
                return self.client.build_request(
                    req.method,
                    req.url,
                    headers=req.headers,
                    data=data,
                    files=files,
                    timeout=timeout,
                    extensions={"liter_llm_files": handles},
                )
            except BaseException:
                _close_files(handles)
                raise
        return self.client.build_request(
            req.method, req.url, headers=req.headers, content=req.body, timeout=timeout
        )

    async def send(self, req: WireRequest, t: Timeouts) -> RawResponse:
        try:
            request = self._request(req, t, t.total)
            try:
                r = await self._open(request)
            finally:
                _close_files(_files_of(request))
            try:
                parts: list[bytes] = []
                size = 0
                async for piece in self._iter(r):
                    size += len(piece)
                    if size > self._limit:
                        raise _too_big(self._limit)
                    parts.append(piece)
            finally:
                await self._close(r)
            return RawResponse(r.status_code, r.headers, b"".join(parts))
        except BaseException as e:
            raise self._map(e, streaming=False) from None

    async def stream(
        self, req: WireRequest, t: Timeouts
    ) -> tuple[RawResponse | None, AsyncIterator[bytes]]:
        try:
            async with asyncio.timeout(t.total):
                request = self._request(req, t, t.stream_total)
                try:
                    r = await self._open(request)
                finally:
                    _close_files(_files_of(request))
        except BaseException as e:
            raise self._map(e, streaming=False) from None
        if r.status_code >= 300:
            try:
                parts = [p async for p in self._iter(r)]
            except BaseException as e:
                raise self._map(e, streaming=False) from None
            finally:
                await self._close(r)
            return RawResponse(r.status_code, r.headers, b"".join(parts)), _empty()
        return None, _HttpxPieces(self._pieces(r), r.headers)

    async def _pieces(self, r: Any) -> AsyncIterator[bytes]:
        try:
            async for piece in self._iter(r):
                yield piece
        except GeneratorExit:
            raise
        except BaseException as e:
            raise self._map(e, streaming=True) from None
        finally:
            await self._close(r)

    # -- the two client kinds
    async def _open(self, request: Any) -> Any:
        if self._async:
            return await self.client.send(request, stream=True, follow_redirects=False)
        return await asyncio.to_thread(
            self.client.send, request, stream=True, follow_redirects=False
        )

    async def _iter(self, r: Any) -> AsyncIterator[bytes]:
        if self._async:
            async for piece in r.aiter_bytes():
                yield piece
            return
        it: Iterator[bytes] = r.iter_bytes()
        while True:
            piece = await asyncio.to_thread(next, it, None)
            if piece is None:
                return
            yield piece

    async def _close(self, r: Any) -> None:
        try:
            if self._async:
                await r.aclose()
            else:
                await asyncio.to_thread(r.close)
        except Exception:
            pass

    def _map(self, e: BaseException, *, streaming: bool) -> BaseException:
        h = self._httpx
        if isinstance(e, errors.LiterLlmError | asyncio.CancelledError | GeneratorExit):
            return e
        what = "stream" if streaming else "request"
        if isinstance(e, h.TimeoutException | TimeoutError):
            return errors.TimeoutError(f"{what} timed out")
        if isinstance(e, h.DecodingError):
            return errors.InvalidResponseError(f"response body could not be decoded: {e}")
        if isinstance(e, h.InvalidURL | h.UnsupportedProtocol | h.LocalProtocolError):
            return errors.InvalidArgumentError(f"invalid request URL or header: {e}")
        if isinstance(e, h.ConnectError):
            return errors.ConnectionError(f"connect failed: {e}")
        if isinstance(e, h.TransportError | OSError):
            msg = f"{what} connection lost: {type(e).__name__}: {e}"
            return errors.StreamIncompleteError(msg) if streaming else errors.ConnectionError(msg)
        if isinstance(e, Exception):
            return errors.InternalError(f"{type(e).__name__}: {e}")
        return e


def _form(form: tuple[FormPart, ...]) -> tuple[dict[str, Any], list[Any], list[Any]]:
    """httpx's ``data`` and ``files`` of a multipart body, and the files opened for it. A
    ``path`` part is handed over as an open file, which httpx reads in pieces as it sends;
    the request's sender closes them (``_close_files``) once the request is done."""
    data: dict[str, Any] = {}
    files: list[Any] = []
    handles: list[Any] = []
    try:
        for p in form:
            if p.filename is None:
                data.setdefault(p.name, []).append(p.value)
            elif p.path is not None:
                f = open(p.path, "rb")  # noqa: SIM115 - closed by _close_files
                handles.append(f)
                files.append((p.name, (p.filename, f, p.content_type)))
            else:
                files.append((p.name, (p.filename, p.value, p.content_type)))
    except OSError as e:
        _close_files(handles)
        raise errors.InvalidArgumentError(f"cannot read an upload: {e.strerror}") from None
    return {k: v[0] if len(v) == 1 else v for k, v in data.items()}, files, handles


def _close_files(handles: list[Any]) -> None:
    for f in handles:
        f.close()


def _files_of(request: Any) -> list[Any]:
    return request.extensions.get("liter_llm_files") or []  # type: ignore[no-any-return]


class _HttpxPieces:
    """The body pieces of a streamed response, with its headers."""

    __slots__ = ("_gen", "headers")

    def __init__(self, gen: Any, headers: Any) -> None:
        self._gen = gen
        self.headers = headers

    def __aiter__(self) -> _HttpxPieces:
        return self

    async def __anext__(self) -> bytes:
        return await anext(self._gen)  # type: ignore[no-any-return]

    async def aclose(self) -> None:
        await self._gen.aclose()
