"""An exact-match response cache, in the client's state (LRU in this process, or Redis).

The key is the SHA-256 of the canonical JSON (sorted keys: field order never matters) of
where the call goes (provider and base URL, or the deployment group) and the whole request
body: model, messages, tools, response format, sampling parameters, seed, the caller's
``user``/``metadata`` and anything else, so any other change misses; a stream and a plain
call are cached apart. Errors are never cached. A streamed call is stored as its chunks and
a hit replays them (content, tool-call and reasoning deltas) and its final answer.
Concurrent identical calls in this process make one upstream call (single flight). Per call,
``"cache": {"no_cache": true, "no_store": true, "ttl": seconds}``. A hit says
``meta.cache_hit``. When Redis is unreachable the cache is bypassed.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import AsyncIterator, Callable
from typing import Any

from .. import _json, errors
from ..state.backend import State, StateUnavailable
from .context import CallContext
from .pipeline import Call, Stream


def check_options(v: Any) -> dict[str, Any]:
    if not isinstance(v, dict) or set(v) - {"no_cache", "no_store", "ttl"}:
        raise errors.InvalidArgumentError(
            "cache must be an object of no_cache, no_store (true/false) and ttl (seconds)"
        )
    for k in ("no_cache", "no_store"):
        if k in v and not isinstance(v[k], bool):
            raise errors.InvalidArgumentError(f"cache.{k} must be true or false")
    ttl = v.get("ttl")
    if ttl is not None and (isinstance(ttl, bool) or not isinstance(ttl, int | float) or ttl <= 0):
        raise errors.InvalidArgumentError("cache.ttl must be a positive number of seconds")
    return v


class CacheLayer:
    def __init__(self, state: State, ttl: float, where: Callable[[CallContext], str]) -> None:
        self.state = state
        self.ttl = ttl
        self.where = where  # the call's destination: provider + base URL, or the group
        self._flights: dict[tuple[Any, str], asyncio.Future[Any]] = {}

    def key(self, ctx: CallContext) -> str:
        canon = _json.dumps_sorted(
            {"op": ctx.op, "stream": ctx.stream, "to": self.where(ctx), "body": ctx.body}
        )
        return "cache:" + hashlib.sha256(canon).hexdigest()

    async def _get(self, key: str) -> Any:
        try:
            raw = await self.state.cache_get(key)
        except StateUnavailable:
            return None
        return _json.loads(raw) if raw is not None else None

    async def _put(self, key: str, value: Any, ttl: float) -> None:
        try:
            await self.state.cache_set(key, _json.dumps(value), ttl)
        except StateUnavailable:
            pass

    def _hit(self, ctx: CallContext, entry: dict[str, Any]) -> None:
        meta = ctx.meta
        meta.cache_hit = True
        meta.provider, meta.model, meta.deployment = entry.get("served") or (None, None, None)

    async def call(self, ctx: CallContext, nxt: Call) -> Any:
        opts = ctx.opts.get("cache") or {}
        if ctx.op not in ("chat", "embed") or (opts.get("no_cache") and opts.get("no_store")):
            return await nxt(ctx)
        key = self.key(ctx)
        fut: asyncio.Future[Any] | None = None
        flight: tuple[Any, str] | None = None
        if not opts.get("no_cache"):
            entry = await self._get(key)
            if entry is not None:
                self._hit(ctx, entry)
                from .._engine import Result

                return Result(entry["data"], None, ctx.meta)
            flight = (asyncio.get_running_loop(), key)
            leader = self._flights.get(flight)
            if leader is not None:  # an identical call is under way: share its answer
                try:
                    entry = await asyncio.shield(leader)
                except Exception:
                    entry = None  # it failed: this call goes on its own
                if entry is not None:
                    self._hit(ctx, entry)
                    from .._engine import Result

                    return Result(entry["data"], None, ctx.meta)
            fut = asyncio.get_running_loop().create_future()
            self._flights[flight] = fut
        try:
            r = await nxt(ctx)
        except BaseException as e:
            if fut is not None:
                fut.set_exception(
                    e if isinstance(e, Exception) else errors.CancelledError("cancelled")
                )
                fut.exception()  # retrieved: no "never retrieved" warning
            raise
        finally:
            if flight is not None:
                self._flights.pop(flight, None)
        entry = {"data": r.data, "served": [ctx.meta.provider, ctx.meta.model, ctx.meta.deployment]}
        if fut is not None:
            fut.set_result(entry)
        if not opts.get("no_store"):
            await self._put(key, entry, float(opts.get("ttl") or self.ttl))
        return r

    async def stream(self, ctx: CallContext, nxt: Stream) -> AsyncIterator[Any]:
        opts = ctx.opts.get("cache") or {}
        key = self.key(ctx)
        if not opts.get("no_cache"):
            entry = await self._get(key)
            if entry is not None:
                self._hit(ctx, entry)
                acc = ctx.acc
                for raw in entry["chunks"]:
                    chunk = _json.loads(raw)
                    if acc is not None:
                        acc.add(chunk)
                    yield chunk, raw.encode()
                return
        chunks: list[str] = []
        async for chunk, raw in nxt(ctx):
            chunks.append(bytes(raw).decode())
            yield chunk, raw
        if not opts.get("no_store"):
            served = [ctx.meta.provider, ctx.meta.model, ctx.meta.deployment]
            await self._put(
                key, {"chunks": chunks, "served": served}, float(opts.get("ttl") or self.ttl)
            )
