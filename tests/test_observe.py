"""Observability: OpenTelemetry spans and GenAI metrics read back from in-memory exporters,
W3C trace context in and upstream, Prometheus text parsed by prometheus_client, hooks, and
structured logs, all against the mock provider."""

from __future__ import annotations

import asyncio
import json
import logging
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import InMemoryMetricReader
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, StatusCode
from prometheus_client.parser import text_string_to_metric_families

import liter_llm
from fixturelib import client_config, load_cases, mock_log
from liter_llm.observe import semconv

CASES = {c["name"]: c for c in load_cases()}
MSG = [{"role": "user", "content": "hi"}]
HOST_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"
HOST_SPAN = "00f067aa0ba902b7"
TRACEPARENT = f"00-{HOST_TRACE}-{HOST_SPAN}-01"


class Otel:
    """An SDK tracer and meter provider with in-memory readers, handed to one client."""

    def __init__(self) -> None:
        self.spans = InMemorySpanExporter()
        self.tracer_provider = TracerProvider()
        self.tracer_provider.add_span_processor(SimpleSpanProcessor(self.spans))
        self.reader = InMemoryMetricReader()
        self.meter_provider = MeterProvider(metric_readers=[self.reader])

    def kw(self) -> dict[str, Any]:
        return {"tracer_provider": self.tracer_provider, "meter_provider": self.meter_provider}

    def finished(self) -> list[ReadableSpan]:
        return list(self.spans.get_finished_spans())

    def points(self, name: str) -> list[Any]:
        data = self.reader.get_metrics_data()
        out = []
        for rm in data.resource_metrics if data else ():
            for sm in rm.scope_metrics:
                for m in sm.metrics:
                    if m.name == name:
                        out.extend(m.data.data_points)
        return out


def case_cfg(mock_url: str, name: str, **extra: Any) -> dict[str, Any]:
    cfg = client_config(mock_url, CASES[name])
    cfg.update(extra)
    return cfg


def local(mock_url: str, case: str) -> str:
    return f"{mock_url}/s/{case}/{uuid.uuid4().hex[:10]}/v1"


def by_name(spans: list[ReadableSpan]) -> tuple[ReadableSpan, list[ReadableSpan]]:
    """The call span (no parent among these) and its attempt spans, in start order."""
    ids = {s.context.span_id for s in spans}
    calls = [s for s in spans if s.parent is None or s.parent.span_id not in ids]
    assert len(calls) == 1, [s.name for s in spans]
    kids = sorted((s for s in spans if s is not calls[0]), key=lambda s: s.start_time or 0)
    return calls[0], kids


# ---------------------------------------------------------------------- spans
def test_chat_span_and_attempt_child(mock_url: str) -> None:
    o = Otel()
    req = {**CASES["chat_basic"]["request"], "temperature": 0.2, "max_tokens": 50}
    with liter_llm.Client(
        **case_cfg(mock_url, "chat_basic"), telemetry={"otel": True}, **o.kw()
    ) as c:
        c.call("chat", req)
    call, attempts = by_name(o.finished())
    assert call.name == "chat openai/gpt-4o-mini"
    assert call.kind is SpanKind.CLIENT
    assert call.instrumentation_scope is not None
    assert call.instrumentation_scope.schema_url == "https://opentelemetry.io/schemas/1.41.0"
    a = dict(call.attributes or {})
    assert a["gen_ai.operation.name"] == "chat"
    assert a["gen_ai.provider.name"] == "openai"
    assert a["gen_ai.request.model"] == "openai/gpt-4o-mini"
    assert a["gen_ai.request.temperature"] == 0.2
    assert a["gen_ai.request.max_tokens"] == 50
    assert a["gen_ai.response.id"] == "chatcmpl-1"
    assert a["gen_ai.response.model"] == "gpt-4o-mini"
    assert a["gen_ai.response.finish_reasons"] == ("stop",)
    assert a["gen_ai.usage.input_tokens"] == 9
    assert a["gen_ai.usage.output_tokens"] == 3
    assert a["gen_ai.usage.cache_read.input_tokens"] == 4
    assert a["gen_ai.usage.reasoning.output_tokens"] == 1
    assert a["liter_llm.attempts"] == 1
    assert "gen_ai.input.messages" not in a  # content only when opted in
    assert call.status.status_code is StatusCode.UNSET
    assert len(attempts) == 1
    att = attempts[0]
    assert att.parent is not None and att.parent.span_id == call.context.span_id
    assert att.context.trace_id == call.context.trace_id
    assert att.name == "chat gpt-4o-mini"
    aa = dict(att.attributes or {})
    assert aa["server.address"] == "127.0.0.1" and isinstance(aa["server.port"], int)
    assert aa["gen_ai.request.model"] == "gpt-4o-mini"


