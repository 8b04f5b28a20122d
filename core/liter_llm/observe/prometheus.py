"""Prometheus metrics of one client, kept in-process and read as the text exposition format
(version 0.0.4) through the ``metrics`` op. No dependency: counters and histograms are dicts
keyed by label values, updated under one lock per finished call."""

from __future__ import annotations

import bisect
import threading
from collections.abc import Iterable, Sequence

from .semconv import SECONDS_BUCKETS

# A label set beyond this many per metric is counted under model="_other" (a caller can
# send any model string: the registry must not grow without bound).
MAX_SERIES = 10_000


def _escape(v: str) -> str:
    return v.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def _fmt(v: float) -> str:
    if v == int(v) and abs(v) < 1e15:
        return str(int(v))
    return repr(float(v))


class Counter:
    def __init__(self, name: str, help_: str, labels: Sequence[str]) -> None:
        self.name, self.help, self.labels = name, help_, tuple(labels)
        self.values: dict[tuple[str, ...], float] = {}

    def inc(self, key: tuple[str, ...], by: float = 1.0) -> None:
        self.values[key] = self.values.get(key, 0.0) + by

    def render(self) -> Iterable[str]:
        yield f"# HELP {self.name} {self.help}"
        yield f"# TYPE {self.name} counter"
        for key, v in self.values.items():
            yield f"{self.name}{_labels(self.labels, key)} {_fmt(v)}"


class Histogram:
    def __init__(
        self,
        name: str,
        help_: str,
        labels: Sequence[str],
        buckets: Sequence[float] = SECONDS_BUCKETS,
    ) -> None:
        self.name, self.help, self.labels = name, help_, tuple(labels)
        self.buckets = tuple(buckets)
        # per label set: [count per bucket (+Inf last), sum]
        self.values: dict[tuple[str, ...], tuple[list[int], list[float]]] = {}

    def observe(self, key: tuple[str, ...], v: float) -> None:
        entry = self.values.get(key)
        if entry is None:
            entry = self.values[key] = ([0] * (len(self.buckets) + 1), [0.0])
        entry[0][bisect.bisect_left(self.buckets, v)] += 1
        entry[1][0] += v

    def render(self) -> Iterable[str]:
        yield f"# HELP {self.name} {self.help}"
        yield f"# TYPE {self.name} histogram"
        for key, (counts, total) in self.values.items():
            running = 0
            for le, n in zip((*self.buckets, None), counts, strict=True):
                running += n
                bound = "+Inf" if le is None else _fmt(le)
                lab = _labels((*self.labels, "le"), (*key, bound))
                yield f"{self.name}_bucket{lab} {running}"
            lab = _labels(self.labels, key)
            yield f"{self.name}_sum{lab} {_fmt(total[0])}"
            yield f"{self.name}_count{lab} {running}"


def _labels(names: Sequence[str], values: Sequence[str]) -> str:
    inner = ",".join(f'{n}="{_escape(v)}"' for n, v in zip(names, values, strict=True))
    return "{" + inner + "}"


CALL = ("op", "provider", "model", "deployment", "outcome")
SERVED = ("provider", "model", "deployment")


class Registry:
    """The metrics of one client."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.requests = Counter(
            "liter_llm_requests_total", "Calls by outcome (ok or the error label).", CALL
        )
        self.duration = Histogram(
            "liter_llm_request_duration_seconds", "Whole-call latency, retries included.", CALL
        )
        self.ttft = Histogram(
            "liter_llm_time_to_first_chunk_seconds",
            "Streams: seconds from the call to its first chunk.",
            ("op", *SERVED),
        )
        self.attempts = Counter(
            "liter_llm_attempts_total",
            "Upstream attempts by outcome (retries and fallbacks each count).",
            (*SERVED, "outcome"),
        )
        self.tokens = Counter(
            "liter_llm_tokens_total", "Tokens by type (input, output).", (*SERVED, "type")
        )
        self.cost = Counter("liter_llm_cost_usd_total", "Spend in USD of answered calls.", SERVED)
        self.cache_hits = Counter(
            "liter_llm_cache_hits_total", "Calls answered by the response cache.", ("op", "model")
        )
        self.rejections = Counter(
            "liter_llm_limit_rejections_total",
            "Calls refused by a local limit (rate, budget, concurrency).",
            ("limit",),
        )
        self.all = (
            self.requests,
            self.duration,
            self.ttft,
            self.attempts,
            self.tokens,
            self.cost,
            self.cache_hits,
            self.rejections,
        )

    @staticmethod
    def key(metric: Counter | Histogram, key: tuple[str, ...]) -> tuple[str, ...]:
        """``key``, or its model collapsed to ``_other`` once the metric is full."""
        if key in metric.values or len(metric.values) < MAX_SERIES:
            return key
        if "model" in metric.labels:
            i = metric.labels.index("model")
            return (*key[:i], "_other", *key[i + 1 :])
        return key

    def render(self) -> str:
        with self.lock:
            lines = [line for m in self.all for line in m.render()]
        return "\n".join(lines) + "\n"
