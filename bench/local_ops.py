"""What the local ops cost per call, in microseconds: pricing and token counting.

    python bench/local_ops.py        # prints one JSON object; bench/run.py tabulates it

Through the Python API (``Client.call``) and through the C ABI's entry (``ffi_entry.call``:
JSON in, envelope out, minus the C trampoline), on this machine's loop; median of 7 runs.
Needs LITER_LLM_TOKENIZERS (make sets it). Measures; asserts nothing.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from typing import Any

import liter_llm
from liter_llm import ffi_entry, tokens

USAGE = {
    "prompt_tokens": 1200,
    "completion_tokens": 300,
    "prompt_tokens_details": {"cached_tokens": 200},
}
CHAT = [{"role": "system", "content": "You are terse."}, {"role": "user", "content": "Hello!"}]


def per_call_us(fn: Callable[[], Any], n: int) -> float:
    fn()  # warm: catalog, tokenizer files, caches
    runs = []
    for _ in range(7):
        t = time.perf_counter()
        for _ in range(n):
            fn()
        runs.append((time.perf_counter() - t) / n * 1e6)
    return statistics.median(runs)


def main() -> None:
    out: dict[str, float] = {}
    c = liter_llm.Client(api_key="k")
    _, h = ffi_entry.client_new(b'{"api_key":"k"}')
    cost_req = json.dumps({"model": "openai/gpt-4o", "usage": USAGE}).encode()
    out["cost, Python API"] = per_call_us(
        lambda: c.call("cost", {"model": "openai/gpt-4o", "usage": USAGE}), 2000
    )
    out["cost, C ABI entry"] = per_call_us(lambda: ffi_entry.call(h, b"cost", cost_req), 2000)
    price = c._engine.pricing  # meta.cost on first read: the lookup is cached, the math is not
    out["meta.cost of one answer"] = per_call_us(
        lambda: price.cost("openai", "gpt-4o", USAGE), 5000
    )
    for label, req, n in (
        ("count_tokens, 2-message chat", {"model": "openai/gpt-4o", "messages": CHAT}, 2000),
        ("count_tokens, 10 KB text", {"model": "openai/gpt-4o", "text": "lorem ipsum " * 850}, 200),
        (
            "count_tokens, 100 KB text",
            {"model": "openai/gpt-4o", "text": "lorem ipsum " * 8500},
            20,
        ),
    ):
        out[label + ", Python API"] = per_call_us(lambda r=req: c.call("count_tokens", r), n)  # type: ignore[misc]
    big = json.dumps({"model": "openai/gpt-4o", "messages": CHAT}).encode()
    out["count_tokens, 2-message chat, C ABI entry"] = per_call_us(
        lambda: ffi_entry.call(h, b"count_tokens", big), 2000
    )
    body = {"messages": [{"role": "user", "content": "x" * 100_000}]}
    out["pre-call context check, 100 KB prompt under the window (size sum only)"] = per_call_us(
        lambda: tokens.text_bytes(body), 20000
    )
    ffi_entry.client_free(h)
    c.close()
    print(json.dumps(out))


if __name__ == "__main__":
    main()