def test_retry_gives_one_child_span_per_attempt(mock_url: str) -> None:
    o = Otel()
    name = "retry_503_then_ok"
    with liter_llm.Client(**case_cfg(mock_url, name), telemetry={"otel": True}, **o.kw()) as c:
        c.call("chat", CASES[name]["request"])
    call, attempts = by_name(o.finished())
    assert [dict(s.attributes or {}).get("error.type") for s in attempts] == [
        "service_unavailable",
        None,
    ]
    assert dict(attempts[0].attributes or {})["http.response.status_code"] == 503
    assert attempts[0].status.status_code is StatusCode.ERROR
    assert dict(call.attributes or {})["liter_llm.attempts"] == 2
    assert call.status.status_code is StatusCode.UNSET


def test_fallback_attempts_name_each_model(mock_url: str) -> None:
    o = Otel()
    name = "fallback_to_second_model"
    with liter_llm.Client(**case_cfg(mock_url, name), telemetry={"otel": True}, **o.kw()) as c:
        c.call("chat", CASES[name]["request"])
    call, attempts = by_name(o.finished())
    models = [dict(s.attributes or {})["gen_ai.request.model"] for s in attempts]
    assert len(set(models)) == 2, models
    assert dict(call.attributes or {})["liter_llm.fallbacks"]


def test_router_choice_on_attempt_span(mock_url: str) -> None:
    o = Otel()
    url = local(mock_url, "lim_ok")
    deps = [
        {"id": "east", "model_name": "g", "model": "openai/m", "base_url": url, "api_key": "k"},
    ]
    with liter_llm.Client(deployments=deps, telemetry={"otel": True}, **o.kw()) as c:
        c.call("chat", {"model": "g", "messages": MSG})
    call, attempts = by_name(o.finished())
    assert dict(attempts[0].attributes or {})["liter_llm.deployment"] == "east"
    assert dict(call.attributes or {})["liter_llm.deployment"] == "east"
    assert dict(call.attributes or {})["gen_ai.provider.name"] == "openai"


def test_error_span_status_and_type(mock_url: str) -> None:
    o = Otel()
    with (
        liter_llm.Client(
            **case_cfg(mock_url, "error_404"), telemetry={"otel": True}, **o.kw()
        ) as c,
        pytest.raises(liter_llm.NotFoundError),
    ):
        c.call("chat", CASES["error_404"]["request"])
    call, _ = by_name(o.finished())
    assert call.status.status_code is StatusCode.ERROR
    assert dict(call.attributes or {})["error.type"] == "not_found"
    (point,) = o.points("gen_ai.client.operation.duration")
    assert point.attributes["error.type"] == "not_found"
    assert o.points("gen_ai.client.token.usage") == []


