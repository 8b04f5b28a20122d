"""One Python client, one scenario, one JSON line. Runs inside that client's own venv.

    python pyclient.py CLIENT BASE_URL SCENARIO [SECONDS]

CLIENT: wreq (raw, the floor: our transport's engine), pyreqwest (raw), aiohttp (raw), httpx
(raw AsyncClient), openai, litellm, rust (the Rust ``liter-llm`` wheel), liter_llm (ours),
liter_llm_router (ours, the model a group of three healthy deployments of that upstream),
liter_llm_full (the router plus a hard budget, rate and concurrency limits and a fallback,
none of them ever biting: what the layers cost), liter_llm_traced (ours with OpenTelemetry
spans and metrics to in-memory readers and the Prometheus registry: what tracing costs).
SCENARIO: seq | c16 | c256 | stream | all (those four in one process) | cold | rss.
BENCH_PROMPT_BYTES=N sends an N-byte prompt; a BASE_URL ending in /long streams 1,000 chunks.
BASE_URL serves ``/v1/chat/completions`` (a fixed completion) and
``/stream/v1/chat/completions`` (a 20-chunk stream). Every client runs on uvloop when its
venv has it. Measures; asserts nothing but that answers arrived.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from collections.abc import AsyncIterable, AsyncIterator, Awaitable, Callable
from typing import Any

T0 = time.perf_counter()
# BENCH_PROMPT_BYTES: a prompt of that many bytes instead of "hi" (the RAG-sized rows)
PROMPT = "x" * int(os.environ.get("BENCH_PROMPT_BYTES") or 0) or "hi"
MSGS = [{"role": "user", "content": PROMPT}]
BODY = json.dumps({"model": "mock-model", "messages": MSGS}).encode()
SBODY = json.dumps({"model": "mock-model", "messages": MSGS, "stream": True}).encode()
HDRS = {"Content-Type": "application/json", "Authorization": "Bearer k"}
Call = Callable[[], Awaitable[Any]]
Stream = Callable[[], Awaitable[int]]  # one whole stream; returns chunks, records TTFC


def rss_mb() -> tuple[float, float]:
    cur = peak = 0.0
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                cur = int(line.split()[1]) / 1024
            elif line.startswith("VmHWM:"):
                peak = int(line.split()[1]) / 1024
    return cur, peak


async def count(items: AsyncIterable[Any], t: float, ttfc: list[float]) -> int:
    """Chunks of one stream started at ``t``; the first one's arrival goes into ``ttfc``."""
    n = 0
    async for _ in items:
        n += 1
        if n == 1:
            ttfc.append(time.perf_counter() - t)
    return n


async def data_lines(lines: AsyncIterable[Any]) -> AsyncIterator[Any]:
    """The SSE lines of a raw HTTP client that carry a chunk."""
    async for line in lines:
        if line.startswith(b"data: {" if isinstance(line, bytes) else "data: {"):
            yield line


async def _lines(reader: Any) -> AsyncIterator[bytes]:
    """Lines of a pyreqwest body reader (the raw client's own SSE split)."""
    buf = b""
    while (piece := await reader.read_chunk()) is not None:
        buf += piece.to_bytes()
        *lines, buf = buf.split(b"\n")
        for line in lines:
            yield line


async def _wreq_lines(resp: Any) -> AsyncIterator[bytes]:
    buf = b""
    async for piece in resp.stream():
        buf += bytes(piece)
        *lines, buf = buf.split(b"\n")
        for line in lines:
            yield line


