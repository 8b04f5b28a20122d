"""A span exporter to a JSON-lines file (needs ``opentelemetry-sdk``)."""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence

from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export import SpanExporter, SpanExportResult

from .. import errors


class JsonlExporter(SpanExporter):
    """A span exporter appending one JSON object per span to a file (for hosts without an
    OpenTelemetry collector, and for tests of the C ABI)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._lock = threading.Lock()

    def export(self, spans: Sequence[ReadableSpan]) -> SpanExportResult:
        lines = []
        for s in spans:
            sc = s.get_span_context()
            if sc is None:
                continue
            parent = s.parent
            lines.append(
                json.dumps(
                    {
                        "name": s.name,
                        "kind": s.kind.name,
                        "trace_id": f"{sc.trace_id:032x}",
                        "span_id": f"{sc.span_id:016x}",
                        "parent_span_id": f"{parent.span_id:016x}" if parent else None,
                        "start_ns": s.start_time,
                        "end_ns": s.end_time,
                        "status": s.status.status_code.name,
                        "attributes": dict(s.attributes or {}),
                    },
                    default=list,
                )
            )
        with self._lock, open(self.path, "a", encoding="utf-8") as f:
            f.write("".join(errors.redact(line) + "\n" for line in lines))
        return SpanExportResult.SUCCESS

    def shutdown(self) -> None:
        pass
