"""Shared state on Redis: every check-and-record is one Lua script (atomic on the server), and
windows run on the server's clock (``TIME``), so processes on many machines agree.

Keys live under ``prefix`` (``liter_llm:`` by default). A sliding-window log is a sorted set
of member ids scored by time, a hash of their amounts and a running sum (each check costs
what leaves the window, not the window's size); a counter a hash with ``held`` and
``spent``; a cache entry a string with a TTL. Keys of one log share no hash tag: on a Redis
Cluster, give every key of a client one slot with a ``prefix`` such as ``{llm}:``. A
connection problem raises ``StateUnavailable`` within the configured timeouts (1 s by
default): never a hang.
"""

from __future__ import annotations

import asyncio
import math
from typing import Any

from .backend import StateUnavailable

# A sliding-window log: KEYS[1] a sorted set of member ids by time, KEYS[2] a hash of their
# amounts, KEYS[3] the running sum (each operation is O(entries leaving the window)).
PRUNE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local edge = now - tonumber(ARGV[1])
local gone = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', edge)
if #gone > 0 then
  local amounts = redis.call('HMGET', KEYS[2], unpack(gone))
  local freed = 0
  for i = 1, #amounts do freed = freed + tonumber(amounts[i] or '0') end
  redis.call('DECRBY', KEYS[3], freed)
  redis.call('HDEL', KEYS[2], unpack(gone))
  redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', edge)
end
local sum = tonumber(redis.call('GET', KEYS[3]) or '0')
"""

# ARGV: window, limit, amount, member -> {admitted, wait seconds as text}
ADMIT = (
    PRUNE
    + """
local window, limit, amount = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local ttl = math.ceil(window * 1000) + 1000
if sum + amount <= limit then
  redis.call('ZADD', KEYS[1], now, ARGV[4])
  redis.call('HSET', KEYS[2], ARGV[4], ARGV[3])
  redis.call('INCRBY', KEYS[3], ARGV[3])
  for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], ttl) end
  return {1, '0'}
end
if amount > limit then return {0, 'inf'} end
local need, freed = sum + amount - limit, 0
local entries = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
for i = 1, #entries, 2 do
  freed = freed + tonumber(redis.call('HGET', KEYS[2], entries[i]) or '0')
  if freed >= need then return {0, tostring(tonumber(entries[i + 1]) + window - now)} end
