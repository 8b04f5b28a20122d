"""The public Python API: ``Client`` (sync) and ``AsyncClient``, both context managers."""

from __future__ import annotations

import os
import weakref
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from types import TracebackType
from typing import Any, Generic, Self, TypeVar

import pydantic

from . import _runtime, errors
from ._bridge import CHUNK, DONE, ThreadStream
from ._engine import Engine, Result, StreamRun
from .config import ClientConfig
from .middleware.context import Clock, Meta, Random
from .observe.hooks import EVENTS, Hooks
from .providers import forms
from .providers.base import Binary
from .transport import Transport, TransportLike
from .types import (
    ChatCompletion,
    ChatCompletionChunk,
    ChatRequest,
    CostResult,
    EmbeddingRequest,
    EmbeddingResponse,
    ModelList,
    TokenCount,
)
from .types._base import TopLevelResponse
from .types.endpoints import (
    Batch,
    BatchList,
    Deleted,
    FileList,
    FileObject,
    ImagesResponse,
    Moderation,
    RerankResponse,
    ResponseObject,
    Transcription,
)


def _config(kw: dict[str, Any]) -> ClientConfig:
    return ClientConfig.from_dict({k: v for k, v in kw.items() if v is not None})


Hook = Callable[[dict[str, Any]], Any]


def _setup(
    config: dict[str, Any],
    http_client: Any,
    clock: Clock | None,
    rng: Random | None,
    observe: dict[str, Any],
) -> tuple[Engine, TransportLike]:
    """A client's engine (its config, pipeline and telemetry) and its transport."""
    hooks = Hooks()
    for event in EVENTS:
        fn = observe.get(event)
        if fn is not None:
            hooks.add(event, fn)
    engine = Engine(
        _config(config),
        clock=clock,
        rng=rng,
        hooks=hooks,
        tracer_provider=observe.get("tracer_provider"),
        meter_provider=observe.get("meter_provider"),
    )
    return engine, _transport(engine.config, http_client)


def _observe(
    on_request: Hook | None,
    on_response: Hook | None,
    on_error: Hook | None,
    tracer_provider: Any,
    meter_provider: Any,
) -> dict[str, Any]:
    return {
        "on_request": on_request,
        "on_response": on_response,
        "on_error": on_error,
        "tracer_provider": tracer_provider,
        "meter_provider": meter_provider,
    }


def _add_hook(engine: Engine, event: str, fn: Hook) -> None:
    engine.hooks.add(event, fn)
    engine.compose()


def _transport(cfg: ClientConfig, http_client: Any) -> TransportLike:
    if http_client is None:
        return Transport(cfg.net())
    from ._httpx_transport import HttpxTransport

    return HttpxTransport(http_client, cfg.max_response_bytes)


def _validation_message(e: pydantic.ValidationError) -> str:
    """pydantic's errors without the input values (they may hold keys or whole prompts)."""
    parts = []
    for err in e.errors(include_url=False, include_input=False, include_context=False)[:5]:
        loc = ".".join(str(x) for x in err.get("loc", ()))
        parts.append(f"{loc or 'request'}: {err.get('msg', '')}")
    more = e.error_count() - len(parts)
    return "; ".join(parts) + (f" (and {more} more)" if more > 0 else "")


def _request(model_cls: type[pydantic.BaseModel], req: Any, kw: dict[str, Any]) -> dict[str, Any]:
    """Validate a request (model, dict or keyword arguments) into its wire dict."""
    if isinstance(req, pydantic.BaseModel):
        base = req.model_dump(exclude_none=True, by_alias=True)
    elif req is None:
        base = {}
    elif isinstance(req, Mapping):
        base = dict(req)
    else:
        raise errors.InvalidArgumentError(
            f"request must be a {model_cls.__name__}, a dict or keyword arguments, "
            f"not {type(req).__name__}"
        )
    base.update(kw)
    errors.register_secret(base.get("api_key"))
    try:
        return model_cls.model_validate(base).model_dump(exclude_none=True, by_alias=True)
    except pydantic.ValidationError as e:
        raise errors.InvalidArgumentError(
            f"invalid {model_cls.__name__}: {_validation_message(e)}"
        ) from None
    except RecursionError:
        raise errors.InvalidArgumentError("request nests too deeply") from None


