"""Which HTTP engine the transport sits on: raw engines side by side, by numbers and behaviour.

    python bench/transport.py [--rounds 3] [--out bench/transport.md]

Every engine runs in one venv (bench/.venvs/engines) against the same nginx as `make bench`
(a fixed completion and a 20-chunk SSE stream), interleaved round by round on uvloop. Besides
req/s it checks the one behaviour that decided the choice: does cancelling a request that is
still waiting for its response headers close the connection (so the upstream stops)? Prints
a table and writes it to bench/transport.md; asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ENGINES = ["wreq", "pyreqwest", "aiohttp", "pyqwest", "httpx"]
REQS = ["wreq", "pyreqwest", "aiohttp", "pyqwest", "httpx", "uvloop"]
BODY = json.dumps({"model": "m", "messages": [{"role": "user", "content": "hi"}]}).encode()
HDRS = {"Content-Type": "application/json", "Authorization": "Bearer k"}


# ------------------------------------------------------------------ inside the engines venv
async def _clients(base: str) -> dict[str, tuple[Callable[[str], Awaitable[int]], Any]]:
    """engine -> (fetch(url) -> bytes read, closer)."""
    out: dict[str, tuple[Callable[[str], Awaitable[int]], Any]] = {}
    import wreq
    from wreq.redirect import Policy
    from wreq.runtime import Runtime

    w = wreq.Client(redirect=Policy.none(), runtime=Runtime(workers=1))

    async def f_wreq(url: str) -> int:
        r = await w.post(url, headers=HDRS, body=BODY)
        n = 0
        async for piece in r.stream():
            n += len(bytes(piece))
        return n

    out["wreq"] = (f_wreq, None)
    from pyreqwest.client import ClientBuilder

    p = ClientBuilder().max_connections(1000).follow_redirects(False).build()

    async def f_pyreqwest(url: str) -> int:
        async with (
            p.post(url)
            .headers(HDRS)
            .body_bytes(BODY)
            .streamed_read_buffer_limit(1)
            .build_streamed()
        ) as r:
            n = 0
            while (piece := await r.body_reader.read_chunk()) is not None:
                n += len(piece.to_bytes())
            return n

    out["pyreqwest"] = (f_pyreqwest, p.close)
    import aiohttp

    s = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0))

    async def f_aiohttp(url: str) -> int:
        async with s.post(url, data=BODY, headers=HDRS) as r:
            n = 0
            async for piece in r.content.iter_any():
                n += len(piece)
            return n

    out["aiohttp"] = (f_aiohttp, s.close)
    import pyqwest

    q = pyqwest.Client(pyqwest.HTTPTransport(follow_redirects=False))

    async def f_pyqwest(url: str) -> int:
        async with q.stream("POST", url, HDRS, BODY) as r:
            n = 0
            async for piece in r.content:
                n += len(bytes(piece))
            return n

    out["pyqwest"] = (f_pyqwest, None)
    import httpx

    h = httpx.AsyncClient(limits=httpx.Limits(max_connections=1000))

    async def f_httpx(url: str) -> int:
        async with h.stream("POST", url, content=BODY, headers=HDRS) as r:
            n = 0
            async for piece in r.aiter_bytes():
                n += len(piece)
            return n

    out["httpx"] = (f_httpx, h.aclose)
    return out


async def _rate(fetch: Callable[[str], Awaitable[int]], url: str, conc: int, secs: float) -> float:
    done = 0
    end = time.perf_counter() + secs

    async def worker() -> None:
        nonlocal done
        while time.perf_counter() < end:
            await fetch(url)
            done += 1

    t = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(conc)))
    return done / (time.perf_counter() - t)


async def _cancel_closes(fetch: Callable[[str], Awaitable[int]]) -> bool:
    """A server that reads the request and never answers; is the connection closed after
    the waiting task is cancelled?"""
    closed = asyncio.Event()

    async def handle(r: asyncio.StreamReader, wr: asyncio.StreamWriter) -> None:
        await r.readuntil(b"\r\n\r\n")
        try:
            while await r.read(65536):
                pass
            closed.set()
        finally:
            wr.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    task = asyncio.ensure_future(fetch(f"http://127.0.0.1:{port}/v1/chat/completions"))
    await asyncio.sleep(0.3)
    task.cancel()
    try:
        await task
    except BaseException:
        pass
    try:
        await asyncio.wait_for(closed.wait(), 3)
        ok = True
    except TimeoutError:
        ok = False
    server.close()
    return ok


async def inner(base: str, rounds: int, secs: float) -> dict[str, Any]:
    clients = await _clients(base)
    url, surl = f"{base}/v1/chat/completions", f"{base}/stream/v1/chat/completions"
    res: dict[str, dict[str, list[float]]] = {n: {} for n in clients}
    for _ in range(rounds):
        for name, (fetch, _) in clients.items():
            for key, u, c in (("c1", url, 1), ("c16", url, 16), ("c256", url, 256),
                              ("s1", surl, 1), ("s16", surl, 16)):  # fmt: skip
                res[name].setdefault(key, []).append(await _rate(fetch, u, c, secs))
    out: dict[str, Any] = {}
    for name, (fetch, _) in clients.items():
        out[name] = {k: statistics.median(v) for k, v in res[name].items()}
        out[name]["cancel_closes"] = await _cancel_closes(fetch)
    return out


# ------------------------------------------------------------------ the orchestrator
def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--seconds", type=float, default=0.8)
    ap.add_argument("--out", default=str(HERE / "transport.md"))
    ap.add_argument("--inner")
    a = ap.parse_args()
    if a.inner:
        import uvloop

        print(json.dumps(uvloop.run(inner(a.inner, a.rounds, a.seconds))))
        return
    sys.path.insert(0, str(HERE))
    import run as bench

    py = bench.venv("engines", REQS)
    proc, base = bench.start_nginx()
    try:
        raw = subprocess.run(
            [str(py), __file__, "--inner", base, "--rounds", str(a.rounds),
             "--seconds", str(a.seconds)],
            check=True, capture_output=True, text=True,
        ).stdout  # fmt: skip
    finally:
        proc.terminate()
        proc.wait(10)
    res = json.loads(raw)
    vers = subprocess.run(
        [str(py), "-m", "pip", "list", "--format=json"], check=True, capture_output=True, text=True
    ).stdout
    have = {p["name"].lower(): p["version"] for p in json.loads(vers)}
    lines = [
        f"Raw HTTP engines against nginx on loopback, {a.rounds} interleaved rounds of "
        f"{a.seconds} s, median req/s (streams: whole 20-chunk streams per second), uvloop, "
        f"{time.strftime('%Y-%m-%d')}. 'cancel closes': a request still waiting for its "
        "headers, cancelled, closes its connection.",
        "",
        "| engine | version | c=1 | c=16 | c=256 | streams c=1 | streams c=16 | cancel closes |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for n in ENGINES:
        r = res[n]
        lines.append(
            f"| {n} | {have.get(n, '?')} | {r['c1']:.0f} | {r['c16']:.0f} | {r['c256']:.0f} | "
            f"{r['s1']:.0f} | {r['s16']:.0f} | {'yes' if r['cancel_closes'] else 'no'} |"
        )
    text = "\n".join(lines) + "\n"
    print(text)
    Path(a.out).write_text(text)


if __name__ == "__main__":
    main()
