"""The router, cooldown, health and fallback layers, deterministically: a fake clock and a
seeded random source; calls go over real HTTP to the mock provider (scripts in
fixtures/local/routing.json) unless a test is about the choice function alone."""

from __future__ import annotations

import asyncio
import random
import uuid
from collections import Counter
from typing import Any

import pytest

import liter_llm
from liter_llm import errors
from liter_llm._engine import Engine
from liter_llm.config import ClientConfig
from liter_llm.middleware.router import weighted

MSG = [{"role": "user", "content": "hi"}]


class FakeClock:
    """Monotonic seconds that move only when a test (or a sleep) moves them."""

    def __init__(self) -> None:
        self.t = 1000.0
        self.slept: list[float] = []

    def now(self) -> float:
        return self.t

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.t += seconds
        await asyncio.sleep(0)


def base(mock_url: str, case: str) -> str:
    return f"{mock_url}/s/{case}/{uuid.uuid4().hex[:10]}/v1"


def group(*names: str, **extra: Any) -> list[dict[str, Any]]:
    return [
        {"id": n, "model_name": "g", "model": f"openai/{n}-m", **extra.get(n, {})} for n in names
    ]


def client(mock_url: str, case: str, deps: list[dict[str, Any]], **kw: Any) -> liter_llm.Client:
    kw.setdefault("rng", random.Random(7))
    return liter_llm.Client(base_url=base(mock_url, case), api_key="k", deployments=deps, **kw)


def served(c: liter_llm.Client, **req: Any) -> list[str | None]:
    """The deployments of each attempt of one call."""
    _, meta = c.call_with_meta("chat", {"model": "g", "messages": MSG, **req})
    return [a.deployment for a in meta.attempts]


# ---------------------------------------------------------------------- choice alone
async def _draws(cfg: dict[str, Any], n: int, seed: int = 1) -> Counter[str]:
    engine = Engine(ClientConfig.from_dict({**cfg, "api_key": "k"}), rng=random.Random(seed))
    assert engine.router is not None
    grp = engine.router.groups["g"]
    out: Counter[str] = Counter()
    for _ in range(n):
        ctx = engine.context("chat", {"model": "g", "messages": MSG}, None, False)
        out[(await engine.router.choose(ctx, grp)).id] += 1
    return out


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ({"a": {"weight": 3}, "b": {"weight": 1}}, {"a": 0.75, "b": 0.25}),
        (
            {"a": {"weight": 1}, "b": {"weight": 2}, "c": {"weight": 7}},
            {"a": 0.1, "b": 0.2, "c": 0.7},
        ),
        ({"a": {"rpm": 600}, "b": {"rpm": 200}}, {"a": 0.75, "b": 0.25}),
        ({"a": {"tpm": 1000}, "b": {"tpm": 4000}}, {"a": 0.2, "b": 0.8}),
        ({}, {"a": 0.5, "b": 0.5}),
    ],
)
def test_weighted_shares_within_two_points(
    extra: dict[str, Any], expected: dict[str, float]
) -> None:
    deps = group(*expected, **extra)
    counts = asyncio.run(_draws({"deployments": deps}, 60_000))
    shares = {k: counts[k] / 60_000 for k in expected}
    print("shares over 60,000 draws:", shares)
    for k, want in expected.items():
        assert abs(shares[k] - want) < 0.02, (k, shares)


def test_weighted_draw_boundaries() -> None:
    deps = [
        type(
            "D",
            (),
            {
                "cfg": ClientConfig.from_dict(
                    {"deployments": group("a", "b", a={"weight": 3})}
                ).deployments[i]
            },
        )()
        for i in range(2)
    ]
    assert weighted(deps, 0.0) is deps[0]  # type: ignore[arg-type]
    assert weighted(deps, 0.7499) is deps[0]  # type: ignore[arg-type]
    assert weighted(deps, 0.75) is deps[1]  # type: ignore[arg-type]
    assert weighted(deps, 0.9999) is deps[1]  # type: ignore[arg-type]