M = TypeVar("M", bound=pydantic.BaseModel)
E = TypeVar("E")
F = TypeVar("F")


def _parse(model_cls: type[M], data: Any, meta: Meta | None = None) -> M:
    try:
        out = model_cls.model_validate(data)
    except pydantic.ValidationError as e:
        raise errors.InvalidResponseError(f"unexpected {model_cls.__name__} shape: {e}") from None
    if meta is not None and isinstance(out, TopLevelResponse):
        out._meta = meta
    return out


def _file(v: Any) -> Any:
    """A Python file argument in the C ABI's file convention (``providers/forms.py``): a path
    (``str``, ``os.PathLike``, or an open file that is a whole file on disk) is streamed from
    disk; bytes, ``(filename, bytes | file[, content_type])`` and other file objects are sent
    from memory."""
    if isinstance(v, (str, os.PathLike)):
        return {"path": os.fspath(v)}
    if isinstance(v, list):
        return [_file(x) for x in v]
    if isinstance(v, tuple) and 2 <= len(v) <= 3:
        content = v[1].read() if hasattr(v[1], "read") else v[1]
        out = {"data": content, "filename": v[0]}
        if len(v) == 3:
            out["content_type"] = v[2]
        return out
    if hasattr(v, "read"):
        name = getattr(v, "name", None)
        if isinstance(name, str) and os.path.isfile(name):
            try:
                whole = v.seekable() and v.tell() == 0
            except (OSError, ValueError):
                whole = False
            if whole:
                return {"path": name}
        return {"data": v.read(), "filename": os.path.basename(name or "") or "file"}
    return v


def _files(req: dict[str, Any]) -> dict[str, Any]:
    for k in forms.FILE_FIELDS:
        if k in req:
            req[k] = _file(req[k])
    return req


def _with_output(req: dict[str, Any], output_file: str | os.PathLike[str] | None) -> Any:
    if output_file is not None:
        req["output_file"] = os.fspath(output_file)
    return req


class EventStream(Generic[E, F]):
    """A synchronous stream of any streamed op: iterate for its events; ``response`` is the
    final answer once iteration ended. ``close()`` (or leaving the ``with`` block) cancels
    the upstream request if it is still running."""

    _event: Callable[[dict[str, Any]], E]
    _final: Callable[[dict[str, Any], Meta], F]

    def __init__(self, inner: ThreadStream) -> None:
        self._inner = inner
        self.response: F | None = None
        # a stream dropped without close() still closes its upstream connection
        self._finalizer = weakref.finalize(self, inner.close)

    def __iter__(self) -> Iterator[E]:
        while True:
            kind, value, _ = self._inner.next()
            if kind == CHUNK:
                yield type(self)._event(value)
            elif kind == DONE:
                self.response = type(self)._final(value, self._inner.run.meta)
                return
            else:
                raise value

    def final_response(self) -> F:
        """Consume what is left and return the final answer."""
        for _ in self:
            pass
        assert self.response is not None
        return self.response

    @property
    def meta(self) -> Meta:
        """How the stream is served (complete once it ended): deployment, attempts, latency."""
        return self._inner.run.meta

    def close(self) -> None:
        self._finalizer()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _chunk(value: dict[str, Any]) -> ChatCompletionChunk:
    return _parse(ChatCompletionChunk, value)


def _completion(value: dict[str, Any], meta: Meta) -> ChatCompletion:
    return _parse(ChatCompletion, value, meta)


def _event(value: dict[str, Any]) -> dict[str, Any]:
    return value


def _response(value: dict[str, Any], meta: Meta) -> ResponseObject:
    return _parse(ResponseObject, value, meta)


class ChatStream(EventStream[ChatCompletionChunk, ChatCompletion]):
    """A synchronous chat stream: chunks, then ``response``, the accumulated completion."""

    _event = staticmethod(_chunk)
    _final = staticmethod(_completion)


class ResponseStream(EventStream[dict[str, Any], ResponseObject]):
    """A streamed Responses API call: its events (dicts with a ``type``), then
    ``response``, the final ``ResponseObject``."""

    _event = staticmethod(_event)
    _final = staticmethod(_response)