def stream_traced(mock_url: str, o: Otel, chunks: int | None = None) -> None:
    """stream_basic on a traced AsyncClient: every chunk, or the first ``chunks``."""
    cfg = case_cfg(mock_url, "stream_basic")

    async def main() -> None:
        async with (
            liter_llm.AsyncClient(**cfg, telemetry={"otel": True}, **o.kw()) as c,
            c.chat_stream(CASES["stream_basic"]["request"]) as s,
        ):
            n = 0
            async for _ in s:
                n += 1
                if n == chunks:
                    break

    asyncio.run(main())


def test_stream_span_ttft_and_metric(mock_url: str) -> None:
    o = Otel()
    stream_traced(mock_url, o)
    call, attempts = by_name(o.finished())
    a = dict(call.attributes or {})
    assert a["gen_ai.request.stream"] is True
    assert a["gen_ai.response.time_to_first_chunk"] > 0
    assert a["gen_ai.usage.output_tokens"] == 3
    assert len(attempts) == 1
    (ttfc,) = o.points("gen_ai.client.operation.time_to_first_chunk")
    assert ttfc.count == 1
    assert list(ttfc.explicit_bounds) == list(semconv.SECONDS_BUCKETS)


def test_stream_dropped_early_ends_spans_cancelled(mock_url: str) -> None:
    o = Otel()
    stream_traced(mock_url, o, chunks=1)
    call, attempts = by_name(o.finished())
    assert dict(call.attributes or {})["error.type"] == "cancelled"
    assert dict(attempts[0].attributes or {})["error.type"] == "cancelled"


def test_capture_content_opt_in(mock_url: str) -> None:
    o = Otel()
    name = "chat_tool_calls"
    tel = {"otel": True, "capture_content": True}
    with liter_llm.Client(**case_cfg(mock_url, name), telemetry=tel, **o.kw()) as c:
        c.call("chat", CASES[name]["request"])
    call, _ = by_name(o.finished())
    a = dict(call.attributes or {})
    msgs = json.loads(str(a["gen_ai.input.messages"]))
    assert msgs[-1]["role"] == "user" and msgs[-1]["parts"][0]["type"] == "text"
    out = json.loads(str(a["gen_ai.output.messages"]))
    assert out[0]["parts"][-1]["type"] == "tool_call"


# ---------------------------------------------------------------------- metrics
def test_token_usage_one_input_and_one_output_point_per_call(mock_url: str) -> None:
    o = Otel()
    with liter_llm.Client(
        **case_cfg(mock_url, "chat_basic"), telemetry={"otel": True}, **o.kw()
    ) as c:
        c.call("chat", CASES["chat_basic"]["request"])
        c.call("chat", CASES["chat_basic"]["request"])
    pts = o.points("gen_ai.client.token.usage")
    by_type = {p.attributes["gen_ai.token.type"]: p for p in pts}
    assert len(pts) == 2 and set(by_type) == {"input", "output"}
    assert by_type["input"].count == 2 and by_type["input"].sum == 18
    assert by_type["output"].count == 2 and by_type["output"].sum == 6
    assert list(by_type["input"].explicit_bounds) == list(semconv.TOKEN_BUCKETS)
    attrs = by_type["input"].attributes
    assert attrs["gen_ai.operation.name"] == "chat"
    assert attrs["gen_ai.provider.name"] == "openai"
    assert attrs["gen_ai.request.model"] == "openai/gpt-4o-mini"
    (dur,) = o.points("gen_ai.client.operation.duration")
    assert dur.count == 2
    assert list(dur.explicit_bounds) == list(semconv.SECONDS_BUCKETS)
    assert "error.type" not in dur.attributes
    assert o.points("gen_ai.client.operation.time_to_first_chunk") == []


def test_embeddings_record_input_tokens_only(mock_url: str) -> None:
    o = Otel()
    with liter_llm.Client(
        **case_cfg(mock_url, "embed_basic"), telemetry={"otel": True}, **o.kw()
    ) as c:
        c.call("embed", CASES["embed_basic"]["request"])
    pts = o.points("gen_ai.client.token.usage")
    assert [p.attributes["gen_ai.token.type"] for p in pts] == ["input"]
    call, _ = by_name(o.finished())
    assert call.name.startswith("embeddings ")