def test_cost_cheapest_by_real_prices() -> None:
    deps = [
        {"id": "dear", "model_name": "g", "model": "openai/gpt-4o"},
        {"id": "cheap", "model_name": "g", "model": "openai/gpt-4o-mini"},
        {"id": "private", "model_name": "g", "model": "openai/ft-unknown"},
    ]
    counts = asyncio.run(_draws({"deployments": deps, "router": {"strategy": "cost"}}, 200))
    assert counts == {"cheap": 200}
    # an override makes the private model the cheapest
    cfg = {
        "deployments": deps,
        "router": {"strategy": "cost"},
        "pricing": {"openai/ft-unknown": {"input_mtok": "0.01", "output_mtok": "0.01"}},
    }
    assert asyncio.run(_draws(cfg, 200)) == {"private": 200}


def test_cost_strategy_moves_on_when_the_cheapest_cools(mock_url: str) -> None:
    clock = FakeClock()
    deps = [
        {"id": "cheap", "model_name": "g", "model": "openai/gpt-4o-mini"},
        {"id": "dear", "model_name": "g", "model": "openai/gpt-4o"},
    ]
    with client(mock_url, "rt_cheap_429", deps, router={"strategy": "cost"}, clock=clock) as c:
        assert served(c) == ["cheap", "dear"]  # 429 with Retry-After 20: cheap cools
        assert served(c) == ["dear"]
        clock.t += 21
        assert served(c) == ["cheap"]


def test_priority_lowest_number_first() -> None:
    deps = group("a", "b", "c", a={"priority": 2}, b={"priority": 0}, c={"priority": 1})
    counts = asyncio.run(_draws({"deployments": deps, "router": {"strategy": "priority"}}, 200))
    assert counts == {"b": 200}


def test_latency_counts_in_flight_load() -> None:
    """A deployment twice as fast but with three calls in flight loses to an idle one."""

    async def run() -> str:
        cfg = {"deployments": group("a", "b"), "router": {"strategy": "latency"}}
        engine = Engine(ClientConfig.from_dict({**cfg, "api_key": "k"}), rng=random.Random(1))
        assert engine.router is not None
        a, b = engine.router.groups["g"]
        a.latency, b.latency = 0.1, 0.2
        a.in_flight = 3
        ctx = engine.context("chat", {"model": "g", "messages": MSG}, None, False)
        first = (await engine.router.choose(ctx, [a, b])).id
        a.in_flight = 0
        ctx = engine.context("chat", {"model": "g", "messages": MSG}, None, False)
        return first + (await engine.router.choose(ctx, [a, b])).id

    assert asyncio.run(run()) == "ba"


def test_usage_picks_most_headroom() -> None:
    async def run() -> list[str]:
        deps = group("a", "b", a={"rpm": 10}, b={"rpm": 100})
        clock = FakeClock()
        cfg = {"deployments": deps, "router": {"strategy": "usage"}}
        engine = Engine(
            ClientConfig.from_dict({**cfg, "api_key": "k"}), rng=random.Random(1), clock=clock
        )
        assert engine.router is not None
        a, b = engine.router.groups["g"]
        for _ in range(5):
            a.requests.add(clock.now())  # a: 5 of 10 used
        for _ in range(20):
            b.requests.add(clock.now())  # b: 20 of 100 used
        picks = []
        ctx = engine.context("chat", {"model": "g", "messages": MSG}, None, False)
        picks.append((await engine.router.choose(ctx, [a, b])).id)
        clock.t += 61  # the window has moved past every request
        for _ in range(40):
            b.requests.add(clock.now())  # now b: 40 of 100, a: 0 of 10
        ctx = engine.context("chat", {"model": "g", "messages": MSG}, None, False)
        picks.append((await engine.router.choose(ctx, [a, b])).id)
        return picks

    assert asyncio.run(run()) == ["b", "a"]


# ---------------------------------------------------------------------- strategies over HTTP
def test_round_robin_exact(mock_url: str) -> None:
    with client(mock_url, "rt_ok", group("a", "b", "c"), router={"strategy": "round_robin"}) as c:
        order = [served(c)[0] for _ in range(9)]
    assert order == ["a", "b", "c"] * 3


