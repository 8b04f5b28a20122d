"""What a hostile upstream and a careless caller found (issue 12), beyond the shared fixtures
of tests/fixtures/hostile.json (which every binding runs too). Each test here failed before its
fix. No wall-clock thresholds: counts, the mock's log and queue sizes prove promptness."""

from __future__ import annotations

import asyncio
import gc
import json
import os
import signal
import threading
import time
import uuid
from typing import Any

import pytest

import liter_llm
from fixturelib import mock_log
from liter_llm import _bridge, _runtime, errors, ffi_entry
from liter_llm.config import ClientConfig
from liter_llm.providers.base import Target, WireRequest
from liter_llm.providers.registry import get as provider_spec
from liter_llm.types import ChatRequest

MSGS = [{"role": "user", "content": "hi"}]
CANARY = "sk-canary-ABCDEFGH12345678"


def cfg(mock_url: str, case: str, **kw: Any) -> dict[str, Any]:
    return {"base_url": f"{mock_url}/s/{case}/{uuid.uuid4().hex[:10]}/v1", "api_key": "k", **kw}


def wait_for(pred: Any, limit: float = 10.0) -> bool:
    """Poll ``pred`` until true (a bound against hangs, not a timing assertion)."""
    end = time.time() + limit
    while time.time() < end:
        if pred():
            return True
        time.sleep(0.02)
    return bool(pred())


# ------------------------------------------------------------------ 1. redirects
@pytest.mark.parametrize("stream", [False, True])
def test_cross_origin_redirect_sends_nothing_to_the_target(mock_url: str, stream: bool) -> None:
    case = "hostile_redirect_cross_origin" + ("_stream" if stream else "")
    conf = cfg(mock_url, case, api_key=CANARY, headers={"x-api-key": CANARY}, max_retries=0)
    with liter_llm.Client(**conf) as c, pytest.raises(liter_llm.InvalidResponseError) as ei:
        if stream:
            list(c.chat_stream(model="gpt-4o-mini", messages=MSGS))
        else:
            c.chat(model="gpt-4o-mini", messages=MSGS)
    assert ei.value.status == 307 and "redirect" in ei.value.message
    sink = mock_log({"base_url": f"{mock_url}/s/hostile_redirect_sink/x/v1"})
    assert sink == [], "a redirect was followed to another origin"


# ------------------------------------------------------------------ 2. per-call keys
def test_per_call_key_never_reaches_a_fallback_provider(mock_url: str) -> None:
    run = uuid.uuid4().hex[:8]
    conf = {
        "base_url": f"{mock_url}/s/local_fallback_401/{run}/v1",
        "providers": {
            "anthropic": {"base_url": f"{mock_url}/s/local_anthropic_ok/{run}", "api_key": "ak-own"}
        },
        "max_retries": 0,
    }
    with liter_llm.Client(**conf) as c:
        r = c.call(
            "chat",
            {
                "model": "gpt-4o-mini",
                "messages": MSGS,
                "api_key": CANARY,
                "fallbacks": ["anthropic/claude-x"],
            },
        )
    assert r["choices"][0]["message"]["content"] == "from anthropic"
    first = mock_log({"base_url": f"{mock_url}/s/local_fallback_401/{run}/v1"})
    assert first[0]["headers"]["authorization"] == f"Bearer {CANARY}"
    fb = mock_log({"base_url": f"{mock_url}/s/local_anthropic_ok/{run}/v1"})
    assert fb and fb[0]["headers"]["x-api-key"] == "ak-own"
    assert CANARY not in json.dumps(fb)