# ---------------------------------------------------------------------- trace context
def test_traceparent_becomes_the_parent_and_goes_upstream(mock_url: str) -> None:
    o = Otel()
    cfg = case_cfg(mock_url, "chat_basic")
    with liter_llm.Client(**cfg, telemetry={"otel": True}, **o.kw()) as c:
        c.call(
            "chat",
            {**CASES["chat_basic"]["request"], "traceparent": TRACEPARENT, "tracestate": "k=v"},
        )
    call, (att,) = by_name(o.finished())
    assert f"{call.context.trace_id:032x}" == HOST_TRACE
    assert call.parent is not None and f"{call.parent.span_id:016x}" == HOST_SPAN
    (entry,) = mock_log(cfg)
    sent = entry["headers"]["traceparent"]
    assert sent == f"00-{HOST_TRACE}-{att.context.span_id:016x}-01"
    assert entry["headers"]["tracestate"] == "k=v"
    assert "traceparent" not in entry["body"]  # an option, never in the body


def test_traceparent_forwarded_as_is_without_tracing(mock_url: str) -> None:
    cfg = case_cfg(mock_url, "chat_basic")
    with liter_llm.Client(**cfg) as c:
        c.call("chat", {**CASES["chat_basic"]["request"], "traceparent": TRACEPARENT})
    (entry,) = mock_log(cfg)
    assert entry["headers"]["traceparent"] == TRACEPARENT


@pytest.mark.parametrize(
    "bad",
    ["garbage", f"00-{'0' * 32}-{HOST_SPAN}-01", f"00-{HOST_TRACE}-{'0' * 16}-01", 7],
)
def test_bad_traceparent_is_invalid_argument(mock_url: str, bad: Any) -> None:
    cfg = case_cfg(mock_url, "chat_basic")
    with liter_llm.Client(**cfg) as c, pytest.raises(liter_llm.InvalidArgumentError):
        c.call("chat", {**CASES["chat_basic"]["request"], "traceparent": bad})
    assert mock_log(cfg) == []


def test_sync_client_continues_the_callers_active_span(mock_url: str) -> None:
    o = Otel()
    tracer = o.tracer_provider.get_tracer("host")
    with (
        liter_llm.Client(
            **case_cfg(mock_url, "chat_basic"), telemetry={"otel": True}, **o.kw()
        ) as c,
        tracer.start_as_current_span("host request") as host,
    ):
        c.chat(CASES["chat_basic"]["request"])
    spans = {s.name: s for s in o.finished()}
    call = spans["chat openai/gpt-4o-mini"]
    assert call.parent is not None and call.parent.span_id == host.get_span_context().span_id


def test_async_client_continues_the_current_span(mock_url: str) -> None:
    o = Otel()
    tracer = o.tracer_provider.get_tracer("host")
    cfg = case_cfg(mock_url, "chat_basic")

    async def main() -> int:
        async with liter_llm.AsyncClient(**cfg, telemetry={"otel": True}, **o.kw()) as c:
            with tracer.start_as_current_span("host") as host:
                await c.chat(CASES["chat_basic"]["request"])
                return int(host.get_span_context().span_id)

    host_id = asyncio.run(main())
    call = next(s for s in o.finished() if s.name.startswith("chat openai"))
    assert call.parent is not None and call.parent.span_id == host_id


def test_bedrock_gets_no_traceparent() -> None:
    assert "bedrock" not in semconv.TRACE_HEADER_ADAPTERS
    assert semconv.provider("bedrock") == "aws.bedrock"
    assert semconv.provider("azure") == "azure.ai.openai"
    assert semconv.provider("vertex") == "gcp.vertex_ai"
    assert semconv.provider("gemini") == "gcp.gemini"