def test_least_busy_spreads_concurrent_calls(mock_url: str) -> None:
    async def run() -> list[str | None]:
        async with liter_llm.AsyncClient(
            base_url=base(mock_url, "rt_delay"),
            api_key="k",
            deployments=group("a", "b"),
            router={"strategy": "least_busy"},
            rng=random.Random(3),
        ) as c:
            metas = await asyncio.gather(
                *(c.call_with_meta("chat", {"model": "g", "messages": MSG}) for _ in range(4))
            )
        return [m.deployment for _, m in metas]

    got = asyncio.run(run())
    assert Counter(got) == {"a": 2, "b": 2}


def test_least_busy_avoids_the_loaded_deployment(mock_url: str) -> None:
    async def run() -> list[str | None]:
        async with liter_llm.AsyncClient(
            base_url=base(mock_url, "rt_delay"),
            api_key="k",
            deployments=group("a", "b", "c"),
            router={"strategy": "least_busy"},
            rng=random.Random(5),
        ) as c:
            first = asyncio.create_task(c.call_with_meta("chat", {"model": "g", "messages": MSG}))
            second = asyncio.create_task(c.call_with_meta("chat", {"model": "g", "messages": MSG}))
            while sum(d.in_flight for d in c._engine.router.groups["g"]) < 2:  # type: ignore[union-attr]
                await asyncio.sleep(0.005)
            _, third = await c.call_with_meta("chat", {"model": "g", "messages": MSG})
            busy = {(await first)[1].deployment, (await second)[1].deployment}
        return [*sorted(busy), third.deployment]  # type: ignore[type-var]

    a, b, third = asyncio.run(run())
    assert a != b and third not in (a, b)


def test_latency_prefers_the_fast_deployment(mock_url: str) -> None:
    with client(
        mock_url,
        "rt_slow_fast",
        [
            {"id": "slow", "model_name": "g", "model": "openai/slow-m"},
            {"id": "fast", "model_name": "g", "model": "openai/fast-m"},
        ],
        router={"strategy": "latency"},
    ) as c:
        first_two = {served(c)[0] for _ in range(2)}  # each is measured once first
        later = [served(c)[0] for _ in range(6)]
    assert first_two == {"slow", "fast"}
    assert later == ["fast"] * 6


# ---------------------------------------------------------------------- cooldown
def test_cooldown_after_allowed_fails_and_back_after_its_seconds(mock_url: str) -> None:
    clock = FakeClock()
    deps = group("a", "b", a={"priority": 0}, b={"priority": 1})
    with client(
        mock_url,
        "rt_a_down",
        deps,
        router={"strategy": "priority"},
        cooldown={"allowed_fails": 3, "window": 60, "seconds": 30},
        clock=clock,
    ) as c:
        runs = [served(c) for _ in range(3)]  # a fails each time, b answers
        assert runs == [["a", "b"]] * 3
        assert served(c) == ["b"]  # a cools: not even tried
        clock.t += 29.9
        assert served(c) == ["b"]
        clock.t += 0.2  # 30 s after the third failure: a comes back
        assert served(c) == ["a", "b"]
    assert clock.slept == []  # failing over never sleeps


def test_failures_outside_the_window_do_not_cool(mock_url: str) -> None:
    clock = FakeClock()
    deps = group("a", "b", a={"priority": 0}, b={"priority": 1})
    with client(
        mock_url,
        "rt_a_down",
        deps,
        router={"strategy": "priority"},
        cooldown={"allowed_fails": 2, "window": 10, "seconds": 30},
        clock=clock,
    ) as c:
        for _ in range(4):
            assert served(c) == ["a", "b"]
            clock.t += 11  # each failure has left the window before the next


def test_retry_after_cools_at_once_for_that_long(mock_url: str) -> None:
    clock = FakeClock()
    deps = group("a", "b", a={"priority": 0}, b={"priority": 1})
    with client(mock_url, "rt_a_429", deps, router={"strategy": "priority"}, clock=clock) as c:
        assert served(c) == ["a", "b"]  # one 429: a cools 20 s at once
        clock.t += 19
        assert served(c) == ["b"]
        clock.t += 1.5
        assert served(c) == ["a"]  # back, and its script now answers


