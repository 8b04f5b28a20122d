"""liter_llm's log records: one logger namespace (``liter_llm``), structured fields on each
record, nothing written unless the host asks for it.

Python hosts route the ``liter_llm`` logger as they route any other (records carry
``request_id``, ``op``, ``provider``, ``model``, ``deployment``, ``attempt``, ``latency_ms``,
``label``, ``status`` and ``cache_hit`` as attributes); hosts of the C ABI set
``telemetry.log_level`` and ``telemetry.log_file`` to get JSON lines. Messages are built
from labels, ids and already-redacted error messages, and every line is redacted once more
on its way out: no key, token or signature is ever written.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from typing import Any

from .. import errors

log = logging.getLogger("liter_llm")
log.addHandler(logging.NullHandler())  # silent unless the host configures logging

FIELDS = (
    "request_id",
    "op",
    "provider",
    "model",
    "deployment",
    "attempt",
    "latency_ms",
    "label",
    "status",
    "cache_hit",
)
LEVELS = {"debug": logging.DEBUG, "info": logging.INFO, "warning": logging.WARNING,
          "error": logging.ERROR}  # fmt: skip


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time, level, logger, message and the structured fields."""

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for k in FIELDS:
            v = getattr(record, k, None)
            if v is not None:
                out[k] = v
        return errors.redact(json.dumps(out, ensure_ascii=False, default=str))


_handlers: dict[str, logging.Handler] = {}
_lock = threading.Lock()


def configure(level: str, file: str | None) -> None:
    """JSON lines at ``level`` and above to ``file`` (stderr when None), once per target."""
    target = file or "<stderr>"
    with _lock:
        if target not in _handlers:
            h: logging.Handler = (
                logging.FileHandler(file, encoding="utf-8") if file else logging.StreamHandler()
            )
            h.setFormatter(JsonFormatter())
            log.addHandler(h)
            _handlers[target] = h
        _handlers[target].setLevel(LEVELS[level])
        if log.level == logging.NOTSET or log.level > LEVELS[level]:
            log.setLevel(LEVELS[level])
