"""Rate limits, concurrency limits, budgets and the cache, in memory (a fake clock) and on a
real Redis shared by several clients and OS processes. Each test prints the figures it
asserts."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import urllib.request
import uuid
from decimal import Decimal
from typing import Any

import pytest

import liter_llm
from conftest import RedisServer
from test_router import FakeClock

MSG = [{"role": "user", "content": "hi"}]
PRICED = {"openai/budget-m": {"input_mtok": "1000", "output_mtok": "1000"}}  # $0.001 a token


def base(mock_url: str, case: str) -> str:
    return f"{mock_url}/s/{case}/{uuid.uuid4().hex[:10]}/v1"


def mock_count(url: str) -> int:
    root, rest = url.split("/s/", 1)
    name, run, _ = rest.split("/", 2)
    with urllib.request.urlopen(f"{root}/_log/{name}/{run}", timeout=10) as r:
        return len(json.loads(r.read()))


def peak(url: str) -> int:
    root, rest = url.split("/s/", 1)
    name, run, _ = rest.split("/", 2)
    with urllib.request.urlopen(f"{root}/_peak/{name}/{run}", timeout=10) as r:
        return int(json.loads(r.read())["peak"])


# ---------------------------------------------------------------------- rate limits, memory
def test_rpm_reject_says_the_real_time_left(mock_url: str) -> None:
    clock = FakeClock()
    url = base(mock_url, "lim_ok")
    with liter_llm.Client(
        base_url=url,
        api_key="k",
        clock=clock,
        on_limit="reject",
        rate_limits=[{"scope": "global", "rpm": 3}],
    ) as c:
        for _ in range(3):
            c.chat(model="openai/m", messages=MSG)
            clock.t += 10
        with pytest.raises(liter_llm.RateLimitedError) as ei:
            c.chat(model="openai/m", messages=MSG)  # t=30: the first leaves at t=60
        assert ei.value.retry_after == pytest.approx(30.0)
        clock.t += 30.001
        c.chat(model="openai/m", messages=MSG)  # sliding: exactly one slot came free
        with pytest.raises(liter_llm.RateLimitedError) as ei:
            c.chat(model="openai/m", messages=MSG)
        assert ei.value.retry_after == pytest.approx(10.0, abs=0.01)
    assert mock_count(url) == 4


def test_rpm_wait_queues_until_a_slot_frees(mock_url: str) -> None:
    clock = FakeClock()
    with liter_llm.Client(
        base_url=base(mock_url, "lim_ok"),
        api_key="k",
        clock=clock,
        rate_limits=[{"scope": "global", "rpm": 2, "window": 60}],
    ) as c:
        c.chat(model="openai/m", messages=MSG)
        c.chat(model="openai/m", messages=MSG)
        c.chat(model="openai/m", messages=MSG)  # waits 60 s on the fake clock: both leave
        c.chat(model="openai/m", messages=MSG)
        with pytest.raises(liter_llm.RateLimitedError):
            c.chat(model="openai/m", messages=MSG, timeout=5)  # the wait would cross it
    assert clock.slept == [pytest.approx(60.0)]


def test_key_scope_and_tpm_settle(mock_url: str) -> None:
    clock = FakeClock()
    cfg = {"rate_limits": [{"scope": "key", "rpm": 1, "tpm": 1000}], "on_limit": "reject"}
    with liter_llm.Client(base_url=base(mock_url, "lim_ok"), api_key="k", clock=clock, **cfg) as c:
        c.chat(model="openai/m", messages=MSG, user="alice")
        c.chat(model="openai/m", messages=MSG, user="bob")  # another key, its own limit
        c.chat(model="openai/m", messages=MSG)  # no key: the key rule does not apply
        with pytest.raises(liter_llm.RateLimitedError):
            c.chat(model="openai/m", messages=MSG, metadata={"key": "alice"})
        use = c.call("usage", {"key": "alice"})
    tpm = next(r for r in use["rate_limits"] if r["kind"] == "tpm")
    print("usage:", use["rate_limits"])
    assert tpm["used"] == 12  # the estimate settled to the answer's total_tokens


def test_a_request_larger_than_its_tpm_is_refused_at_once(mock_url: str) -> None:
    with (
        liter_llm.Client(
            base_url=base(mock_url, "lim_ok"),
            api_key="k",
            rate_limits=[{"scope": "global", "tpm": 10}],
        ) as c,
        pytest.raises(liter_llm.RateLimitedError, match="needs"),
    ):
        c.chat(model="openai/m", messages=[{"role": "user", "content": "x" * 400}])


def test_concurrency_limit_holds_by_the_mocks_peak(mock_url: str) -> None:
    url = base(mock_url, "lim_slow")

    async def run() -> None:
        async with liter_llm.AsyncClient(
            base_url=url, api_key="k", max_in_flight={"openai": 2}
        ) as c:
            await asyncio.gather(*(c.chat(model="openai/m", messages=MSG) for _ in range(6)))

    asyncio.run(run())
    print("peak in flight at the mock:", peak(url))
    assert peak(url) == 2 and mock_count(url) == 6


# ---------------------------------------------------------------------- budgets
async def _budget_run(url: str, n: int, **cfg: Any) -> tuple[int, int, Decimal, dict[str, Any]]:
    async with liter_llm.AsyncClient(
        base_url=url, api_key="k", pricing=PRICED, max_retries=0, **cfg
    ) as c:

        async def one() -> Any:
            try:
                return await c.chat(model="openai/budget-m", messages=MSG, max_tokens=3)
            except liter_llm.BudgetExceededError:
                return None

        results = await asyncio.gather(*(one() for _ in range(n)))
        use = await c.call("usage", {})
    ok = [r for r in results if r is not None]
    costs = sum((Decimal(r.meta.cost["usd"]) for r in ok), Decimal(0))
    return len(ok), n - len(ok), costs, use


@pytest.mark.parametrize("shared", [False, True])
def test_ten_thousand_concurrent_calls_never_overspend(
    mock_url: str, redis_server: RedisServer, shared: bool
) -> None:
    cfg: dict[str, Any] = {
        "budgets": [{"scope": "global", "limit_usd": "1.00", "window": "total", "mode": "hard"}]
    }
    if shared:
        cfg["state"] = {"redis_url": redis_server.url, "prefix": f"t{uuid.uuid4().hex[:6]}:"}
    ok, refused, costs, use = asyncio.run(_budget_run(base(mock_url, "lim_ok"), 10_000, **cfg))
    spent = Decimal(use["budgets"][0]["spent_usd"])
    print(
        f"{'redis' if shared else 'memory'}: {ok} succeeded, {refused} budget_exceeded, "
        f"spent ${spent}, the successes' costs ${costs}"
    )
    assert ok + refused == 10_000 and ok > 0
    assert spent <= Decimal("1.00")
    assert spent == costs
    assert Decimal(use["budgets"][0]["held_usd"]) == 0


def test_soft_budget_warns_and_lets_calls_through(mock_url: str) -> None:
    cfg = {
        "budgets": [{"scope": "key", "limit_usd": "0.03", "window": "rolling_24h", "mode": "soft"}]
    }
    with liter_llm.Client(
        base_url=base(mock_url, "lim_ok"), api_key="k", pricing=PRICED, **cfg
    ) as c:
        r = [c.chat(model="openai/budget-m", messages=MSG, user="u1") for _ in range(3)]
    assert r[0].meta.warnings == [] and r[1].meta.warnings == []
    assert r[2].meta.warnings and "soft budget crossed" in r[2].meta.warnings[0]


def test_failures_release_their_reservation(mock_url: str) -> None:
    cfg = {"budgets": [{"scope": "global", "limit_usd": "0.05", "mode": "hard"}]}
    with liter_llm.Client(
        base_url=base(mock_url, "lim_fail"), api_key="k", pricing=PRICED, max_retries=0, **cfg
    ) as c:
        for _ in range(20):  # each would hold more than a third of the budget
            with pytest.raises(liter_llm.ServerError):
                c.chat(model="openai/budget-m", messages=MSG, max_tokens=3)
        use = c.call("usage", {})
    assert use["budgets"][0]["spent_usd"] == "0" and use["budgets"][0]["held_usd"] == "0"


# ---------------------------------------------------------------------- two processes, Redis
CHILD = """
import asyncio, json, sys
import liter_llm
url, redis, window, rule = sys.argv[1], sys.argv[2], float(sys.argv[3]), json.loads(sys.argv[4])
async def main():
    rule["window"] = window
    async with liter_llm.AsyncClient(base_url=url, api_key="k", on_limit="reject",
            rate_limits=[rule], state={"redis_url": redis, "prefix": sys.argv[5]}) as c:
        async def one():
            try:
                # max_tokens: the reservation (4 for the prompt + 8) equals the real 12 tokens
                await c.chat(model="openai/m", messages=[{"role": "user", "content": "hi"}],
                             max_tokens=8)
                return 1
            except liter_llm.RateLimitedError:
                return 0
        print(sum(await asyncio.gather(*(one() for _ in range(150)))))