class Client:
    """Synchronous client. Network I/O runs on the library's own event-loop thread with a
    long-lived connection pool; this thread waits. Safe to share between threads.

    Keyword arguments are the configuration of the C ABI's ``literllm_client_new``:
    ``provider``, ``api_key``, ``api_key_env``, ``base_url``, ``headers``, ``max_retries``,
    ``timeout``, ``connect_timeout``, ``read_timeout``, ``stream_idle_timeout``,
    ``fallbacks``, ``providers``, ``max_connections``, ``max_response_bytes``,
    ``max_event_bytes``, ``stream_timeout``, ``ca_bundle``, ``client_cert``, ``client_key``,
    ``proxy``, ``telemetry``. ``http_client`` takes your own ``httpx.Client`` or
    ``httpx.AsyncClient`` (proxies, event hooks, test mocks) instead of the built-in transport.

    ``on_request``, ``on_response`` and ``on_error`` are hooks: each gets the call as a dict
    with secrets removed; an ``on_request`` hook that raises refuses the call
    (``HookRejectedError``). ``tracer_provider``/``meter_provider`` take OpenTelemetry
    providers instead of the global ones (``telemetry={"otel": True}`` turns tracing on).
    The sync client runs calls on the library's thread: the calling thread's active span
    is passed along as the call's ``traceparent``.
    """

    def __init__(
        self,
        *,
        http_client: Any = None,
        clock: Clock | None = None,
        rng: Random | None = None,
        on_request: Hook | None = None,
        on_response: Hook | None = None,
        on_error: Hook | None = None,
        tracer_provider: Any = None,
        meter_provider: Any = None,
        **config: Any,
    ) -> None:
        observe = _observe(on_request, on_response, on_error, tracer_provider, meter_provider)
        self._engine, self._transport = _setup(config, http_client, clock, rng, observe)
        self._closed = False

    def add_hook(self, event: str, fn: Hook) -> None:
        """Add a hook: ``on_request``, ``on_response`` or ``on_error``."""
        _add_hook(self._engine, event, fn)

    def metrics(self) -> str:
        """This client's Prometheus metrics, in the text exposition format
        (``telemetry={"metrics": True}``)."""
        return str(self._run("metrics", {}).data["text"])

    def _traced(self, request: dict[str, Any]) -> dict[str, Any]:
        """``request`` with the calling thread's trace context, when tracing and none given."""
        if self._engine.tel.otel is None or "traceparent" in request:
            return request
        from .observe.otel import current_traceparent

        tp, ts = current_traceparent()
        if tp is None:
            return request
        return {**request, "traceparent": tp, **({"tracestate": ts} if ts else {})}

    def _check(self) -> None:
        if self._closed:
            raise errors.InvalidArgumentError("client is closed")

    def _run(self, op: str, request: dict[str, Any] | None) -> Result:
        self._check()
        try:
            req = self._traced(request or {})
            return _runtime.run(self._engine.call(op, req, self._transport), self)
        except Exception as e:
            raise errors.from_exception(e) from None

    def call(self, op: str, request: dict[str, Any] | None = None) -> Any:
        """Any op of the C ABI with a plain dict request; returns the plain dict response
        (``call_with_meta`` also returns how it was served)."""
        return self._run(op, request).data

    def call_with_meta(self, op: str, request: dict[str, Any] | None = None) -> tuple[Any, Meta]:
        """Like ``call``: the plain dict response and the call's ``Meta``."""
        r = self._run(op, request)
        assert r.meta is not None
        return r.data, r.meta

    def chat(
        self, request: ChatRequest | dict[str, Any] | None = None, **kw: Any
    ) -> ChatCompletion:
        """A chat completion: ``client.chat(model="openai/gpt-4o-mini", messages=[...])``."""
        r = self._run("chat", _request(ChatRequest, request, kw))
        return _parse(ChatCompletion, r.data, r.meta)

    def chat_stream(
        self, request: ChatRequest | dict[str, Any] | None = None, **kw: Any
    ) -> ChatStream:
        """A streamed chat completion; use as an iterator and, best, a context manager."""
        self._check()
        req = self._traced(_request(ChatRequest, request, kw))
        return ChatStream(ThreadStream(self._engine, "chat", req, self._transport))

    def embed(
        self, request: EmbeddingRequest | dict[str, Any] | None = None, **kw: Any
    ) -> EmbeddingResponse:
        r = self._run("embed", _request(EmbeddingRequest, request, kw))
        return _parse(EmbeddingResponse, r.data, r.meta)

    def models(self, provider: str | None = None) -> ModelList:
        r = self._run("models", {"provider": provider} if provider else {})
        return _parse(ModelList, r.data, r.meta)

    def cost(self, model: str, usage: Mapping[str, Any], **kw: Any) -> CostResult:
        """What ``usage`` (OpenAI's shape) costs for ``model``, offline (``at=`` an ISO time
        for hour-of-day prices)."""
        r = self._run("cost", {"model": model, "usage": dict(usage), **kw})
        return _parse(CostResult, r.data, r.meta)

    def count_tokens(self, model: str, **request: Any) -> TokenCount:
        """Tokens of ``messages`` (and ``tools``) or ``text`` for ``model``; ``exact=True``
        asks the provider where it can."""
        r = self._run("count_tokens", {"model": model, **request})
        return _parse(TokenCount, r.data, r.meta)

    # ------------------------------------------------------------------ endpoints
    # Keyword arguments are the OpenAI request's fields (and per-call options); a file
    # field (``file``, ``image``, ``mask``) takes a path, bytes, an open file or a
    # ``(filename, bytes, content_type)`` tuple.
    def _typed(self, op: str, cls: type[M], req: dict[str, Any]) -> M:
        r = self._run(op, _files(req))
        return _parse(cls, r.data, r.meta)

    def images(self, **kw: Any) -> ImagesResponse:
        """Generate images: ``model``, ``prompt``, ``n``, ``size``, ..."""
        return self._typed("images", ImagesResponse, kw)

    def image_edit(self, **kw: Any) -> ImagesResponse:
        """Edit images: ``model``, ``prompt``, ``image`` (one or a list), ``mask``."""
        return self._typed("image_edit", ImagesResponse, kw)

    def speech(self, *, output_file: str | os.PathLike[str] | None = None, **kw: Any) -> Binary:
        """Text to speech: ``model``, ``input``, ``voice``, ...; with ``output_file`` the
        audio is streamed into that file (complete, or not there at all)."""
        return self._run("speech", _with_output(kw, output_file)).data  # type: ignore[no-any-return]

    def transcribe(self, file: Any, **kw: Any) -> Transcription:
        """Audio to text in its language: ``model``, ``language``, ``response_format``, ..."""
        return self._typed("transcribe", Transcription, {"file": file, **kw})

    def translate(self, file: Any, **kw: Any) -> Transcription:
        """Audio to English text."""
        return self._typed("translate", Transcription, {"file": file, **kw})

    def moderate(self, **kw: Any) -> Moderation:
        """Classify ``input`` with a moderation ``model``."""
        return self._typed("moderate", Moderation, kw)

    def rerank(self, **kw: Any) -> RerankResponse:
        """Order ``documents`` by relevance to ``query`` (``top_n``, ``return_documents``)."""
        return self._typed("rerank", RerankResponse, kw)

    def upload_file(self, file: Any, purpose: str, **kw: Any) -> FileObject:
        """Upload a file for a ``purpose`` ("batch", "fine-tune", ...)."""
        return self._typed("file_upload", FileObject, {"file": file, "purpose": purpose, **kw})

    def list_files(self, **query: Any) -> FileList:
        """Uploaded files (``purpose``, ``limit``, ``after``, ``order``)."""
        return self._typed("file_list", FileList, query)

    def retrieve_file(self, file_id: str, **kw: Any) -> FileObject:
        return self._typed("file_retrieve", FileObject, {"file_id": file_id, **kw})

    def file_content(
        self, file_id: str, *, output_file: str | os.PathLike[str] | None = None, **kw: Any
    ) -> Binary:
        """A file's bytes (or, with ``output_file``, streamed into that file)."""
        req = _with_output({"file_id": file_id, **kw}, output_file)
        return self._run("file_content", req).data  # type: ignore[no-any-return]

    def delete_file(self, file_id: str, **kw: Any) -> Deleted:
        return self._typed("file_delete", Deleted, {"file_id": file_id, **kw})

    def create_batch(self, **kw: Any) -> Batch:
        """A batch of an uploaded JSONL file: ``input_file_id``, ``endpoint``,
        ``completion_window`` (default "24h"), ``metadata``."""
        kw.setdefault("completion_window", "24h")
        return self._typed("batch_create", Batch, kw)

    def retrieve_batch(self, batch_id: str, **kw: Any) -> Batch:
        return self._typed("batch_retrieve", Batch, {"batch_id": batch_id, **kw})

    def list_batches(self, **query: Any) -> BatchList:
        return self._typed("batch_list", BatchList, query)

    def cancel_batch(self, batch_id: str, **kw: Any) -> Batch:
        return self._typed("batch_cancel", Batch, {"batch_id": batch_id, **kw})

    def create_response(self, **kw: Any) -> ResponseObject:
        """The Responses API: ``model``, ``input``, ``instructions``, ``tools``, ..."""
        return self._typed("responses", ResponseObject, kw)

    def response_stream(self, **kw: Any) -> ResponseStream:
        """A streamed response: its events, then ``response`` (use it as a context manager)."""
        self._check()
        return ResponseStream(
            ThreadStream(self._engine, "responses", self._traced(kw), self._transport)
        )

    def retrieve_response(self, response_id: str, **kw: Any) -> ResponseObject:
        return self._typed("response_retrieve", ResponseObject, {"response_id": response_id, **kw})

    def cancel_response(self, response_id: str, **kw: Any) -> ResponseObject:
        return self._typed("response_cancel", ResponseObject, {"response_id": response_id, **kw})

    def delete_response(self, response_id: str, **kw: Any) -> Deleted:
        return self._typed("response_delete", Deleted, {"response_id": response_id, **kw})

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            _runtime.cancel_owned(self)
            if _runtime._loop is not None:
                _runtime.run(self._aclose())

    async def _aclose(self) -> None:
        await self._engine.aclose()
        await self._transport.aclose()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, t: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


