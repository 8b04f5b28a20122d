"""liter_llm against its peers, side by side, in one run on one machine.

    python bench/run.py [--rounds 5] [--seconds 0.8] [--out bench/results.md] [--clients a,b]

Upstream: nginx on loopback (one worker) serving a fixed ~300-byte chat completion at
``/v1/chat/completions`` and a 20-chunk SSE stream at ``/stream/v1/chat/completions``; its
own ceiling is measured with wrk in the same run. Each Python client runs from its own venv
under ``bench/.venvs`` (created here, never the runtime venv); liter_llm also runs through
the C ABI (a C driver) and the Go binding. Clients are interleaved round by round; the
tables give medians and min-max over the rounds. Prints numbers, asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BUILD = ROOT / "build"
VENVS = HERE / ".venvs"
BIG_PROMPT = 100_000  # bytes of prompt in the RAG-sized rows
ECHO_MODULE = Path("/usr/lib/nginx/modules/ngx_http_echo_module.so")

COMPLETION = json.dumps(
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
        "usage": {"prompt_tokens": 5, "completion_tokens": 5, "total_tokens": 10},
    },
    separators=(",", ":"),
)


def sse_events(n: int = 20) -> list[str]:
    out = []
    for i in range(n):
        last = i == n - 1
        c: dict[str, Any] = {
            "id": "chatcmpl-s",
            "object": "chat.completion.chunk",
            "created": 1700000000,
            "model": "mock-model",
            "choices": [
                {
                    "index": 0,
                    "delta": {}
                    if last
                    else (
                        {"role": "assistant", "content": "w0 "} if i == 0 else {"content": f"w{i} "}
                    ),
                    "finish_reason": "stop" if last else None,
                }
            ],
        }
        if last:
            c["usage"] = {"prompt_tokens": 5, "completion_tokens": 19, "total_tokens": 24}
        out.append(f"data: {json.dumps(c, separators=(',', ':'))}\n\n")
    out.append("data: [DONE]\n\n")
    return out


# Each Python client: its venv's requirements. uvloop everywhere: every client gets the same
# event loop. litellm's newest pins a certifi the mirror lacks: its dependencies are
# installed first, then litellm itself without them.
PY_CLIENTS: dict[str, list[str]] = {
    "wreq": ["wreq", "uvloop"],
    "pyreqwest": ["pyreqwest", "uvloop"],
    "aiohttp": ["aiohttp", "uvloop"],
    "httpx": ["httpx", "uvloop"],
    "openai": ["openai", "uvloop"],
    "litellm": ["@litellm", "uvloop"],
    "rust": ["liter-llm", "uvloop"],
    "liter_llm": [f"-e{ROOT}[otel-export]"],
}
SHARED_VENV = {
    "liter_llm_router": "liter_llm",
    "liter_llm_full": "liter_llm",
    "liter_llm_traced": "liter_llm",
}  # clients that run from another's venv
LABELS = {
    "wrk": "nginx ceiling (wrk)",
    "wreq": "raw wreq (floor)",
    "pyreqwest": "raw pyreqwest",
    "aiohttp": "raw aiohttp",
    "httpx": "raw httpx.AsyncClient",
    "openai": "openai SDK",
    "litellm": "litellm",
    "rust": "liter-llm (Rust, PyPI)",
    "liter_llm": "liter_llm Python API",
    "liter_llm_router": "liter_llm Python API, 3-deployment router",
    "liter_llm_full": "liter_llm Python API, router + budget + limits + fallback",
    "liter_llm_traced": "liter_llm Python API, OTel spans + metrics (in-memory) + Prometheus",
    "c_abi": "liter_llm C ABI (C threads)",
    "go": "liter_llm Go binding",
}


def log(*a: Any) -> None:
    print(*a, file=sys.stderr, flush=True)


def sh(cmd: list[str], **kw: Any) -> str:
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw).stdout


# ------------------------------------------------------------------------------ venvs
def venv(name: str, reqs: list[str]) -> Path:
    d = VENVS / name
    py = d / "bin" / "python"
    stamp = d / ".stamp"
    want = json.dumps(reqs)
    if stamp.exists() and stamp.read_text() == want:
        return py
    log(f"venv {name}: installing {' '.join(reqs)}")
    shutil.rmtree(d, ignore_errors=True)
    sh([sys.executable, "-m", "venv", str(d)])
    pip = [str(py), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    for r in reqs:
        if r.startswith("@"):  # dependencies first, then the package without them
            pkg = r[1:]
            sh([*pip, "--no-deps", pkg])
            listed = sh(
                [
                    str(py),
                    "-c",
                    "import importlib.metadata as m\n"
                    f"for r in m.requires({pkg!r}) or []:\n"
                    "    if 'extra ==' not in r: print(r.split(';')[0].strip())",
                ]
            )
            # the mirror lacks the certifi it pins: any certifi will do
            deps = [re.sub(r"^certifi\b.*", "certifi", d) for d in listed.splitlines() if d]
            sh([*pip, *deps])
        elif r.startswith("-e"):
            sh([*pip, "-e", r[2:]])
        else:
            sh([*pip, r])
    stamp.write_text(want)
    return py


# ------------------------------------------------------------------------------ upstream
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def nginx_conf(prefix: Path, port: int) -> str:
    def q(s: str) -> str:
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'"

    def body(events: list[str]) -> str:
        if ECHO_MODULE.exists():  # each chunk its own write, as a real server streams
            return "\n".join(f"      echo -n {q(e)};\n      echo_flush;" for e in events)
        return f"      return 200 {q(''.join(events))};"

    stream, long_stream = body(sse_events()), body(sse_events(1000))
    load = f"load_module {ECHO_MODULE};" if ECHO_MODULE.exists() else ""
    return f"""{load}
