"""Mock LLM provider: real HTTP on loopback playing the scripted upstreams of tests/fixtures.

    python tests/mock_provider.py [--port 0] [--port-file F]

Prints ``LISTENING http://127.0.0.1:PORT`` once ready. Routes:
  /s/{case}/{run}/v1/...   plays fixture ``case``; attempt k of a run gets ``upstream[k]``
                           (the last step repeats). ``run`` is any id a test picks, so runs
                           never share attempt counters. A case with ``upstream_by_model``
                           ({model: steps}, "*" for any other) scripts each requested model
                           (the body's ``model``, else the path: ``models`` for a GET
                           /models) on its own counter: deployments and fallbacks.
  GET /_log/{case}/{run}   what the mock received for that run: method, path, headers, body,
                           and whether the client went away before the script ended.
  GET /_peak/{case}/{run}  {"peak": N}: the most requests of that run in flight at once.
  /bench/v1/chat/completions   a fixed ~300-byte completion, or a 20-chunk stream when the
                           request says "stream": true (for benchmarks and the demo).
  GET /_health             "ok"

A multipart request is logged as ``{"fields": {...}, "files": {name: {"filename",
"content_type", "size", "sha256"}}}`` (a repeated name as a list), read in pieces.

A step of a script: ``status``, ``headers``, ``json`` | ``raw`` | ``sse`` (list of data
payloads, objects are JSON-encoded) | ``sse_raw`` (text written as is) | ``eventstream`` (AWS
binary event-stream messages: ``headers`` and a JSON ``payload`` each), ``delay_ms`` (before
the answer), ``chunk_delay_ms`` (between SSE events), ``split`` (write the body in pieces of
that many bytes, to cut events and UTF-8 characters), ``drop`` (close the connection without
answering), ``truncate_after`` (abort the connection after that many body bytes).
Hostile steps: ``raw_hex`` (body bytes in hex: BOMs, UTF-16, broken UTF-8), ``zeros`` (a body
of that many ASCII zeros), ``sse_line`` (an SSE ``data:`` line of that many bytes with no
newline), ``gzip`` (send the body gzip-compressed: a small wire body that expands hugely),
``keepalive`` (``{"every_ms", "count"}``: SSE comments only, then the end without [DONE]; the
log's ``written`` says how many went out before the client left), ``sse_gen``
(``{"count", "pad"}``: that many generated chunks, each with that much padding, then [DONE]). ``{other_origin}`` in a
header value becomes this server under another host name (a cross-origin redirect target).
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import hashlib
import json
import logging
import os
import struct
import sys
import time
import zlib
from collections import defaultdict
from pathlib import Path
from typing import Any

from aiohttp import BodyPartReader, web

FIXTURES = Path(__file__).parent / "fixtures"


def encode_event(headers: dict[str, str], payload: Any) -> bytes:
    """One AWS event-stream message (string headers, a JSON payload), CRCs included."""
    body = json.dumps(payload).encode()
    hb = b""
    for k, v in headers.items():
        kb, vb = k.encode(), v.encode()
        hb += bytes([len(kb)]) + kb + b"\x07" + struct.pack(">H", len(vb)) + vb
    prelude = struct.pack(">II", 12 + len(hb) + len(body) + 4, len(hb))
    msg = prelude + struct.pack(">I", zlib.crc32(prelude)) + hb + body
    return msg + struct.pack(">I", zlib.crc32(msg))


def load_cases() -> dict[str, dict[str, Any]]:
    cases: dict[str, dict[str, Any]] = {}
    # fixtures/*.json: the shared set every suite runs; fixtures/local/: scripts only the
    # Python suite's own tests use (slow or endless upstreams)
    for f in sorted(FIXTURES.glob("*.json")) + sorted(FIXTURES.glob("local/*.json")):
        for case in json.loads(f.read_text(encoding="utf-8")):
            if case["name"] in cases:
                raise SystemExit(f"duplicate fixture name {case['name']!r} in {f}")
            cases[case["name"]] = case
    return cases


BENCH_BODY = json.dumps(
    {
        "id": "chatcmpl-bench",
        "object": "chat.completion",
        "created": 1700000000,
        "model": "mock-model",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": "Hello from the mock."},
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 9, "completion_tokens": 5, "total_tokens": 14},
    }
).encode()


def bench_stream(n: int = 20) -> bytes:
    out = []
    for i in range(n):
        c = {
            "id": "chatcmpl-bench",
            "object": "chat.completion.chunk",
            "created": 1700000000,
            "model": "mock-model",
            "choices": [{"index": 0, "delta": {"content": f"tok{i} "}, "finish_reason": None}],
        }
        out.append(b"data: " + json.dumps(c).encode() + b"\n\n")
    last = {
        "id": "chatcmpl-bench",
        "object": "chat.completion.chunk",
        "created": 1700000000,
        "model": "mock-model",
        "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 9, "completion_tokens": n, "total_tokens": 9 + n},
    }
    out.append(b"data: " + json.dumps(last).encode() + b"\n\ndata: [DONE]\n\n")
    return b"".join(out)


async def read_form(request: web.Request) -> dict[str, Any]:
    """A multipart body as the log shows it: text fields by name, and each file's name, type,
    size and SHA-256 (read in pieces, so a large upload is never held here)."""
    fields: dict[str, Any] = {}
    files: dict[str, Any] = {}
    reader = await request.multipart()
    while True:
        part = await reader.next()
        if part is None:
            break
        assert isinstance(part, BodyPartReader)
        name = part.name or ""
        if part.filename is None:
            value = (await part.read()).decode("utf-8", "replace")
            if name in fields:
                prev = fields[name]
                fields[name] = [*prev, value] if isinstance(prev, list) else [prev, value]
            else:
                fields[name] = value
            continue
        h = hashlib.sha256()
        size = 0
        while True:
            chunk = await part.read_chunk(256 * 1024)
            if not chunk:
                break
            h.update(chunk)
            size += len(chunk)
        info = {
            "filename": part.filename,
            "content_type": part.headers.get("Content-Type"),
            "size": size,
            "sha256": h.hexdigest(),
        }
        if name in files:
            prev = files[name]
            files[name] = [*prev, info] if isinstance(prev, list) else [prev, info]
        else:
            files[name] = info
    return {"fields": fields, "files": files}


class Mock:
    def __init__(self) -> None:
        self.cases = load_cases()
        self.attempts: dict[tuple[str, ...], int] = defaultdict(int)
        self.log: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
        self.in_flight: dict[tuple[str, str], int] = defaultdict(int)
        self.peak: dict[tuple[str, str], int] = defaultdict(int)
        self.stream_body = bench_stream()

    async def health(self, _: web.Request) -> web.Response:
        return web.Response(text="ok")

    async def get_peak(self, request: web.Request) -> web.Response:
        """The most requests of one run the mock had in flight at once (proof of overlap
        that needs no clock)."""
        key = (request.match_info["case"], request.match_info["run"])
        return web.json_response({"peak": self.peak.get(key, 0)})

    async def get_log(self, request: web.Request) -> web.Response:
        key = (request.match_info["case"], request.match_info["run"])
        return web.json_response(self.log.get(key, []))

    async def bench(self, request: web.Request) -> web.StreamResponse:
        body = await request.read()
        if b'"stream":true' in body.replace(b" ", b""):
            resp = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
            await resp.prepare(request)
            await resp.write(self.stream_body)
            await resp.write_eof()
            return resp
        return web.Response(body=BENCH_BODY, content_type="application/json")

    async def scripted(self, request: web.Request) -> web.StreamResponse:
        name, run = request.match_info["case"], request.match_info["run"]
        case = self.cases.get(name)
        if case is None:
            return web.json_response({"error": {"message": f"no fixture {name!r}"}}, status=599)
        key = (name, run)
        body: Any
        if request.content_type.startswith("multipart/"):
            body = await read_form(request)
        else:
            raw = await request.read()
            try:
                body = json.loads(raw) if raw else None
            except ValueError:
                body = raw.decode("utf-8", "replace")
        steps = case.get("upstream")
        counter: tuple[str, ...] = key
        by_model = case.get("upstream_by_model")
        if by_model is not None:  # one script per requested model (deployments, fallbacks)
            model = body.get("model") if isinstance(body, dict) else None
            model = model or request.match_info["tail"]  # e.g. GET /models of a probe
            steps = by_model.get(model) or by_model.get("*")
            if steps is None:
                return web.json_response(
                    {"error": {"message": f"no script for model {model!r}"}}, status=599
                )
            counter = (name, run, model)
        n = self.attempts[counter]
        self.attempts[counter] = n + 1
        step = steps[min(n, len(steps) - 1)]
        entry: dict[str, Any] = {
            "method": request.method,
            "path": "/" + request.match_info["tail"],
            "query": dict(request.query),
            "headers": {k.lower(): v for k, v in request.headers.items()},
            "body": body,
            "disconnected": False,
            "completed": False,
            "written": 0,
            "time": time.time(),
        }
        self.log[key].append(entry)
        self.in_flight[key] += 1
        self.peak[key] = max(self.peak[key], self.in_flight[key])
        try:
            resp = await self.play(request, step, entry)
            entry["completed"] = True
            return resp
        except (ConnectionResetError, ConnectionError, asyncio.CancelledError):
            entry["disconnected"] = True
            raise
        finally:
            self.in_flight[key] -= 1

    async def play(
        self, request: web.Request, step: dict[str, Any], entry: dict[str, Any]
    ) -> web.StreamResponse:
        if step.get("delay_ms"):
            # wait, watching the connection: a client that leaves is logged as disconnected
            end = time.monotonic() + step["delay_ms"] / 1000
            while time.monotonic() < end:
                tr = request.transport
                if tr is None or tr.is_closing():
                    raise ConnectionResetError("client went away during the delay")
                await asyncio.sleep(min(0.01, max(0.0, end - time.monotonic())))
        if step.get("drop"):
            assert request.transport is not None
            request.transport.close()
            raise ConnectionResetError("dropped by script")
        status = step.get("status", 200)
        headers = dict(step.get("headers", {}))
        other = f"http://localhost:{request.url.port}"
        headers = {k: v.replace("{other_origin}", other) for k, v in headers.items()}
        if "keepalive" in step:
            ka = step["keepalive"]
            resp = web.StreamResponse(status=status, headers={"Content-Type": "text/event-stream"})
            await resp.prepare(request)
            for _ in range(ka["count"]):
                await resp.write(b": keep-alive\n\n")
                entry["written"] += 1
                await asyncio.sleep(ka["every_ms"] / 1000)
                tr = request.transport
                if tr is None or tr.is_closing():
                    raise ConnectionResetError("client left during keep-alives")
            await resp.write_eof()
            return resp
        if "sse_line" in step or "zeros" in step or "raw_hex" in step:
            if "sse_line" in step:
                payload = b"data: " + b"a" * step["sse_line"]
                headers.setdefault("Content-Type", "text/event-stream")
            elif "zeros" in step:
                payload = b"0" * step["zeros"]
                headers.setdefault("Content-Type", "application/json")
            else:
                payload = bytes.fromhex(step["raw_hex"])
                headers.setdefault("Content-Type", "application/json")
            if step.get("gzip"):
                payload = gzip.compress(payload, 6)
                headers["Content-Encoding"] = "gzip"
            resp = web.StreamResponse(status=status, headers=headers)
            await resp.prepare(request)
            for i in range(0, len(payload), 65536):
                await resp.write(payload[i : i + 65536])
                entry["written"] += 1
                tr = request.transport
                if tr is None or tr.is_closing():
                    raise ConnectionResetError("client left mid-body")
            await resp.write_eof()
            return resp
        if "sse_gen" in step:  # {"count": N, "pad": B}: N chunks of B padding bytes, [DONE]
            g = step["sse_gen"]
            step = {
                **step,
                "sse": [
                    {
                        "id": "c",
                        "object": "chat.completion.chunk",
                        "created": 1,
                        "model": "m",
                        "choices": [{"index": 0, "delta": {"content": f"t{i} "}}],
                        "pad": "x" * g.get("pad", 0),
                    }
                    for i in range(g["count"])
                ]
                + ["[DONE]"],
            }
        if "sse" in step or "sse_raw" in step or "eventstream" in step:
            if "eventstream" in step:
                events = [encode_event(e["headers"], e["payload"]) for e in step["eventstream"]]
                headers.setdefault("Content-Type", "application/vnd.amazon.eventstream")
            elif "sse_raw" in step:
                events = [step["sse_raw"].encode()]
            else:
                events = [
                    b"data: "
                    + (e if isinstance(e, str) else json.dumps(e, ensure_ascii=False)).encode()
                    + b"\n\n"
                    for e in step["sse"]
                ]
            headers.setdefault("Content-Type", "text/event-stream")
            resp = web.StreamResponse(status=status, headers=headers)
            await resp.prepare(request)
            await self.write_body(request, resp, events, step)
            await resp.write_eof()
            return resp
        if "json" in step:
            payload = json.dumps(step["json"], ensure_ascii=False).encode()
            headers.setdefault("Content-Type", "application/json")
        else:
            payload = step.get("raw", "").encode()
        if step.get("truncate_after") is not None or step.get("split"):
            headers["Content-Length"] = str(len(payload))
            resp = web.StreamResponse(status=status, headers=headers)
            await resp.prepare(request)
            await self.write_body(request, resp, [payload], step)
            await resp.write_eof()
            return resp
        return web.Response(status=status, body=payload, headers=headers)

    async def write_body(
        self,
        request: web.Request,
        resp: web.StreamResponse,
        pieces: list[bytes],
        step: dict[str, Any],
    ) -> None:
        delay = step.get("chunk_delay_ms", 0) / 1000
        split = step.get("split")
        cut = step.get("truncate_after")
        sent = 0
        for i, piece in enumerate(pieces):
            if i and delay:
                await asyncio.sleep(delay)
            parts = (
                [piece[j : j + split] for j in range(0, len(piece), split)] if split else [piece]
            )
            for part in parts:
                if cut is not None and sent + len(part) >= cut:
                    await resp.write(part[: cut - sent])
                    await asyncio.sleep(0.01)
                    assert request.transport is not None
                    request.transport.abort()
                    raise ConnectionResetError("truncated by script")
                await resp.write(part)
                sent += len(part)
                if split:
                    await asyncio.sleep(0)


def make_app() -> web.Application:
    m = Mock()
    app = web.Application(client_max_size=64 * 1024 * 1024)
    app.router.add_get("/_health", m.health)
    app.router.add_get("/_log/{case}/{run}", m.get_log)
    app.router.add_get("/_peak/{case}/{run}", m.get_peak)
    app.router.add_post("/bench/v1/chat/completions", m.bench)
    app.router.add_route("*", "/s/{case}/{run}/v1/{tail:.*}", m.scripted)
    return app


async def serve(port: int, port_file: str | None) -> None:
    runner = web.AppRunner(make_app(), access_log=None, handle_signals=True)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", port, backlog=1024)
    await site.start()
    assert site._server is not None
    actual = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    url = f"http://127.0.0.1:{actual}"
    if port_file:
        tmp = port_file + ".tmp"
        Path(tmp).write_text(url)
        os.replace(tmp, port_file)
    print(f"LISTENING {url}", flush=True)
    await asyncio.Event().wait()


def main() -> None:
    # scripted drops and truncations are deliberate: keep aiohttp from logging them
    logging.getLogger("aiohttp.server").setLevel(logging.CRITICAL)
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--port-file")
    a = ap.parse_args()
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    try:
        asyncio.run(serve(a.port, a.port_file))
    except KeyboardInterrupt:
        sys.exit(0)


if __name__ == "__main__":
    main()