async def make(client: str, base: str, ttfc: list[float]) -> tuple[Call, Stream]:
    url, surl = f"{base}/v1/chat/completions", f"{base}/stream/v1/chat/completions"

    if client == "wreq":
        import wreq
        from wreq.redirect import Policy
        from wreq.runtime import Runtime

        wc = wreq.Client(redirect=Policy.none(), runtime=Runtime(workers=1))

        async def call() -> Any:
            r = await wc.post(url, headers=HDRS, body=BODY)
            return json.loads(bytes(await r.bytes()))

        async def stream() -> int:
            t = time.perf_counter()
            r = await wc.post(surl, headers=HDRS, body=SBODY)
            return await count(data_lines(_wreq_lines(r)), t, ttfc)

        return call, stream
    if client == "pyreqwest":
        from pyreqwest.client import ClientBuilder

        pc = ClientBuilder().max_connections(1000).follow_redirects(False).build()

        async def call() -> Any:
            r = await pc.post(url).headers(HDRS).body_bytes(BODY).build().send()
            return json.loads((await r.bytes()).to_bytes())

        async def stream() -> int:
            t = time.perf_counter()
            async with pc.post(surl).headers(HDRS).body_bytes(SBODY).build_streamed() as r:
                return await count(data_lines(_lines(r.body_reader)), t, ttfc)

        return call, stream
    if client == "aiohttp":
        import aiohttp

        s = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0))

        async def call() -> Any:
            async with s.post(url, data=BODY, headers=HDRS) as r:
                return json.loads(await r.read())

        async def stream() -> int:
            t = time.perf_counter()
            async with s.post(surl, data=SBODY, headers=HDRS) as r:
                return await count(data_lines(r.content), t, ttfc)

        return call, stream
    if client == "httpx":
        import httpx

        h = httpx.AsyncClient()

        async def call() -> Any:
            r = await h.post(url, content=BODY, headers=HDRS)
            return r.json()

        async def stream() -> int:
            t = time.perf_counter()
            async with h.stream("POST", surl, content=SBODY, headers=HDRS) as r:
                return await count(data_lines(r.aiter_lines()), t, ttfc)

        return call, stream
    if client == "openai":
        import openai

        o = openai.AsyncOpenAI(base_url=f"{base}/v1", api_key="k", max_retries=0)
        so = openai.AsyncOpenAI(base_url=f"{base}/stream/v1", api_key="k", max_retries=0)

        async def call() -> Any:
            return await o.chat.completions.create(model="mock-model", messages=MSGS)  # type: ignore[arg-type]

        async def stream() -> int:
            t = time.perf_counter()
            s = await so.chat.completions.create(model="mock-model", messages=MSGS, stream=True)  # type: ignore[arg-type]
            return await count(s, t, ttfc)

        return call, stream
    if client == "litellm":
        import litellm

        async def call() -> Any:
            return await litellm.acompletion(
                model="openai/mock-model", api_base=f"{base}/v1", api_key="k", messages=MSGS
            )

        async def stream() -> int:
            t = time.perf_counter()
            s = await litellm.acompletion(
                model="openai/mock-model",
                api_base=f"{base}/stream/v1",
                api_key="k",
                messages=MSGS,
                stream=True,
            )
            return await count(s, t, ttfc)

        return call, stream
    if client == "rust":
        import liter_llm as L  # the Rust wheel: same import name as ours, hence its own venv

        c = L.create_client(api_key="k", base_url=f"{base}/v1", max_retries=0)
        sc = L.create_client(api_key="k", base_url=f"{base}/stream/v1", max_retries=0)
        req = L.ChatCompletionRequest.from_json(
            json.dumps({"model": "openai/mock-model", "messages": MSGS})
        )
        sreq = L.ChatCompletionRequest.from_json(
            json.dumps({"model": "openai/mock-model", "messages": MSGS, "stream": True})
        )

        async def call() -> Any:
            return await L.chat(c, req)

        async def stream() -> int:
            return await count(L.chat_stream(sc, sreq), time.perf_counter(), ttfc)

        return call, stream
    if client in ("liter_llm", "liter_llm_router", "liter_llm_full", "liter_llm_traced"):
        import liter_llm

        model = "mock-model"
        routed: dict[str, Any] = {}
        if client in ("liter_llm_router", "liter_llm_full"):
            # the same upstream as three healthy deployments
            model = "bench-group"
            routed["deployments"] = [
                {"id": f"d{i}", "model_name": model, "model": "openai/mock-model"} for i in range(3)
            ]
        if client == "liter_llm_full":  # every layer on, none ever biting (in memory)
            routed.update(
                pricing={
                    "openai/mock-model": {
                        "input_mtok": "1",
                        "output_mtok": "1",
                        "context_window": 128000,
                    }
                },
                budgets=[{"scope": "global", "limit_usd": "1000000.00", "mode": "hard"}],
                rate_limits=[{"scope": "deployment", "rpm": 10**9, "tpm": 10**12}],
                max_in_flight={"openai": 10**6},
                fallbacks=["openai/mock-model"],
            )
        if client == "liter_llm_traced":
            routed.update(tracing())
        ours = liter_llm.AsyncClient(base_url=f"{base}/v1", api_key="k", max_retries=0, **routed)
        sours = liter_llm.AsyncClient(
            base_url=f"{base}/stream/v1", api_key="k", max_retries=0, **routed
        )

        async def call() -> Any:
            return await ours.chat(model=model, messages=MSGS)

        async def stream() -> int:
            s = sours.chat_stream(model=model, messages=MSGS)
            return await count(s, time.perf_counter(), ttfc)

        return call, stream
    raise SystemExit(f"unknown client {client}")