# ---------------------------------------------------------------------- exporters
def test_jsonl_exporter_writes_spans(mock_url: str, tmp_path: Path) -> None:
    out = tmp_path / "spans.jsonl"
    tel = {"exporter": "jsonl", "path": str(out)}
    with liter_llm.Client(**case_cfg(mock_url, "chat_basic"), telemetry=tel) as c:
        c.call("chat", {**CASES["chat_basic"]["request"], "traceparent": TRACEPARENT})
    spans = [json.loads(line) for line in out.read_text().splitlines()]
    call = next(s for s in spans if s["parent_span_id"] == HOST_SPAN)
    assert call["trace_id"] == HOST_TRACE and call["kind"] == "CLIENT"
    assert any(s["parent_span_id"] == call["span_id"] for s in spans)


class _Collector(BaseHTTPRequestHandler):
    seen: list[tuple[str, str, int]] = []

    def do_POST(self) -> None:
        n = int(self.headers.get("Content-Length", "0"))
        self.rfile.read(n)
        _Collector.seen.append((self.path, self.headers.get("Content-Type", ""), n))
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *a: Any) -> None:
        pass


def test_otlp_exporter_posts_to_the_collector(mock_url: str) -> None:
    srv = ThreadingHTTPServer(("127.0.0.1", 0), _Collector)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        tel = {"exporter": "otlp", "endpoint": f"http://127.0.0.1:{srv.server_port}"}
        with liter_llm.Client(**case_cfg(mock_url, "chat_basic"), telemetry=tel) as c:
            c.call("chat", CASES["chat_basic"]["request"])
        # closing the client flushes the batch and the metric reader
    finally:
        srv.shutdown()
    paths = {p for p, _, _ in _Collector.seen}
    assert {"/v1/traces", "/v1/metrics"} <= paths
    assert all(ct == "application/x-protobuf" and n > 0 for _, ct, n in _Collector.seen)


@pytest.mark.parametrize(
    ("tel", "needle"),
    [
        ({"exporter": "jsonl"}, "telemetry.path"),
        ({"exporter": "otlp"}, "telemetry.endpoint"),
        ({"exporter": "zipkin"}, "exporter"),
        ({"metrics": "yes"}, "telemetry.metrics"),
        ({"log_level": "loud"}, "log_level"),
        ({"nope": 1}, "nope"),
    ],
)
def test_bad_telemetry_config(tel: dict[str, Any], needle: str) -> None:
    with pytest.raises(liter_llm.InvalidArgumentError, match=needle):
        liter_llm.Client(telemetry=tel)


# ---------------------------------------------------------------------- prometheus
def families(text: str) -> dict[str, Any]:
    return {f.name: f for f in text_string_to_metric_families(text)}


def sample(fams: dict[str, Any], name: str, **labels: str) -> float:
    for fam in fams.values():
        for s in fam.samples:
            if s.name == name and all(s.labels.get(k) == v for k, v in labels.items()):
                return float(s.value)
    raise AssertionError(f"no sample {name} {labels}")


def test_prometheus_text_parses_and_counts(mock_url: str) -> None:
    cfg = case_cfg(mock_url, "chat_basic")
    with liter_llm.Client(**cfg, telemetry={"metrics": True}) as c:
        c.call("chat", CASES["chat_basic"]["request"])
        c.call("chat", CASES["chat_basic"]["request"])
        with pytest.raises(liter_llm.InvalidArgumentError):
            c.call("chat", {"model": "openai/gpt-4o-mini", "messages": []})
        text = c.metrics()
    fams = families(text)
    ok = {"op": "chat", "provider": "openai", "model": "openai/gpt-4o-mini", "outcome": "ok"}
    assert sample(fams, "liter_llm_requests_total", **ok) == 2
    assert sample(fams, "liter_llm_request_duration_seconds_count", **ok) == 2
    assert sample(fams, "liter_llm_request_duration_seconds_bucket", le="+Inf", **ok) == 2
    served = {"provider": "openai", "model": "gpt-4o-mini"}
    assert sample(fams, "liter_llm_tokens_total", type="input", **served) == 18
    assert sample(fams, "liter_llm_tokens_total", type="output", **served) == 6
    assert sample(fams, "liter_llm_attempts_total", outcome="ok", **served) == 2
    assert sample(fams, "liter_llm_cost_usd_total", **served) > 0
    # a request refused before the pipeline is not a call (nothing was attempted)
    assert "invalid_argument" not in text