class AsyncEventStream(Generic[E, F]):
    """An async stream of any streamed op: ``async for event in stream``; ``response`` after
    the end. ``aclose()`` (or ``async with``) closes the upstream connection."""

    _event: Callable[[dict[str, Any]], E]
    _final: Callable[[dict[str, Any], Meta], F]

    def __init__(self, run: StreamRun) -> None:
        self._run = run
        self._it: AsyncIterator[tuple[dict[str, Any], bytes]] | None = None
        self.response: F | None = None

    async def __aiter__(self) -> AsyncIterator[E]:
        self._it = aiter(self._run)
        try:
            async for chunk, _ in self._it:
                yield type(self)._event(chunk)
        except errors.LiterLlmError:
            raise
        except Exception as e:
            raise errors.from_exception(e) from None
        self.response = type(self)._final(self._run.final(), self._run.meta)

    async def final_response(self) -> F:
        async for _ in self:
            pass
        assert self.response is not None
        return self.response

    @property
    def meta(self) -> Meta:
        """How the stream is served (complete once it ended): deployment, attempts, latency."""
        return self._run.meta

    async def aclose(self) -> None:
        if self._it is not None:
            await self._it.aclose()  # type: ignore[attr-defined]

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()


class AsyncChatStream(AsyncEventStream[ChatCompletionChunk, ChatCompletion]):
    """An async chat stream: chunks, then ``response``, the accumulated completion."""

    _event = staticmethod(_chunk)
    _final = staticmethod(_completion)