end
return {0, tostring(window)}
"""
)

# ARGV: member, new amount
ADJUST = """
local old = redis.call('HGET', KEYS[2], ARGV[1])
if not old then return 0 end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
redis.call('INCRBY', KEYS[3], tonumber(ARGV[2]) - tonumber(old))
return 1
"""

# ARGV: window
WINDOW_SUM = PRUNE + "return sum"

# KEYS[1] counter hash; ARGV: limit, amount, ttl ms (0: none) -> 1 held, 0 refused
HOLD = """
local held = tonumber(redis.call('HGET', KEYS[1], 'held') or '0')
local spent = tonumber(redis.call('HGET', KEYS[1], 'spent') or '0')
if held + spent + tonumber(ARGV[2]) > tonumber(ARGV[1]) then return 0 end
redis.call('HINCRBY', KEYS[1], 'held', ARGV[2])
if tonumber(ARGV[3]) > 0 then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
return 1
"""

# KEYS[1] counter hash; ARGV: held to release, spent to add, ttl ms (0: none)
SETTLE = """
redis.call('HINCRBY', KEYS[1], 'held', -tonumber(ARGV[1]))
redis.call('HINCRBY', KEYS[1], 'spent', ARGV[2])
if tonumber(ARGV[3]) > 0 then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
return 1
"""


POOL_SIZE = 64  # connections per event loop
POOL_WAIT = 30.0  # seconds a call may wait for a free connection (a connect fails in `timeout`)


class RedisState:
    def __init__(self, url: str, timeout: float = 1.0, prefix: str = "liter_llm:") -> None:
        self.url = url
        self.timeout = timeout
        self.prefix = prefix
        self._clients: dict[Any, Any] = {}  # one connection pool per event loop

    def _client(self) -> Any:
        loop = asyncio.get_running_loop()
        c = self._clients.get(loop)
        if c is None:
            try:
                import redis.asyncio as aioredis
            except ImportError:
                raise StateUnavailable(
                    "the Redis state backend needs the 'redis' package "
                    "(pip install 'literllm-engine[redis]')"
                ) from None
            # a bounded pool: calls beyond it wait for a connection (bounded too)
            pool = aioredis.BlockingConnectionPool.from_url(
                self.url,
                max_connections=POOL_SIZE,
                timeout=POOL_WAIT,
                socket_connect_timeout=self.timeout,
                socket_timeout=self.timeout,
                retry_on_timeout=False,
            )
            c = self._clients[loop] = aioredis.Redis(connection_pool=pool)
        return c

    async def _run(self, script: str, keys: list[str], args: list[Any]) -> Any:
        try:
            return await asyncio.wait_for(
                self._client().eval(script, len(keys), *keys, *args), POOL_WAIT + self.timeout * 2
            )
        except StateUnavailable:
            raise
        except Exception as e:  # connection refused, reset, timeout, an unreachable host
            raise self._down(e) from None

    def _log(self, key: str) -> list[str]:
        k = self.prefix + key
        return [k, k + ":amounts", k + ":sum"]

    async def admit(self, key: str, limit: int, amount: int, window: float, member: str) -> float:
        ok, wait = await self._run(ADMIT, self._log(key), [window, limit, amount, member])
        if ok:
            return 0.0
        w = wait.decode() if isinstance(wait, bytes) else str(wait)
        return math.inf if w == "inf" else max(float(w), 1e-6)

    async def adjust(self, key: str, member: str, amount: int, window: float) -> None:
        await self._run(ADJUST, self._log(key), [member, amount])

    async def window_sum(self, key: str, window: float) -> int:
        return int(await self._run(WINDOW_SUM, self._log(key), [window]))

    async def hold(self, key: str, limit: int, amount: int, ttl: float | None) -> bool:
        ms = int(ttl * 1000) if ttl else 0
        return bool(await self._run(HOLD, [self.prefix + key], [limit, amount, ms]))

    async def settle(self, key: str, held: int, spent: int, ttl: float | None) -> None:
        ms = int(ttl * 1000) if ttl else 0
        await self._run(SETTLE, [self.prefix + key], [held, spent, ms])

    async def counters(self, key: str) -> tuple[int, int]:
        try:
            held, spent = await asyncio.wait_for(
                self._client().hmget(self.prefix + key, "held", "spent"), self.timeout * 2
            )
        except StateUnavailable:
            raise
        except Exception as e:
            raise self._down(e) from None
        return int(held or 0), int(spent or 0)

    async def cache_get(self, key: str) -> bytes | None:
        try:
            v = await asyncio.wait_for(self._client().get(self.prefix + key), self.timeout * 2)
        except Exception as e:
            raise self._down(e) from None
        return bytes(v) if v is not None else None

    async def cache_set(self, key: str, value: bytes, ttl: float) -> None:
        try:
            await asyncio.wait_for(
                self._client().set(self.prefix + key, value, px=max(int(ttl * 1000), 1)),
                self.timeout * 2,
            )
        except Exception as e:
            raise self._down(e) from None

    def _down(self, e: BaseException) -> StateUnavailable:
        return StateUnavailable(f"Redis at {_where(self.url)} unreachable ({type(e).__name__})")

    async def aclose(self) -> None:
        c = self._clients.pop(asyncio.get_running_loop(), None)
        if c is not None:
            try:
                await c.aclose()
            except Exception:
                pass


def _where(url: str) -> str:
    """The URL without credentials (never in a message)."""
    rest = url.split("//", 1)[-1]
    return rest.rsplit("@", 1)[-1]