# ------------------------------------------------------------------ 3. secrets
def test_reprs_never_show_secrets() -> None:
    conf = ClientConfig.from_dict(
        {
            "api_key": CANARY,
            "headers": {"Authorization": f"Bearer {CANARY}"},
            "providers": {"bedrock": {"aws_secret_access_key": CANARY}},
        }
    )
    target = Target(provider_spec("openai"), "m", "https://x.test/v1?key=" + CANARY, CANARY)  # type: ignore[arg-type]
    wire = WireRequest("POST", "https://x.test/?key=" + CANARY, {"x-api-key": CANARY}, b"{}")
    req = ChatRequest(model="m", messages=MSGS, api_key=CANARY)  # type: ignore[call-arg]
    for obj in (conf, target, wire, req, conf.net()):
        assert CANARY not in repr(obj), type(obj).__name__


def test_validation_errors_never_echo_inputs() -> None:
    c = liter_llm.Client(api_key="k", base_url="http://127.0.0.1:9/v1")
    with c, pytest.raises(liter_llm.InvalidArgumentError) as ei:
        c.chat(model="m", messages="not a list", api_key=CANARY)
    assert CANARY not in str(ei.value) and CANARY not in repr(ei.value)


def test_invalid_base_url_is_not_echoed_whole() -> None:
    with pytest.raises(liter_llm.InvalidArgumentError) as ei:
        liter_llm.Client(base_url=f"ftp://x.test/v1?key={CANARY}")
    assert CANARY not in str(ei.value)


def test_registered_secrets_are_scrubbed_from_any_error() -> None:
    errors.register_secret(CANARY)
    e = errors.ConnectionError(f"upstream said {CANARY} twice: {CANARY}")
    assert CANARY not in e.message and CANARY not in json.dumps(e.to_dict())


# ------------------------------------------------------------------ 4. caller input
@pytest.mark.parametrize(
    "conf",
    [
        {"base_url": ""},
        {"base_url": "http://x.test/v1\r\nHost: evil"},
        {"base_url": 5},
        {"api_key": 5},
        {"headers": {"X": 5}},
        {"headers": {"Content-Length": "1"}},
        {"providers": {"openai": {"headers": {"X A": "v"}}}},
        {"max_response_bytes": 0},
    ],
)
def test_bad_config_is_refused_at_creation(conf: dict[str, Any]) -> None:
    with pytest.raises(liter_llm.InvalidArgumentError):
        liter_llm.Client(**conf)
    env, h = ffi_entry.client_new(json.dumps(conf).encode())
    assert h == 0 and json.loads(env)["error"]["label"] == "invalid_argument"


@pytest.mark.parametrize("req", [123, "a string", ["list"]])
def test_python_api_refuses_non_requests(req: Any) -> None:
    c = liter_llm.Client(api_key="k", base_url="http://127.0.0.1:9/v1")
    with c, pytest.raises(liter_llm.InvalidArgumentError):
        c.chat(req)


def test_deep_nesting_is_invalid_argument_everywhere() -> None:
    deep: Any = "x"
    for _ in range(100_000):
        deep = [deep]
    c = liter_llm.Client(api_key="k", base_url="http://127.0.0.1:9/v1")
    with c, pytest.raises(liter_llm.InvalidArgumentError):
        c.chat(model="m", messages=[{"role": "user", "content": deep}])
    _env, h = ffi_entry.client_new(b"{}")
    raw = b'{"model":"m","messages":' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    out = json.loads(ffi_entry.call(h, b"chat", raw))
    ffi_entry.client_free(h)
    assert out["error"]["label"] == "invalid_argument"


def test_a_huge_op_is_not_echoed_back() -> None:
    _env, h = ffi_entry.client_new(b"{}")
    out = ffi_entry.call(h, b"x" * (32 * 1024 * 1024), b"{}")
    ffi_entry.client_free(h)
    assert len(out) < 1000 and json.loads(out)["error"]["label"] == "invalid_argument"