def tracing() -> dict[str, Any]:
    """Spans through the OpenTelemetry SDK to an in-memory exporter (the last 1,000 kept),
    GenAI metrics to an in-memory reader, and the Prometheus registry."""
    import collections
    from collections.abc import Sequence

    from opentelemetry.sdk.metrics import MeterProvider
    from opentelemetry.sdk.metrics.export import InMemoryMetricReader
    from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
    from opentelemetry.sdk.trace.export import (
        SimpleSpanProcessor,
        SpanExporter,
        SpanExportResult,
    )

    class Recent(SpanExporter):
        def __init__(self) -> None:
            self.spans: collections.deque[ReadableSpan] = collections.deque(maxlen=1000)

        def export(self, spans: Sequence[ReadableSpan]) -> SpanExportResult:
            self.spans.extend(spans)
            return SpanExportResult.SUCCESS

    tp = TracerProvider()
    tp.add_span_processor(SimpleSpanProcessor(Recent()))
    mp = MeterProvider(metric_readers=[InMemoryMetricReader()])
    return {
        "telemetry": {"otel": True, "metrics": True},
        "tracer_provider": tp,
        "meter_provider": mp,
    }


async def load(call: Call, workers: int, seconds: float) -> dict[str, Any]:
    lat: list[float] = []
    stop = time.perf_counter() + seconds

    async def worker() -> None:
        while time.perf_counter() < stop:
            t = time.perf_counter()
            await call()
            lat.append(time.perf_counter() - t)

    start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(workers)))
    el = time.perf_counter() - start
    lat.sort()
    return {
        "n": len(lat),
        "rps": len(lat) / el,
        "p50_ms": lat[len(lat) // 2] * 1e3,
        "p99_ms": lat[len(lat) * 99 // 100] * 1e3,
    }


async def main(client: str, base: str, scenario: str, seconds: float) -> dict[str, Any]:
    t_imp = time.perf_counter()
    ttfc: list[float] = []
    call, stream = await make(client, base, ttfc)
    import_ms = (time.perf_counter() - t_imp) * 1e3
    if scenario == "cold":
        await call()
        return {"import_ms": import_ms, "start_to_first_ms": (time.perf_counter() - T0) * 1e3}
    for _ in range(100):  # warm-up: connections, caches, lazy imports
        await call()
    if scenario == "all":
        out = {}
        for sc in ("seq", "c16", "c256", "stream"):
            out[sc] = await scenario_of(sc, call, stream, ttfc, seconds)
        return out
    return await scenario_of(scenario, call, stream, ttfc, seconds)


async def scenario_of(
    scenario: str, call: Call, stream: Stream, ttfc: list[float], seconds: float
) -> dict[str, Any]:
    if scenario in ("seq", "c16", "c256"):
        return await load(call, {"seq": 1, "c16": 16, "c256": 256}[scenario], seconds)
    if scenario == "stream":
        for _ in range(20):
            await stream()
        ttfc.clear()
        chunks, start = 0, time.perf_counter()
        while time.perf_counter() - start < seconds:
            chunks += await stream()
        el = time.perf_counter() - start
        ttfc.sort()
        return {
            "streams": len(ttfc),
            "chunks_per_stream": chunks / max(1, len(ttfc)),
            "ttfc_p50_ms": ttfc[len(ttfc) // 2] * 1e3,
            "chunks_per_s": chunks / el,
        }
    if scenario == "rss":
        sem = asyncio.Semaphore(16)
        samples = []

        async def one() -> None:
            async with sem:
                await call()

        for _ in range(10):  # 10 x 1,000 calls, RSS after each thousand
            await asyncio.gather(*(one() for _ in range(1000)))
            samples.append(rss_mb()[0])
        return {
            "rss_1k_mb": samples[0],
            "rss_5k_mb": samples[4],
            "rss_10k_mb": samples[-1],
            "peak_mb": rss_mb()[1],
        }
    raise SystemExit(f"unknown scenario {scenario}")


if __name__ == "__main__":
    client, base, scenario = sys.argv[1:4]
    seconds = float(sys.argv[4]) if len(sys.argv) > 4 else 3.0
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    os.environ.setdefault("LITELLM_LOG", "ERROR")
    out = asyncio.run(main(client, base, scenario, seconds))
    print(json.dumps(out))
    sys.stdout.flush()
    os._exit(0)  # some clients keep threads or pools alive at exit
