"""OpenTelemetry spans and GenAI metrics (imported only when ``telemetry.otel`` is on; needs
the ``opentelemetry-api`` package: ``pip install literllm-engine[otel]``).

Spans and instruments come from the host's global providers (a Python host's own SDK
setup), from providers handed to the client (``tracer_provider=``/``meter_provider=``), or,
for hosts of the C ABI that have no Python SDK of their own, from the engine's own SDK
providers with ``telemetry.exporter``: ``"otlp"`` (OTLP/HTTP to ``telemetry.endpoint``) or
``"jsonl"`` (one JSON object per finished span appended to ``telemetry.path``).
"""

from __future__ import annotations

from typing import Any

from opentelemetry import metrics, trace
from opentelemetry.trace import SpanKind, Status, StatusCode
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

from .. import errors
from .._version import __version__
from .semconv import SCHEMA_URL, SECONDS_BUCKETS, TOKEN_BUCKETS

PROPAGATOR = TraceContextTextMapPropagator()
CLIENT = SpanKind.CLIENT
ERROR = Status(StatusCode.ERROR)


class Otel:
    def __init__(self, cfg: Any, tracer_provider: Any = None, meter_provider: Any = None) -> None:
        self._own: list[Any] = []  # SDK providers this engine made (shut down on close)
        if tracer_provider is None and cfg.exporter != "global":
            tracer_provider, meter_provider = self._sdk(cfg, meter_provider)
        tp = tracer_provider or trace.get_tracer_provider()
        mp = meter_provider or metrics.get_meter_provider()
        self.tracer = tp.get_tracer("liter_llm", __version__, schema_url=SCHEMA_URL)
        meter = mp.get_meter("liter_llm", __version__, schema_url=SCHEMA_URL)
        self.tokens = meter.create_histogram(
            "gen_ai.client.token.usage",
            unit="{token}",
            description="Number of input and output tokens used.",
            explicit_bucket_boundaries_advisory=list(TOKEN_BUCKETS),
        )
        self.duration = meter.create_histogram(
            "gen_ai.client.operation.duration",
            unit="s",
            description="GenAI operation duration.",
            explicit_bucket_boundaries_advisory=list(SECONDS_BUCKETS),
        )
        self.ttfc = meter.create_histogram(
            "gen_ai.client.operation.time_to_first_chunk",
            unit="s",
            description="Time to receive the first chunk of a streamed response.",
            explicit_bucket_boundaries_advisory=list(SECONDS_BUCKETS),
        )
        self.capture_content = cfg.capture_content

    def _sdk(self, cfg: Any, meter_provider: Any) -> tuple[Any, Any]:
        try:
            from opentelemetry.sdk.resources import Resource
            from opentelemetry.sdk.trace import TracerProvider
            from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor
        except ImportError:
            raise errors.InvalidArgumentError(
                f"telemetry.exporter {cfg.exporter!r} needs the opentelemetry-sdk package"
            ) from None
        resource = Resource.create({"service.name": cfg.service_name})
        tp = TracerProvider(resource=resource)
        if cfg.exporter == "jsonl":
            from .jsonl import JsonlExporter

            tp.add_span_processor(SimpleSpanProcessor(JsonlExporter(cfg.path)))
        else:  # otlp
            try:
                from opentelemetry.exporter.otlp.proto.http.metric_exporter import (
                    OTLPMetricExporter,
                )
                from opentelemetry.exporter.otlp.proto.http.trace_exporter import (
                    OTLPSpanExporter,
                )
                from opentelemetry.sdk.metrics import MeterProvider
                from opentelemetry.sdk.metrics.export import PeriodicExportingMetricReader
            except ImportError:
                raise errors.InvalidArgumentError(
                    "telemetry.exporter 'otlp' needs the opentelemetry-exporter-otlp-proto-http "
                    "package"
                ) from None
            base = cfg.endpoint.rstrip("/")
            tp.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(f"{base}/v1/traces")))
            reader = PeriodicExportingMetricReader(OTLPMetricExporter(f"{base}/v1/metrics"))
            meter_provider = MeterProvider(metric_readers=[reader], resource=resource)
            self._own.append(meter_provider)
        self._own.append(tp)
        return tp, meter_provider

    def shutdown(self) -> None:
        for p in self._own:
            p.shutdown()  # flushes what is batched
        self._own.clear()

    def parent(self, traceparent: str | None, tracestate: str | None) -> Any:
        """The context a call's span starts in: the caller's W3C trace context when it gave
        one, else the current context (a Python host's active span)."""
        if traceparent is None:
            return None
        carrier = {"traceparent": traceparent}
        if tracestate:
            carrier["tracestate"] = tracestate
        return PROPAGATOR.extract(carrier)

    def start(self, name: str, parent: Any, attrs: dict[str, Any]) -> Any:
        return self.tracer.start_span(name, context=parent, kind=CLIENT, attributes=attrs)

    def child(self, span: Any, name: str, attrs: dict[str, Any]) -> Any:
        return self.tracer.start_span(
            name, context=trace.set_span_in_context(span), kind=CLIENT, attributes=attrs
        )

    @staticmethod
    def traceparent(span: Any) -> str:
        sc = span.get_span_context()
        return f"00-{sc.trace_id:032x}-{sc.span_id:016x}-{int(sc.trace_flags):02x}"

    @staticmethod
    def fail(span: Any, label: str, message: str | None = None) -> None:
        span.set_attribute("error.type", label)
        span.set_status(Status(StatusCode.ERROR, message))


def current_traceparent() -> tuple[str | None, str | None]:
    """The W3C trace context of the calling thread's active span, if any (the sync client
    runs calls on the library's thread, where the caller's context is not current)."""
    carrier: dict[str, str] = {}
    PROPAGATOR.inject(carrier)
    return carrier.get("traceparent"), carrier.get("tracestate")