# ------------------------------------------------------------------ 5-7. resources
def test_keepalive_comments_do_not_extend_a_stream(mock_url: str) -> None:
    conf = cfg(mock_url, "hostile_keepalive_is_not_progress", stream_idle_timeout=0.5)
    with liter_llm.Client(**conf, max_retries=0) as c, pytest.raises(liter_llm.TimeoutError):
        list(c.chat_stream(model="gpt-4o-mini", messages=MSGS))
    assert wait_for(lambda: mock_log(conf)[0]["disconnected"])
    # 200 comments 50 ms apart were scripted; an idle timer that comments reset runs them all
    assert mock_log(conf)[0]["written"] < 200


def test_an_unread_stream_stops_reading_its_upstream(mock_url: str) -> None:
    conf = cfg(mock_url, "local_big_stream")
    _, h = ffi_entry.client_new(json.dumps(conf).encode())
    _env, sid = ffi_entry.stream_open(
        h, b"chat", json.dumps({"model": "m", "messages": MSGS}).encode()
    )
    s = ffi_entry._streams[sid]
    assert wait_for(lambda: s._q.qsize() >= _bridge.HIGH_WATER)
    time.sleep(0.5)  # give a producer without back-pressure room to overrun (3,000 chunks)
    assert s._q.qsize() <= _bridge.HIGH_WATER
    n = 0
    while True:  # reading resumes it: the whole stream still arrives
        ev = json.loads(ffi_entry.stream_next(sid))
        assert ev["ok"], ev
        if ev["data"].get("done"):
            break
        n += 1
    ffi_entry.stream_free(sid)
    ffi_entry.client_free(h)
    assert n == 3000


def test_abandoned_python_streams_close_their_upstreams(mock_url: str) -> None:
    conf = cfg(mock_url, "local_slow_stream")
    with liter_llm.Client(**conf) as c:
        for _ in range(10):
            s = c.chat_stream(model="gpt-4o-mini", messages=MSGS)
            next(iter(s))
            del s
        gc.collect()
        assert wait_for(lambda: sum(e["disconnected"] for e in mock_log(conf)) == 10)


# ------------------------------------------------------------------ cancellation
def test_cancel_before_the_answer_closes_the_upstream(mock_url: str) -> None:
    """The upstream has not sent its headers yet (a 2 s delay): a cancel must still reach it
    as a closed connection (the engine aborts the request; pyreqwest 0.15 could not)."""
    conf = cfg(mock_url, "error_timeout_deadline", max_retries=0)

    async def go() -> None:
        async with liter_llm.AsyncClient(**conf) as c:
            t = asyncio.ensure_future(c.chat(model="gpt-4o-mini", messages=MSGS))
            await asyncio.sleep(0.2)
            t.cancel()
            with pytest.raises(asyncio.CancelledError):
                await t

    asyncio.run(go())
    assert wait_for(lambda: mock_log(conf)[0]["disconnected"])
    assert not mock_log(conf)[0]["completed"]


def test_free_with_a_pending_next_closes_the_upstream(mock_url: str) -> None:
    """Between two chunks (1.5 s apart), a stream freed while a next_async waits: the
    upstream connection closes (the engine's body reader is released, not just dropped)."""
    conf = cfg(mock_url, "stream_idle_timeout", stream_idle_timeout=30)
    _, h = ffi_entry.client_new(json.dumps(conf).encode())
    _env, sid = ffi_entry.stream_open(
        h, b"chat", json.dumps({"model": "m", "messages": MSGS}).encode()
    )
    assert json.loads(ffi_entry.stream_next(sid))["ok"]
    got: list[bytes] = []
    assert json.loads(ffi_entry.stream_next_async(sid, got.append))["data"]["pending"]
    ffi_entry.stream_free(sid)
    assert wait_for(lambda: bool(got)) and json.loads(got[0])["error"]["label"] == "cancelled"
    assert wait_for(lambda: mock_log(conf)[0]["disconnected"])
    assert not mock_log(conf)[0]["completed"]
    ffi_entry.client_free(h)