def test_all_cooling_waits_for_the_soonest(mock_url: str) -> None:
    clock = FakeClock()
    deps = group("a", "b", a={"priority": 0}, b={"priority": 1})
    with client(mock_url, "rt_all_429", deps, router={"strategy": "priority"}, clock=clock) as c:
        with pytest.raises(liter_llm.RateLimitedError):
            served(c, max_retries=1)  # a and b: 429, Retry-After 5 s; both cool
        assert served(c) == ["a"]  # waits 5 s for a, which then answers
    assert clock.slept == [5.0]


def test_all_cooling_past_the_deadline_fails_at_once(mock_url: str) -> None:
    clock = FakeClock()
    deps = group("a", "b", a={"priority": 0}, b={"priority": 1})
    with client(mock_url, "rt_all_429", deps, router={"strategy": "priority"}, clock=clock) as c:
        with pytest.raises(liter_llm.RateLimitedError):
            served(c, max_retries=1)
        with pytest.raises(liter_llm.RateLimitedError) as ei:
            served(c, timeout=3)
    assert clock.slept == []
    assert ei.value.retry_after == 5.0
    assert "cooling" in ei.value.message
    assert ei.value.meta is not None and ei.value.meta.attempts == []


def test_the_last_deployment_is_never_blacked_out(mock_url: str) -> None:
    clock = FakeClock()
    deps = group("a", "b", a={"priority": 0}, b={"priority": 1})
    with client(
        mock_url,
        "rt_all_down",
        deps,
        router={"strategy": "priority"},
        cooldown={"allowed_fails": 1, "window": 60, "seconds": 30},
        clock=clock,
        max_retries=0,
    ) as c:
        with pytest.raises(liter_llm.ServiceUnavailableError):
            served(c)  # a fails: cools (b is still up)
        for _ in range(3):
            with pytest.raises(liter_llm.ServiceUnavailableError) as ei:
                served(c)  # b fails but is the last one up: tried every time
            assert [a.deployment for a in ei.value.meta.attempts] == ["b"]
        snap = c._engine.router.snapshot(clock.now())  # type: ignore[union-attr]
    assert snap["a"]["cooling"] and not snap["b"]["cooling"]


def test_cooldown_can_be_turned_off(mock_url: str) -> None:
    clock = FakeClock()
    deps = group("a", "b", a={"priority": 0}, b={"priority": 1})
    with client(
        mock_url,
        "rt_a_down",
        deps,
        router={"strategy": "priority"},
        cooldown=False,
        health={"passive": False},
        clock=clock,
    ) as c:
        for _ in range(6):
            assert served(c) == ["a", "b"]


# ---------------------------------------------------------------------- health
def test_passive_health_avoids_a_failing_deployment(mock_url: str) -> None:
    deps = group("a", "b")
    with client(
        mock_url,
        "rt_a_down",
        deps,
        router={"strategy": "round_robin"},
        cooldown=False,
        health={"min_requests": 2, "failure_rate": 0.5, "window": 60},
    ) as c:
        first = [served(c) for _ in range(2)]
        later = [served(c) for _ in range(4)]
    assert first == [["a", "b"], ["b"]]  # round robin: a fails and fails over; then b's turn
    # a has 1 failure of 1 request: under min_requests, still tried once more
    assert later[0] == ["a", "b"]
    assert later[1:] == [["b"], ["b"], ["b"]]  # 2 of 2 failed: unhealthy, avoided