def test_prometheus_cache_hits_and_limit_rejections(mock_url: str) -> None:
    url = local(mock_url, "lim_ok")
    cfg = {
        "base_url": url,
        "api_key": "k",
        "cache": {"ttl": 60},
        "rate_limits": [{"scope": "global", "rpm": 2}],
        "on_limit": "reject",
        "telemetry": {"metrics": True},
    }
    req = {"model": "openai/m", "messages": MSG}
    with liter_llm.Client(**cfg) as c:
        c.call("chat", req)
        c.call("chat", req)  # a cache hit: not admitted by the limit again
        c.call("chat", {**req, "messages": [{"role": "user", "content": "other"}]})
        with pytest.raises(liter_llm.RateLimitedError):
            c.call("chat", {**req, "messages": [{"role": "user", "content": "third"}]})
        fams = families(c.metrics())
    assert sample(fams, "liter_llm_cache_hits_total", op="chat", model="openai/m") == 1
    assert sample(fams, "liter_llm_limit_rejections_total", limit="rate") == 1
    assert sample(fams, "liter_llm_requests_total", outcome="rate_limited") == 1


def test_metrics_op_needs_metrics_on() -> None:
    with liter_llm.Client() as c, pytest.raises(liter_llm.InvalidArgumentError, match="metrics"):
        c.metrics()


def test_label_values_are_escaped() -> None:
    from liter_llm.observe.prometheus import Counter

    c = Counter("x_total", "h", ("model",))
    c.inc(('we"ird\\mo\ndel',))
    (fam,) = text_string_to_metric_families("\n".join(c.render()) + "\n")
    assert fam.samples[0].labels["model"] == 'we"ird\\mo\ndel'


def test_series_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    from liter_llm.observe import prometheus

    monkeypatch.setattr(prometheus, "MAX_SERIES", 3)
    reg = prometheus.Registry()
    for i in range(10):
        reg.requests.inc(reg.key(reg.requests, ("chat", "openai", f"m{i}", "", "ok")))
    assert len(reg.requests.values) == 4  # three models, then one "_other"
    assert reg.requests.values[("chat", "openai", "_other", "", "ok")] == 7


# ---------------------------------------------------------------------- hooks
def test_hooks_see_requests_responses_and_errors(mock_url: str) -> None:
    seen: list[dict[str, Any]] = []
    cfg = case_cfg(mock_url, "chat_basic", api_key="sk-canary-hook-0123456789")
    with liter_llm.Client(
        **cfg,
        on_request=seen.append,
        on_response=seen.append,
        on_error=seen.append,
    ) as c:
        c.call(
            "chat",
            {**CASES["chat_basic"]["request"], "extra_headers": {"X-Api-Key": "hdr-secret-1"}},
        )
        with pytest.raises(liter_llm.InvalidRequestError):
            c.call(
                "chat",
                {
                    **CASES["chat_basic"]["request"],
                    "max_retries": 0,
                    "base_url": cfg["base_url"].replace("chat_basic", "error_400"),
                },
            )
    assert [p["hook"] for p in seen] == ["on_request", "on_response", "on_request", "on_error"]
    req, resp, _, err = seen
    assert req["request"]["messages"] == CASES["chat_basic"]["request"]["messages"]
    assert req["options"]["extra_headers"] == {"X-Api-Key": "***"}
    assert req["request_id"] == resp["request_id"] and req["request_id"].startswith("llm-")
    assert resp["response"]["id"] == "chatcmpl-1"
    assert resp["meta"]["attempts"][0]["label"] is None
    assert err["error"]["label"] == "invalid_request"
    text = json.dumps(seen)
    assert "canary" not in text and "hdr-secret-1" not in text