# ------------------------------------------------------------------ 8. deadlines
def test_retry_after_beyond_the_deadline_fails_at_once(mock_url: str) -> None:
    conf = cfg(mock_url, "hostile_retry_after_past_deadline", timeout=1, max_retries=2)
    with liter_llm.Client(**conf) as c, pytest.raises(liter_llm.RateLimitedError) as ei:
        c.chat(model="gpt-4o-mini", messages=MSGS)
    assert ei.value.retry_after == 20.0
    assert len(mock_log(conf)) == 1  # no sleep of 20 s, no second attempt


# ------------------------------------------------------------------ 9. fork
@pytest.mark.skipif(not hasattr(os, "fork"), reason="POSIX only")
def test_a_forked_child_fails_fast_instead_of_hanging(mock_url: str) -> None:
    conf = cfg(mock_url, "chat_basic")
    with liter_llm.Client(**conf) as c:
        c.chat(model="gpt-4o-mini", messages=MSGS)  # the runtime runs now
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child reports through the pipe
            signal.alarm(10)  # a hang becomes a failure, not a stuck suite
            try:
                c.chat(model="gpt-4o-mini", messages=MSGS)
                out = b"no error"
            except liter_llm.LiterLlmError as e:
                out = e.label.encode()
            os.write(w, out)
            os._exit(0)
        os.close(w)
        got = os.read(r, 100)
        os.waitpid(pid, 0)
        os.close(r)
        assert got == b"init_failed"
        c.chat(model="gpt-4o-mini", messages=MSGS)  # the parent is unaffected


# ------------------------------------------------------------------ 10-11. threads
def test_a_second_reader_of_a_stream_is_refused_and_free_wakes_the_first(mock_url: str) -> None:
    conf = cfg(mock_url, "local_slow_stream")
    _, h = ffi_entry.client_new(json.dumps(conf).encode())
    _env, sid = ffi_entry.stream_open(
        h, b"chat", json.dumps({"model": "m", "messages": MSGS}).encode()
    )
    ffi_entry.stream_next(sid)
    s = ffi_entry._streams[sid]
    s._q.get()  # drain what arrived, so the next reader blocks
    got: list[Any] = []
    first = threading.Thread(target=lambda: got.append(json.loads(ffi_entry.stream_next(sid))))
    while not s._q.empty():
        s._q.get()
    first.start()
    assert wait_for(lambda: s._busy)
    second = json.loads(ffi_entry.stream_next(sid))
    assert second["error"]["label"] == "invalid_argument"
    ffi_entry.stream_free(sid)
    first.join(10)
    assert not first.is_alive(), "stream_free did not wake the blocked reader"
    assert got and got[0]["ok"] in (True, False)
    ffi_entry.client_free(h)


def test_blocking_calls_from_a_done_callback_are_refused(mock_url: str) -> None:
    conf = cfg(mock_url, "chat_basic")
    _env, h = ffi_entry.client_new(json.dumps(conf).encode())
    req = json.dumps({"model": "gpt-4o-mini", "messages": MSGS}).encode()
    inner: list[Any] = []
    done = threading.Event()

    def cb(_env: bytes) -> None:
        inner.append(json.loads(ffi_entry.call(h, b"chat", req)))
        inner.append(json.loads(ffi_entry.stream(h, b"chat", req, lambda _r: 0)))
        ffi_entry.client_free(h2)  # freeing from here must not stall the loop
        done.set()

    _env2, h2 = ffi_entry.client_new(json.dumps(conf).encode())
    assert json.loads(ffi_entry.call_async(h, b"chat", req, cb))["ok"]
    assert done.wait(10)
    assert [x["error"]["label"] for x in inner] == ["invalid_argument", "invalid_argument"]
    assert json.loads(ffi_entry.call(h, b"chat", req))["ok"]  # the library still answers
    ffi_entry.client_free(h)