def test_active_probes_mark_a_deployment_down(mock_url: str) -> None:
    async def run() -> tuple[list[list[str | None]], dict[str, Any]]:
        deps = [
            {
                "id": "bad",
                "model_name": "g",
                "model": "openai/x",
                "base_url": base(mock_url, "rt_probe_bad"),
            },
            {
                "id": "good",
                "model_name": "g",
                "model": "openai/y",
                "base_url": base(mock_url, "rt_probe_ok"),
            },
        ]
        async with liter_llm.AsyncClient(
            api_key="k",
            deployments=deps,
            router={"strategy": "priority"},
            cooldown=False,
            health={"interval": 30, "passive": False},
        ) as c:
            router = c._engine.router
            assert router is not None
            runs = []
            _, meta = await c.call_with_meta("chat", {"model": "g", "messages": MSG})
            runs.append([a.deployment for a in meta.attempts])
            for _ in range(500):  # the first round of probes runs beside the first call
                if not router.groups["g"][0].health.probe_ok:
                    break
                await asyncio.sleep(0.01)
            for _ in range(3):
                _, meta = await c.call_with_meta("chat", {"model": "g", "messages": MSG})
                runs.append([a.deployment for a in meta.attempts])
            bad = router.groups["g"][0].health
            probe = {"probe_ok": bad.probe_ok, "probe_error": bad.probe_error}
            assert router.prober is not None and router.prober.task is not None
            task = router.prober.task
        assert task.done()  # closing the client stopped the probes
        return runs, probe

    runs, probe = asyncio.run(run())
    assert probe == {"probe_ok": False, "probe_error": "server_error"}
    assert runs[1:] == [["good"]] * 3


# ---------------------------------------------------------------------- fallbacks
def test_max_fallbacks_bounds_the_models_tried(mock_url: str) -> None:
    with (
        liter_llm.Client(
            base_url=base(mock_url, "rt_all_down"),
            api_key="k",
            max_retries=0,
            fallbacks=["openai/f1", "openai/f2", "openai/f3"],
            max_fallbacks=2,
        ) as c,
        pytest.raises(liter_llm.ServiceUnavailableError) as ei,
    ):
        c.chat(model="openai/first", messages=MSG)
    meta = ei.value.meta
    assert meta.fallbacks == ["openai/f1", "openai/f2"]
    assert [a.model for a in meta.attempts] == ["first", "f1", "f2"]


def test_per_call_fallbacks_on_a_client_without_any(mock_url: str) -> None:
    with liter_llm.Client(base_url=base(mock_url, "rt_a_down"), api_key="k", max_retries=0) as c:
        r = c.chat(model="openai/a-m", messages=MSG, fallbacks=["openai/b-m"])
    assert r.meta.fallbacks == ["openai/b-m"]
    assert [(a.model, a.label) for a in r.meta.attempts] == [
        ("a-m", "service_unavailable"),
        ("b-m", None),
    ]


def test_fallback_to_a_group(mock_url: str) -> None:
    with liter_llm.Client(
        base_url=base(mock_url, "rt_a_down"),
        api_key="k",
        max_retries=0,
        deployments=[{"id": "b1", "model_name": "g", "model": "openai/b-m"}],
        fallbacks=["g"],
    ) as c:
        r = c.chat(model="openai/a-m", messages=MSG)
    assert r.meta.deployment == "b1" and r.meta.fallbacks == ["g"]


# ---------------------------------------------------------------------- meta and misuse
def test_meta_on_python_responses_and_streams(mock_url: str) -> None:
    deps = group("a", "b", a={"priority": 0}, b={"priority": 1})
    with client(mock_url, "rt_a_down", deps, router={"strategy": "priority"}) as c:
        r = c.chat(model="g", messages=MSG)
        assert isinstance(r.meta, liter_llm.Meta)
        assert (r.meta.deployment, r.meta.provider, r.meta.model) == ("b", "openai", "b-m")
        assert r.meta.latency_ms is not None and r.meta.latency_ms >= 0
        d = r.meta.to_dict()
        assert [a["label"] for a in d["attempts"]] == ["service_unavailable", None]


def test_per_call_credentials_refused_for_a_group(mock_url: str) -> None:
    with client(mock_url, "rt_ok", group("a")) as c:
        for opt in ({"api_key": "other"}, {"base_url": "http://127.0.0.1:1/v1"}, {"provider": "x"}):
            with pytest.raises(liter_llm.InvalidArgumentError, match="deployment group"):
                c.chat(model="g", messages=MSG, **opt)