class AsyncResponseStream(AsyncEventStream[dict[str, Any], ResponseObject]):
    """An async streamed Responses API call: its events, then ``response``."""

    _event = staticmethod(_event)
    _final = staticmethod(_response)


class AsyncClient:
    """Asynchronous client on the caller's event loop (its own connection pool); takes the
    same keyword arguments as :class:`Client` (``http_client``: an ``httpx.AsyncClient``)."""

    def __init__(
        self,
        *,
        http_client: Any = None,
        clock: Clock | None = None,
        rng: Random | None = None,
        on_request: Hook | None = None,
        on_response: Hook | None = None,
        on_error: Hook | None = None,
        tracer_provider: Any = None,
        meter_provider: Any = None,
        **config: Any,
    ) -> None:
        observe = _observe(on_request, on_response, on_error, tracer_provider, meter_provider)
        self._engine, self._transport = _setup(config, http_client, clock, rng, observe)
        self._closed = False

    def add_hook(self, event: str, fn: Hook) -> None:
        """Add a hook: ``on_request``, ``on_response`` or ``on_error``."""
        _add_hook(self._engine, event, fn)

    async def metrics(self) -> str:
        """This client's Prometheus metrics (``telemetry={"metrics": True}``)."""
        return str((await self._run("metrics", {})).data["text"])

    async def _run(self, op: str, request: dict[str, Any] | None) -> Result:
        if self._closed:
            raise errors.InvalidArgumentError("client is closed")
        try:
            return await self._engine.call(op, request or {}, self._transport)
        except Exception as e:  # a cancel (BaseException) passes through
            raise errors.from_exception(e) from None

    async def call(self, op: str, request: dict[str, Any] | None = None) -> Any:
        if self._closed:
            raise errors.InvalidArgumentError("client is closed")
        try:
            return (await self._engine.call(op, request or {}, self._transport)).data
        except Exception as e:  # a cancel (BaseException) passes through
            raise errors.from_exception(e) from None

    async def call_with_meta(
        self, op: str, request: dict[str, Any] | None = None
    ) -> tuple[Any, Meta]:
        r = await self._run(op, request)
        assert r.meta is not None
        return r.data, r.meta

    async def chat(
        self, request: ChatRequest | dict[str, Any] | None = None, **kw: Any
    ) -> ChatCompletion:
        r = await self._run("chat", _request(ChatRequest, request, kw))
        return _parse(ChatCompletion, r.data, r.meta)

    def chat_stream(
        self, request: ChatRequest | dict[str, Any] | None = None, **kw: Any
    ) -> AsyncChatStream:
        if self._closed:
            raise errors.InvalidArgumentError("client is closed")
        return AsyncChatStream(
            self._engine.stream("chat", _request(ChatRequest, request, kw), self._transport)
        )

    async def embed(
        self, request: EmbeddingRequest | dict[str, Any] | None = None, **kw: Any
    ) -> EmbeddingResponse:
        r = await self._run("embed", _request(EmbeddingRequest, request, kw))
        return _parse(EmbeddingResponse, r.data, r.meta)

    async def models(self, provider: str | None = None) -> ModelList:
        r = await self._run("models", {"provider": provider} if provider else {})
        return _parse(ModelList, r.data, r.meta)

    async def cost(self, model: str, usage: Mapping[str, Any], **kw: Any) -> CostResult:
        r = await self._run("cost", {"model": model, "usage": dict(usage), **kw})
        return _parse(CostResult, r.data, r.meta)

    async def count_tokens(self, model: str, **request: Any) -> TokenCount:
        r = await self._run("count_tokens", {"model": model, **request})
        return _parse(TokenCount, r.data, r.meta)

    # ------------------------------------------------------------------ endpoints
    # Keyword arguments are the OpenAI request's fields (and per-call options); a file
    # field (``file``, ``image``, ``mask``) takes a path, bytes, an open file or a
    # ``(filename, bytes, content_type)`` tuple.
    async def _typed(self, op: str, cls: type[M], req: dict[str, Any]) -> M:
        r = await self._run(op, _files(req))
        return _parse(cls, r.data, r.meta)

    async def images(self, **kw: Any) -> ImagesResponse:
        """Generate images: ``model``, ``prompt``, ``n``, ``size``, ..."""
        return await self._typed("images", ImagesResponse, kw)

    async def image_edit(self, **kw: Any) -> ImagesResponse:
        """Edit images: ``model``, ``prompt``, ``image`` (one or a list), ``mask``."""
        return await self._typed("image_edit", ImagesResponse, kw)

    async def speech(
        self, *, output_file: str | os.PathLike[str] | None = None, **kw: Any
    ) -> Binary:
        """Text to speech: ``model``, ``input``, ``voice``, ...; with ``output_file`` the
        audio is streamed into that file (complete, or not there at all)."""
        return (await self._run("speech", _with_output(kw, output_file))).data  # type: ignore[no-any-return]

    async def transcribe(self, file: Any, **kw: Any) -> Transcription:
        """Audio to text in its language: ``model``, ``language``, ``response_format``, ..."""
        return await self._typed("transcribe", Transcription, {"file": file, **kw})

    async def translate(self, file: Any, **kw: Any) -> Transcription:
        """Audio to English text."""
        return await self._typed("translate", Transcription, {"file": file, **kw})

    async def moderate(self, **kw: Any) -> Moderation:
        """Classify ``input`` with a moderation ``model``."""
        return await self._typed("moderate", Moderation, kw)

    async def rerank(self, **kw: Any) -> RerankResponse:
        """Order ``documents`` by relevance to ``query`` (``top_n``, ``return_documents``)."""
        return await self._typed("rerank", RerankResponse, kw)

    async def upload_file(self, file: Any, purpose: str, **kw: Any) -> FileObject:
        """Upload a file for a ``purpose`` ("batch", "fine-tune", ...)."""
        return await self._typed(
            "file_upload", FileObject, {"file": file, "purpose": purpose, **kw}
        )

    async def list_files(self, **query: Any) -> FileList:
        """Uploaded files (``purpose``, ``limit``, ``after``, ``order``)."""
        return await self._typed("file_list", FileList, query)

    async def retrieve_file(self, file_id: str, **kw: Any) -> FileObject:
        return await self._typed("file_retrieve", FileObject, {"file_id": file_id, **kw})

    async def file_content(
        self, file_id: str, *, output_file: str | os.PathLike[str] | None = None, **kw: Any
    ) -> Binary:
        """A file's bytes (or, with ``output_file``, streamed into that file)."""
        req = _with_output({"file_id": file_id, **kw}, output_file)
        return (await self._run("file_content", req)).data  # type: ignore[no-any-return]

    async def delete_file(self, file_id: str, **kw: Any) -> Deleted:
        return await self._typed("file_delete", Deleted, {"file_id": file_id, **kw})

    async def create_batch(self, **kw: Any) -> Batch:
        """A batch of an uploaded JSONL file: ``input_file_id``, ``endpoint``,
        ``completion_window`` (default "24h"), ``metadata``."""
        kw.setdefault("completion_window", "24h")
        return await self._typed("batch_create", Batch, kw)

    async def retrieve_batch(self, batch_id: str, **kw: Any) -> Batch:
        return await self._typed("batch_retrieve", Batch, {"batch_id": batch_id, **kw})

    async def list_batches(self, **query: Any) -> BatchList:
        return await self._typed("batch_list", BatchList, query)

    async def cancel_batch(self, batch_id: str, **kw: Any) -> Batch:
        return await self._typed("batch_cancel", Batch, {"batch_id": batch_id, **kw})

    async def create_response(self, **kw: Any) -> ResponseObject:
        """The Responses API: ``model``, ``input``, ``instructions``, ``tools``, ..."""
        return await self._typed("responses", ResponseObject, kw)

    def response_stream(self, **kw: Any) -> AsyncResponseStream:
        """A streamed response: ``async for event in stream``, then ``response``."""
        if self._closed:
            raise errors.InvalidArgumentError("client is closed")
        return AsyncResponseStream(self._engine.stream("responses", kw, self._transport))

    async def retrieve_response(self, response_id: str, **kw: Any) -> ResponseObject:
        return await self._typed(
            "response_retrieve", ResponseObject, {"response_id": response_id, **kw}
        )

    async def cancel_response(self, response_id: str, **kw: Any) -> ResponseObject:
        return await self._typed(
            "response_cancel", ResponseObject, {"response_id": response_id, **kw}
        )

    async def delete_response(self, response_id: str, **kw: Any) -> Deleted:
        return await self._typed("response_delete", Deleted, {"response_id": response_id, **kw})

    async def aclose(self) -> None:
        if not self._closed:
            self._closed = True
            await self._engine.aclose()
            await self._transport.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()


_default: Client | None = None


def _client() -> Client:
    global _default
    if _default is None:
        _default = Client()
    return _default


def chat(**kw: Any) -> ChatCompletion:
    """One-off chat with a default client: ``liter_llm.chat(model=..., messages=...)``."""
    return _client().chat(**kw)


def chat_stream(**kw: Any) -> ChatStream:
    return _client().chat_stream(**kw)


def embed(**kw: Any) -> EmbeddingResponse:
    return _client().embed(**kw)


async def achat(**kw: Any) -> ChatCompletion:
    """Async one-off chat (a short-lived client on the running loop)."""
    async with AsyncClient() as c:
        return await c.chat(**kw)


__all__ = [
    "AsyncChatStream",
    "AsyncClient",
    "ChatStream",
    "Client",
    "achat",
    "chat",
    "chat_stream",
    "embed",
]