worker_processes 1;
daemon off;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log;
events {{ worker_connections 8192; }}
http {{
  access_log off;
  client_body_temp_path {prefix}/body;
  keepalive_requests 1000000;
  server {{
    listen 127.0.0.1:{port} backlog=4096;
    location = /v1/chat/completions {{
      default_type application/json;
      return 200 {q(COMPLETION)};
    }}
    location = /stream/v1/chat/completions {{
      default_type text/event-stream;
{stream}
    }}
    location = /long/v1/chat/completions {{
      default_type application/json;
      return 200 {q(COMPLETION)};
    }}
    location = /long/stream/v1/chat/completions {{
      default_type text/event-stream;
{long_stream}
    }}
  }}
}}
"""


def start_nginx() -> tuple[subprocess.Popen[bytes], str]:
    prefix = BUILD / "bench-nginx"
    (prefix / "body").mkdir(parents=True, exist_ok=True)
    port = free_port()
    conf = prefix / "nginx.conf"
    conf.write_text(nginx_conf(prefix, port))
    proc = subprocess.Popen(["nginx", "-c", str(conf), "-p", str(prefix)])
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            return proc, base
        except OSError:
            time.sleep(0.05)
    raise SystemExit("nginx did not start; see build/bench-nginx/error.log")


def wrk(base: str, conns: int, seconds: float) -> dict[str, Any]:
    lua = BUILD / "bench-nginx" / "post.lua"
    lua.write_text(
        'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
        'wrk.body = \'{"model":"mock-model","messages":[{"role":"user","content":"hi"}]}\'\n'
    )
    out = sh(
        [
            "wrk",
            f"-t{min(conns, 2)}",
            f"-c{conns}",
            f"-d{max(1, round(seconds))}s",
            "--latency",
            "-s",
            str(lua),
            f"{base}/v1/chat/completions",
        ]
    )
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]

    def pct(p: str) -> float:
        m = re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)", out)
        if not m:
            return float("nan")
        return float(m.group(1)) * {"us": 1e-3, "ms": 1.0, "s": 1e3}[m.group(2)]

    return {"rps": rps, "p50_ms": pct("50"), "p99_ms": pct("99")}


# ------------------------------------------------------------------------------ runs
def run_json(cmd: list[str], env: dict[str, str] | None = None) -> tuple[Any, float]:
    t = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=600)
    wall = (time.perf_counter() - t) * 1e3
    if p.returncode != 0:
        raise RuntimeError(f"{cmd[:3]} failed: {p.stderr[-800:]}")
    return json.loads(p.stdout.strip().splitlines()[-1]), wall


def client_cmd(name: str, pys: dict[str, Path], base: str, scenario: str, secs: float) -> list[str]:
    if name == "c_abi":
        return [str(BUILD / "c_driver"), base, scenario, str(secs)]
    if name == "go":
        return [str(BUILD / "go-bench"), "-peer", base, "-s", str(secs)]
    return [str(pys[name]), str(HERE / "drivers" / "pyclient.py"), name, base, scenario, str(secs)]


def med(xs: list[float]) -> str:
    xs = [x for x in xs if x == x]
    if not xs:
        return "-"
    m = statistics.median(xs)
    f = (lambda v: f"{v:.0f}") if m >= 100 else (lambda v: f"{v:.2f}")
    return f"{f(m)} ({f(min(xs))}-{f(max(xs))})" if len(xs) > 1 else f(m)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--seconds", type=float, default=0.8)
    ap.add_argument("--out", default=str(HERE / "results.md"))
    ap.add_argument("--clients", default=",".join(LABELS))
    args = ap.parse_args()
    names = [c for c in args.clients.split(",") if c in LABELS]
    with ThreadPoolExecutor(4) as ex:  # installs are network- and disk-bound: in parallel
        want = {SHARED_VENV.get(n, n) for n in names}
        futs = {n: ex.submit(venv, n, PY_CLIENTS[n]) for n in want if n in PY_CLIENTS}
        pys = {n: f.result() for n, f in futs.items()}
        pys.update({n: pys[v] for n, v in SHARED_VENV.items() if n in names})
    proc, base = start_nginx()
    started = time.time()
    res: dict[str, dict[str, list[dict[str, Any]]]] = {n: {} for n in names}
    try:
        for r in range(args.rounds):
            log(f"round {r + 1}/{args.rounds}")
            for n in names:
                if n == "wrk":
                    for sc, c in (("seq", 1), ("c16", 16), ("c256", 256)):
                        res[n].setdefault(sc, []).append(wrk(base, c, args.seconds))
                    continue
                out, _ = run_json(client_cmd(n, pys, base, "all", args.seconds))
                for sc, v in out.items():
                    res[n].setdefault(sc, []).append(v)
                if n != "go":
                    cold, wall = run_json(client_cmd(n, pys, base, "cold", args.seconds))
                    cold["wall_ms"] = wall
                    res[n].setdefault("cold", []).append(cold)
                    # how the cost grows with the work: a RAG-sized prompt, a long stream
                    env = {**os.environ, "BENCH_PROMPT_BYTES": str(BIG_PROMPT)}
                    for sc in ("seq", "c16"):
                        v, _ = run_json(client_cmd(n, pys, base, sc, args.seconds), env)
                        res[n].setdefault("big_" + sc, []).append(v)
                    v, _ = run_json(client_cmd(n, pys, base + "/long", "stream", args.seconds))
                    res[n].setdefault("long", []).append(v)
        # Memory after 10,000 calls does not depend on speed, so these runs overlap (the slow
        # clients need minutes each); the speed figures above ran one client at a time.
        log("rss: 10,000 calls per client")
        with ThreadPoolExecutor(4) as ex:
            rss = {
                n: ex.submit(run_json, client_cmd(n, pys, base, "rss", args.seconds))
                for n in names
                if n not in ("wrk", "go")
            }
            for n, f in rss.items():
                res[n]["rss"] = [f.result()[0]]
    finally:
        proc.terminate()
        proc.wait()
    log("local ops: cost and count_tokens")
    ops = json.loads(
        subprocess.run(
            [sys.executable, str(HERE / "local_ops.py")], check=True, capture_output=True, text=True
        ).stdout
    )
    res["local_ops"] = ops  # type: ignore[assignment]
    text = report(res, names, args, time.time() - started)
    Path(args.out).write_text(text, encoding="utf-8")
    (Path(args.out).with_suffix(".json")).write_text(json.dumps(res, indent=1))
    print(text)


def per_chunk(r: dict[str, Any]) -> str:
    """Whole-stream time per chunk (HTTP read, parse, hand-over), median over rounds."""
    xs = [1e6 / x["chunks_per_s"] for x in r.get("stream", []) if x.get("chunks_per_s")]
    return f"{statistics.median(xs):.0f}" if xs else "-"


def report(res: dict[str, Any], names: list[str], args: Any, took: float) -> str:
    def col(n: str, sc: str, key: str) -> str:
        return med([x.get(key, float("nan")) for x in res[n].get(sc, [])])

    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(ln.split(":", 1)[1].strip() for ln in f if ln.startswith("model name"))
    except (OSError, StopIteration):
        pass
    floor = statistics.median([x["p50_ms"] for x in res.get("wreq", {}).get("seq", [])] or [0])
    lines = [
        f"Measured {time.strftime('%Y-%m-%d')} on {os.cpu_count()} CPUs ({cpu}), "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}. "
        f"Upstream: nginx, 1 worker, loopback; mock and client share the {os.cpu_count()} "
        f"CPUs, unpinned. {args.rounds} interleaved rounds of {args.seconds} s per scenario; "
        f"median (min-max) over rounds; run took {took:.0f} s.",
        "",
        "| client | c=1 p50 ms | c=1 p99 ms | over floor ms | c=1 req/s | c=16 req/s | "
        "c=16 p99 ms | c=256 req/s | c=256 p99 ms |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for n in names:
        seq = [x["p50_ms"] for x in res[n].get("seq", [])]
        over = f"{statistics.median(seq) - floor:+.2f}" if seq and floor and n != "wrk" else ""
        lines.append(
            f"| {LABELS[n]} | {col(n, 'seq', 'p50_ms')} | {col(n, 'seq', 'p99_ms')} | {over} | "
            f"{col(n, 'seq', 'rps')} | {col(n, 'c16', 'rps')} | {col(n, 'c16', 'p99_ms')} | "
            f"{col(n, 'c256', 'rps')} | {col(n, 'c256', 'p99_ms')} |"
        )
    lines += [
        "",
        "| client | stream: first chunk p50 ms | chunks/s | us per chunk | import ms | start to "
        "first call ms (in process) | process wall ms (start, call, exit) | RSS after 1k / 5k / "
        "10k calls MB | peak RSS MB |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for n in names:
        if n in ("wrk", "go"):
            continue
        rss = res[n].get("rss", [{}])[0]
        rs = (
            f"{rss.get('rss_1k_mb', 0):.0f} / {rss.get('rss_5k_mb', 0):.0f} / "
            f"{rss.get('rss_10k_mb', 0):.0f}"
            if rss
            else "-"
        )
        lines.append(
            f"| {LABELS[n]} | {col(n, 'stream', 'ttfc_p50_ms')} | "
            f"{col(n, 'stream', 'chunks_per_s')} | {per_chunk(res[n])} | "
            f"{col(n, 'cold', 'import_ms')} | "
            f"{col(n, 'cold', 'start_to_first_ms')} | {col(n, 'cold', 'wall_ms')} | {rs} | "
            f"{rss.get('peak_mb', float('nan')):.0f} |"
        )

    def mid(n: str, sc: str, key: str) -> float:
        xs = [x[key] for x in res.get(n, {}).get(sc, []) if x.get(key) == x.get(key)]
        return statistics.median(xs) if xs else float("nan")

    def ratio(n: str, sc: str, key: str) -> str:
        r = mid(n, sc, key) / mid("rust", sc, key) if "rust" in res else float("nan")
        return f" ({r:.2f}x)" if r == r and n != "rust" else ""

    lines += [
        "",
        f"How the cost grows with the work: a {BIG_PROMPT // 1000} KB prompt, and a 1,000-chunk "
        "stream (ratios to the Rust wheel in the same run):",
        "",
        f"| client | {BIG_PROMPT // 1000} KB prompt c=1 p50 ms | c=1 req/s | c=16 req/s | "
        "1,000-chunk stream: chunks/s |",
        "|---|---|---|---|---|",
    ]
    for n in names:
        if n == "wrk":
            continue
        lines.append(
            f"| {LABELS[n]} | {col(n, 'big_seq', 'p50_ms')} | "
            f"{col(n, 'big_seq', 'rps')}{ratio(n, 'big_seq', 'rps')} | "
            f"{col(n, 'big_c16', 'rps')}{ratio(n, 'big_c16', 'rps')} | "
            f"{col(n, 'long', 'chunks_per_s')}{ratio(n, 'long', 'chunks_per_s')} |"
        )
    configured = [n for n in ("liter_llm_router", "liter_llm_full", "liter_llm_traced") if n in res]
    if "liter_llm" in res and configured:
        lines += [
            "",
            "What the layers cost: the same upstream as a group of three healthy deployments "
            "(simple_shuffle), and that plus a hard budget, rate and concurrency limits and a "
            "fallback (none ever biting), and the plain client with tracing on (OpenTelemetry "
            "SDK spans to an in-memory exporter, GenAI metrics to an in-memory reader, "
            "Prometheus counters), against the plain client in the same run "
            "(configured / plain; tracing off costs nothing: no observe layer):",
            "",
            "| client | c=1 p50 ms | c=16 req/s | c=256 req/s | stream chunks/s |",
            "|---|---|---|---|---|",
        ]
        for n in configured:
            cells = []
            for sc, key in (
                ("seq", "p50_ms"),
                ("c16", "rps"),
                ("c256", "rps"),
                ("stream", "chunks_per_s"),
            ):
                a, b = mid(n, sc, key), mid("liter_llm", sc, key)
                cells.append(
                    f"{a:.2f} / {b:.2f} ({a / b:.3f}x)"
                    if key == "p50_ms"
                    else f"{a:.0f} / {b:.0f} ({a / b:.3f}x)"
                )
            lines.append(f"| {LABELS[n]} | " + " | ".join(cells) + " |")
    ops = res.get("local_ops")
    if ops:
        lines += [
            "",
            "What the local ops cost (bench/local_ops.py: median of 7 runs, in process):",
            "",
            "| op | µs per call |",
            "|---|---|",
        ]
        lines += [f"| {k} | {v:.1f} |" for k, v in ops.items()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