@pytest.mark.parametrize(
    ("cfg", "label", "text"),
    [
        ({"router": {"strategy": "fastest"}}, "invalid_argument", "router.strategy"),
        (
            {"router": {"strategy": "cost"}, "deployments": group("a", a={"model": "openai/x-9"})},
            "invalid_argument",
            "no deployment of 'g' has a price",
        ),
        ({"router": {"strategy": "priority", "extra": 1}}, "invalid_argument", "unknown keys"),
        ({"deployments": [{"model_name": "g"}]}, "invalid_argument", "deployments[0].model"),
        ({"deployments": group("a", "a")}, "invalid_argument", "used twice"),
        ({"deployments": group("a", a={"weight": 0})}, "invalid_argument", "weight"),
        ({"deployments": group("a", a={"rpm": 1.5})}, "invalid_argument", "rpm"),
        ({"deployments": group("a", a={"colour": "red"})}, "invalid_argument", "colour"),
        ({"cooldown": {"allowed_fails": -1}}, "invalid_argument", "allowed_fails"),
        ({"health": {"probe": "ping"}}, "invalid_argument", "health.probe"),
        ({"max_fallbacks": -1}, "invalid_argument", "max_fallbacks"),
        ({"context_window_fallbacks": "gpt-4.1"}, "invalid_argument", "context_window_fallbacks"),
    ],
)
def test_config_errors(cfg: dict[str, Any], label: str, text: str) -> None:
    with pytest.raises(errors.LiterLlmError) as ei:
        Engine(ClientConfig.from_dict(cfg))  # what creating a client does
    assert ei.value.label == label and text in ei.value.message


def test_deployment_keys_never_shown(mock_url: str) -> None:
    secret = "dep-secret-key-123456"
    cfg = ClientConfig.from_dict(
        {"deployments": [{"id": "a", "model_name": "g", "model": "openai/m", "api_key": secret}]}
    )
    assert secret not in repr(cfg)
    assert errors.redact(f"key {secret}") == "key ***"


@pytest.mark.parametrize("stream", [False, True])
@pytest.mark.parametrize("routed", [False, True])
def test_calls_leave_no_reference_cycles(mock_url: str, routed: bool, stream: bool) -> None:
    """Each call's context is freed by reference counting: nothing waits for the cyclic
    GC (a per-call closure over the context once made every call a cycle)."""
    import gc

    async def run() -> int:
        kw: dict[str, Any] = {"deployments": group("a", "b")} if routed else {}
        case = "stream_basic" if stream else "rt_ok"
        async with liter_llm.AsyncClient(base_url=base(mock_url, case), api_key="k", **kw) as c:
            model = "g" if routed else "openai/a-m"

            async def one() -> None:
                if stream:
                    async with c.chat_stream(model=model, messages=MSG) as s:
                        await s.final_response()
                else:
                    await c.call("chat", {"model": model, "messages": MSG})

            for _ in range(20):  # warm: pools, lazy imports, first-use caches
                await one()
            gc.collect()
            gc.disable()
            try:
                for _ in range(200):
                    await one()
                return gc.collect()
            finally:
                gc.enable()

    assert asyncio.run(run()) == 0


def test_per_call_fallback_list_is_checked(mock_url: str) -> None:
    bad = {"model": "openai/a-m", "messages": MSG, "fallbacks": "openai/b-m"}
    with (
        liter_llm.Client(base_url=base(mock_url, "rt_ok"), api_key="k") as c,
        pytest.raises(liter_llm.InvalidArgumentError, match="fallbacks must be a list"),
    ):
        c.call("chat", bad)


def test_a_deployment_never_borrows_its_providers_key(
    mock_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A deployment naming its own key variable, unset, fails over: it is not sent the
    client's key (which was meant for another URL)."""
    monkeypatch.delenv("LL_TEST_EAST_KEY", raising=False)
    deps = group("a", "b", a={"priority": 0, "api_key_env": "LL_TEST_EAST_KEY"}, b={"priority": 1})
    with client(mock_url, "rt_ok", deps, router={"strategy": "priority"}) as c:
        assert served(c) == ["b"]
        with pytest.raises(liter_llm.AuthenticationError, match="LL_TEST_EAST_KEY"):
            c.chat(model="g", messages=MSG, max_retries=0)
        monkeypatch.setenv("LL_TEST_EAST_KEY", "east-secret-1234")
    with client(mock_url, "rt_ok", deps, router={"strategy": "priority"}) as c:
        assert served(c) == ["a"]