def test_on_request_rejects_and_nothing_is_sent(mock_url: str) -> None:
    errs: list[dict[str, Any]] = []

    def gate(p: dict[str, Any]) -> None:
        if p["model"].endswith("mini"):
            raise liter_llm.HookRejectedError("mini models are not allowed here")

    cfg = case_cfg(mock_url, "chat_basic")
    with (
        liter_llm.Client(**cfg, on_request=gate, on_error=errs.append) as c,
        pytest.raises(liter_llm.HookRejectedError) as ei,
    ):
        c.call("chat", CASES["chat_basic"]["request"])
    assert ei.value.label == "hook_rejected" and not ei.value.retryable
    assert "mini models are not allowed" in ei.value.message
    assert mock_log(cfg) == []
    assert errs[0]["error"]["label"] == "hook_rejected"


def test_a_raising_on_request_hook_rejects_with_its_message(mock_url: str) -> None:
    def broken(p: dict[str, Any]) -> None:
        raise ValueError("quota service down")

    cfg = case_cfg(mock_url, "chat_basic")
    with (
        liter_llm.Client(**cfg, on_request=broken) as c,
        pytest.raises(liter_llm.HookRejectedError, match="ValueError: quota service down"),
    ):
        c.call("chat", CASES["chat_basic"]["request"])