def _fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def test_blocking_calls_from_many_threads_keep_fds_flat(mock_url: str) -> None:
    conf = cfg(mock_url, "chat_basic")
    _, h = ffi_entry.client_new(json.dumps(conf).encode())
    req = json.dumps({"model": "gpt-4o-mini", "messages": MSGS}).encode()
    oks: list[bool] = []

    def batch() -> None:
        ts = [
            threading.Thread(
                target=lambda: oks.append(json.loads(ffi_entry.call(h, b"chat", req))["ok"])
            )
            for _ in range(40)
        ]
        for t in ts:
            t.start()
        for t in ts:
            t.join(30)

    batch()  # warm: the loop pool and the connection pool fill up
    batch()
    before = _fds()
    for _ in range(3):
        batch()
    after = _fds()
    ffi_entry.client_free(h)
    assert oks.count(True) == 200
    # a per-thread leak (two wake-up sockets per host thread, as wreq keeps per loop and
    # thread) would add 240 over these 120 threads; the connection pool may still grow a
    # little when a later batch overlaps more than the warm ones (at most 40 at once)
    assert after <= before + 20, f"fds grew from {before} to {after} over 120 threads"


def test_client_free_ends_blocking_calls_in_other_threads(mock_url: str) -> None:
    """Calls waiting on a 2 s upstream while their client is freed end as cancelled, now."""
    conf = cfg(mock_url, "error_timeout_deadline", max_retries=0, timeout=30)
    _, h = ffi_entry.client_new(json.dumps(conf).encode())
    req = json.dumps({"model": "gpt-4o-mini", "messages": MSGS}).encode()
    labels: list[str] = []

    def one() -> None:
        labels.append(json.loads(ffi_entry.call(h, b"chat", req))["error"]["label"])

    ts = [threading.Thread(target=one) for _ in range(5)]
    for t in ts:
        t.start()
    assert wait_for(lambda: len(mock_log(conf)) == 5)  # all five are waiting upstream
    ffi_entry.client_free(h)
    for t in ts:
        t.join(10)
    assert labels == ["cancelled"] * 5
    assert wait_for(lambda: all(e["disconnected"] for e in mock_log(conf)))
    assert len(mock_log(conf)) == 5  # no retry on a fresh pool after the free


def test_shutdown_ends_calls_in_flight_as_cancelled(mock_url: str) -> None:
    conf = cfg(mock_url, "error_timeout_deadline", max_retries=0, timeout=30)
    _, h = ffi_entry.client_new(json.dumps(conf).encode())
    req = json.dumps({"model": "gpt-4o-mini", "messages": MSGS}).encode()
    labels: list[str] = []
    ts = [
        threading.Thread(
            target=lambda: labels.append(
                json.loads(ffi_entry.call(h, b"chat", req))["error"]["label"]
            )
        )
        for _ in range(3)
    ]
    for t in ts:
        t.start()
    assert wait_for(lambda: len(mock_log(conf)) == 3)
    _runtime.shutdown()
    for t in ts:
        t.join(10)
    assert labels == ["cancelled"] * 3
    ffi_entry.client_free(h)


def test_python_stream_from_two_threads(mock_url: str) -> None:
    conf = cfg(mock_url, "local_slow_stream")
    with liter_llm.Client(**conf) as c:
        s = c.chat_stream(model="gpt-4o-mini", messages=MSGS)
        it = iter(s)
        next(it)
        errs: list[BaseException] = []

        def other() -> None:
            try:
                for _ in s:
                    pass
            except liter_llm.LiterLlmError as e:
                errs.append(e)

        t = threading.Thread(target=other)
        while not s._inner._q.empty():
            s._inner._q.get()
        ended: list[str] = []

        def read_one() -> None:
            try:
                next(it, None)
            except liter_llm.LiterLlmError as e:
                ended.append(e.label)

        reader = threading.Thread(target=read_one)
        reader.start()
        assert wait_for(lambda: s._inner._busy)
        t.start()
        t.join(10)
        s.close()
        reader.join(10)
        assert not reader.is_alive() and ended == ["cancelled"]
        assert errs and errs[0].label == "invalid_argument"