asyncio.run(main())
"""


@pytest.mark.parametrize(
    "rule", [{"scope": "global", "rpm": 100}, {"scope": "global", "tpm": 1200}]
)
def test_two_processes_share_one_limit(
    mock_url: str, redis_server: RedisServer, rule: dict[str, Any]
) -> None:
    url = base(mock_url, "lim_ok")
    prefix = f"p{uuid.uuid4().hex[:6]}:"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", CHILD, url, redis_server.url, "3600", json.dumps(rule), prefix],
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    admitted = [int(p.communicate(timeout=120)[0].strip()) for p in procs]
    sent = mock_count(url)
    print(f"{rule}: admitted {admitted} (together {sum(admitted)}), the mock saw {sent}")
    # rpm 100: 100 requests; tpm 1200: each reserves 12 tokens, as many as it uses
    assert sum(admitted) == sent
    assert 0 < sum(admitted) <= 100


def test_redis_killed_mid_run(mock_url: str, own_redis: RedisServer) -> None:
    budget = [{"scope": "global", "limit_usd": "100.00", "mode": "hard"}]

    async def run(policy: str) -> tuple[list[str], Any]:
        async with liter_llm.AsyncClient(
            base_url=base(mock_url, "lim_ok"),
            api_key="k",
            pricing=PRICED,
            budgets=budget,
            state={"redis_url": own_redis.url, "on_unavailable": policy, "timeout": 0.5},
            cache={"ttl": 60},
            max_retries=0,
        ) as c:
            outcomes = []
            spent_before = None
            for i in range(6):
                if i == 3:  # three calls counted once each, then Redis dies
                    spent_before = (await c.call("usage", {}))["budgets"][0]
                    own_redis.stop()
                try:
                    r = await c.chat(
                        model="openai/budget-m",
                        messages=[{"role": "user", "content": f"q{i}"}],
                        max_tokens=3,
                    )
                    outcomes.append("ok" if not r.meta.cache_hit else "hit")
                except liter_llm.LiterLlmError as e:
                    outcomes.append(e.label)
            return outcomes, spent_before

    closed, before = asyncio.run(run("fail_closed"))
    print("fail_closed:", closed, "spend before the kill:", before)
    assert before["spent_usd"] == "0.036" and before["held_usd"] == "0"  # 3 x $0.012
    assert closed == [
        "ok",
        "ok",
        "ok",
        "service_unavailable",
        "service_unavailable",
        "service_unavailable",
    ]


def test_redis_down_fail_open(mock_url: str, own_redis: RedisServer) -> None:
    own_redis.stop()
    with liter_llm.Client(
        base_url=base(mock_url, "lim_ok"),
        api_key="k",
        pricing=PRICED,
        budgets=[{"scope": "global", "limit_usd": "1.00"}],
        rate_limits=[{"scope": "global", "rpm": 1}],
        state={"redis_url": own_redis.url, "on_unavailable": "fail_open", "timeout": 0.3},
        cache={"ttl": 60},
    ) as c:
        for _ in range(3):
            assert (
                c.chat(model="openai/budget-m", messages=MSG, max_tokens=3).meta.cache_hit is False
            )


# ---------------------------------------------------------------------- cache
def test_cache_hit_without_an_upstream_call(mock_url: str) -> None:
    url = base(mock_url, "lim_ok")
    with liter_llm.Client(base_url=url, api_key="k", cache={"ttl": 60}) as c:
        a = c.call_with_meta("chat", {"model": "openai/m", "messages": MSG, "temperature": 0})
        b = c.call_with_meta("chat", {"temperature": 0, "messages": MSG, "model": "openai/m"})
        other = c.call_with_meta("chat", {"model": "openai/m", "messages": MSG, "temperature": 1})
        skip = c.call_with_meta(
            "chat",
            {"model": "openai/m", "messages": MSG, "temperature": 0, "cache": {"no_cache": True}},
        )
    assert a[0] == b[0] and not a[1].cache_hit and b[1].cache_hit  # field order never matters
    assert not other[1].cache_hit and not skip[1].cache_hit
    print("upstream calls:", mock_count(url))
    assert mock_count(url) == 3


def test_errors_are_never_cached(mock_url: str) -> None:
    url = base(mock_url, "lim_fail")
    with liter_llm.Client(base_url=url, api_key="k", cache={"ttl": 60}, max_retries=0) as c:
        for _ in range(2):
            with pytest.raises(liter_llm.ServerError):
                c.chat(model="openai/m", messages=MSG)
    assert mock_count(url) == 2


def test_single_flight_under_100_concurrent_identical_calls(mock_url: str) -> None:
    url = base(mock_url, "lim_slow")

    async def run() -> list[Any]:
        async with liter_llm.AsyncClient(base_url=url, api_key="k", cache={"ttl": 60}) as c:
            return await asyncio.gather(
                *(c.chat(model="openai/m", messages=MSG) for _ in range(100))
            )

    out = asyncio.run(run())
    hits = sum(r.meta.cache_hit for r in out)
    print(f"100 identical calls: {mock_count(url)} upstream, {hits} shared")
    assert mock_count(url) == 1 and hits == 99
    assert len({r.model_dump_json() for r in out}) == 1


def test_stream_hit_replays_identical_chunks(mock_url: str, redis_server: RedisServer) -> None:
    url = base(mock_url, "cache_stream")
    state = {"redis_url": redis_server.url, "prefix": f"c{uuid.uuid4().hex[:6]}:"}

    def once() -> tuple[list[str], Any, bool]:
        with (
            liter_llm.Client(base_url=url, api_key="k", cache={"ttl": 60}, state=state) as c,
            c.chat_stream(model="openai/m", messages=MSG) as s,
        ):
            chunks = [ch.model_dump_json() for ch in s]
            return chunks, s.response, s.meta.cache_hit

    first, resp1, hit1 = once()
    second, resp2, hit2 = once()  # another client: the cache is shared through Redis
    assert not hit1 and hit2 and first == second
    assert resp1.model_dump() == resp2.model_dump()
    m = resp2.choices[0].message
    assert (
        m.content == "Hel"
        and m.reasoning_content == "think"
        and m.tool_calls[0].function.name == "f"
    )
    assert mock_count(url) == 1


def test_config_errors() -> None:
    from liter_llm import errors
    from liter_llm.config import ClientConfig

    for bad, text in [
        ({"rate_limits": [{"scope": "team", "rpm": 1}]}, "scope"),
        ({"rate_limits": [{"scope": "global"}]}, "rpm or tpm"),
        ({"budgets": [{"scope": "global", "limit_usd": 5.0}]}, "decimal string"),
        ({"budgets": [{"scope": "global", "limit_usd": "5", "window": "weekly"}]}, "rolling_<N>h"),
        ({"state": {"redis_url": "http://x"}}, "redis://"),
        ({"on_limit": "drop"}, "on_limit"),
        ({"max_in_flight": {"openai": 0}}, "max_in_flight"),
    ]:
        with pytest.raises(errors.InvalidArgumentError, match=text):
            ClientConfig.from_dict(bad)


def test_redis_password_never_shown() -> None:
    from liter_llm import errors
    from liter_llm.config import ClientConfig

    cfg = ClientConfig.from_dict({"state": {"redis_url": "redis://:hunter2secret@127.0.0.1:1/0"}})
    assert "hunter2secret" not in repr(cfg)
    assert errors.redact("auth hunter2secret failed") == "auth *** failed"