def test_a_raising_on_response_hook_never_fails_the_call(
    mock_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(p: dict[str, Any]) -> None:
        raise RuntimeError("observer bug")

    with (
        liter_llm.Client(**case_cfg(mock_url, "chat_basic"), on_response=broken) as c,
        caplog.at_level(logging.WARNING, logger="liter_llm"),
    ):
        assert c.call("chat", CASES["chat_basic"]["request"])["id"] == "chatcmpl-1"
    assert any("observer bug" in r.getMessage() for r in caplog.records)


def test_async_hooks_and_stream_response(mock_url: str) -> None:
    seen: list[dict[str, Any]] = []

    async def on_response(p: dict[str, Any]) -> None:
        await asyncio.sleep(0)
        seen.append(p)

    cfg = case_cfg(mock_url, "stream_basic")

    async def main() -> None:
        async with liter_llm.AsyncClient(**cfg) as c:
            c.add_hook("on_response", on_response)
            async with c.chat_stream(CASES["stream_basic"]["request"]) as s:
                async for _ in s:
                    pass

    asyncio.run(main())
    (p,) = seen
    assert p["stream"] is True
    assert p["response"]["choices"][0]["message"]["content"] == "Hello world!"
    assert p["meta"]["ttft_ms"] is not None


def test_unknown_hook_event() -> None:
    with liter_llm.Client() as c, pytest.raises(liter_llm.InvalidArgumentError, match="on_send"):
        c.add_hook("on_send", print)


# ---------------------------------------------------------------------- logs
def test_log_records_are_structured(mock_url: str, caplog: pytest.LogCaptureFixture) -> None:
    name = "retry_503_then_ok"
    with (
        liter_llm.Client(**case_cfg(mock_url, name), telemetry={"logs": True}) as c,
        caplog.at_level(logging.DEBUG, logger="liter_llm"),
    ):
        c.call("chat", CASES[name]["request"])
    recs = [r for r in caplog.records if r.name == "liter_llm"]
    attempts = [r for r in recs if getattr(r, "attempt", None) and r.levelno == logging.DEBUG]
    assert [r.label for r in attempts] == ["service_unavailable", None]  # type: ignore[attr-defined]
    final = [r for r in recs if r.levelno == logging.INFO]
    assert len(final) == 1
    f = final[0]
    assert f.request_id.startswith("llm-") and f.provider == "openai"  # type: ignore[attr-defined]
    assert f.attempt == 2 and f.label is None and f.latency_ms > 0  # type: ignore[attr-defined]
    assert len({r.request_id for r in recs}) == 1  # type: ignore[attr-defined]


def test_logs_are_off_by_default(mock_url: str, caplog: pytest.LogCaptureFixture) -> None:
    with (
        liter_llm.Client(**case_cfg(mock_url, "chat_basic")) as c,
        caplog.at_level(logging.DEBUG, logger="liter_llm"),
    ):
        c.call("chat", CASES["chat_basic"]["request"])
    assert [r for r in caplog.records if r.name == "liter_llm"] == []


# ---------------------------------------------------------------------- the canary
CANARY = "sk-canary-7Q2xLw9VbN4mZp1RtY6u"
FRAGMENT = "7Q2xLw9VbN4mZp1"  # any part of the key shown is a leak


class _Keep(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def test_canary_key_never_leaks_across_the_fixture_set(
    mock_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A key set in config (even cases) or in the environment (odd cases) is sent upstream
    and nowhere else: not in a log record at DEBUG, an error, a repr, a span, a metric or a
    hook payload, across every shared fixture, with every telemetry feature on."""
    monkeypatch.setenv("LITER_CANARY_KEY", CANARY)
    keep = _Keep()
    logger = logging.getLogger("liter_llm")
    logger.addHandler(keep)
    old_level = logger.level
    logger.setLevel(logging.DEBUG)
    seen: list[str] = []
    o = Otel()
    log_file = tmp_path / "engine.jsonl"
    tel = {"otel": True, "capture_content": True, "metrics": True, "logs": True,
           "log_level": "debug", "log_file": str(log_file)}  # fmt: skip
    sent = 0
    try:
        for i, case in enumerate(CASES.values()):
            cfg = client_config(mock_url, case)
            if cfg.get("api_key") == "test-key":
                if i % 2:
                    del cfg["api_key"]
                    cfg["api_key_env"] = "LITER_CANARY_KEY"
                else:
                    cfg["api_key"] = CANARY
            hooks = {
                e: (lambda p: seen.append(json.dumps(p)))
                for e in ("on_request", "on_response", "on_error")
            }
            with liter_llm.Client(**cfg, telemetry=tel, **hooks, **o.kw()) as c:
                seen.append(repr(c._engine.config))
                try:
                    if case["stream"]:
                        stream = (
                            c.chat_stream(case["request"])
                            if case["op"] == "chat"
                            else c.response_stream(**case["request"])
                        )
                        with stream as s:
                            for ch in s:
                                seen.append(repr(ch))
                            seen.append(repr(s.response) + repr(s.meta))
                    else:
                        data, meta = c.call_with_meta(case["op"], case["request"])
                        if isinstance(data, liter_llm.Binary):
                            data = data.to_dict()
                        seen.append(repr(meta) + json.dumps(data))
                except liter_llm.LiterLlmError as e:
                    seen.append(str(e) + repr(e) + json.dumps(e.to_dict()) + repr(e.meta))
                seen.append(c.metrics())
            sent += sum(
                1
                for entry in mock_log(cfg)
                if CANARY in json.dumps(entry["headers"]) or CANARY in entry.get("path", "")
            )
    finally:
        logger.removeHandler(keep)
        logger.setLevel(old_level)
    assert sent > 10  # the canary did go upstream, where it belongs
    assert len(keep.records) > len(CASES)
    for r in keep.records:
        text = r.getMessage() + repr(r.__dict__)
        assert FRAGMENT not in text, text
    assert FRAGMENT not in log_file.read_text()
    for s in o.finished():
        text = s.to_json()
        assert FRAGMENT not in text, text
    for text in seen:
        assert FRAGMENT not in text, text
