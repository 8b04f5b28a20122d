"""Server-sent events decoding and stream chunk accumulation. Pure; no I/O.

``SSEDecoder`` is fed raw bytes as they arrive (events split anywhere, multi-byte UTF-8 split
anywhere, LF, CR or CRLF line ends, multi-line ``data:``, ``:`` comments) and yields complete
events. ``ChunkAccumulator`` folds OpenAI-shaped chunks into the final chat completion, tool
call arguments included.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from typing import Any


@dataclass(slots=True)
class SSEEvent:
    data: str
    event: str | None = None
    id: str | None = None
    retry: int | None = None


class SSEDecoder:
    """Incremental decoder of the ``text/event-stream`` format (WHATWG HTML §9.2.6)."""

    __slots__ = ("_buf", "_data", "_event", "_id", "_pending_cr", "_retry", "_utf8")

    def __init__(self) -> None:
        self._utf8 = codecs.getincrementaldecoder("utf-8")("replace")
        self._buf = ""
        self._pending_cr = False
        self._data: list[str] = []
        self._event: str | None = None
        self._id: str | None = None
        self._retry: int | None = None

    def feed(self, chunk: bytes) -> list[SSEEvent]:
        text = self._utf8.decode(chunk)
        if self._pending_cr and text.startswith("\n"):
            text = text[1:]  # the LF of a CRLF split across two reads
        self._pending_cr = False
        if not text:
            return []
        buf = self._buf + text
        out: list[SSEEvent] = []
        if "\r" in buf:
            if buf.endswith("\r"):
                self._pending_cr = True
            buf = buf.replace("\r\n", "\n").replace("\r", "\n")
        start = 0
        while True:
            nl = buf.find("\n", start)
            if nl < 0:
                break
            ev = self._line(buf[start:nl])
            if ev is not None:
                out.append(ev)
            start = nl + 1
        self._buf = buf[start:]
        return out

    def flush(self) -> list[SSEEvent]:
        """End of stream: a final line without its newline still counts, an unfinished event
        (no blank line after it) does not, as the spec says."""
        tail = self._buf + self._utf8.decode(b"", final=True)
        self._buf = ""
        if tail:
            self._line(tail)
        return []

    @property
    def has_partial(self) -> bool:
        """Bytes of an event were received but the event never completed."""
        return bool(self._buf.strip() or self._data)

    def _line(self, line: str) -> SSEEvent | None:
        if not line:
            if not self._data and self._event is None:
                return None
            ev = SSEEvent("\n".join(self._data), self._event, self._id, self._retry)
            self._data = []
            self._event = None
            return ev
        if line[0] == ":":
            return None
        name, sep, value = line.partition(":")
        if sep and value.startswith(" "):
            value = value[1:]
        if name == "data":
            self._data.append(value)
        elif name == "event":
            self._event = value
        elif name == "id":
            if "\0" not in value:
                self._id = value
        elif name == "retry" and value.isdigit():
            self._retry = int(value)
        return None


class ChunkAccumulator:
    """Folds ``chat.completion.chunk`` objects into one ``chat.completion``."""

    def __init__(self) -> None:
        self.id = ""
        self.model = ""
        self.created = 0
        self.system_fingerprint: str | None = None
        self.usage: dict[str, Any] | None = None
        self.chunks = 0
        self._choices: dict[int, dict[str, Any]] = {}
        self._tools: dict[int, dict[int, dict[str, Any]]] = {}

    def add(self, chunk: dict[str, Any]) -> None:
        self.chunks += 1
        self.id = chunk.get("id") or self.id
        self.model = chunk.get("model") or self.model
        self.created = chunk.get("created") or self.created
        if chunk.get("system_fingerprint"):
            self.system_fingerprint = chunk["system_fingerprint"]
        if chunk.get("usage"):
            self.usage = chunk["usage"]
        for ch in chunk.get("choices") or ():
            idx = ch.get("index", 0)
            acc = self._choices.get(idx)
            if acc is None:
                acc = self._choices[idx] = {
                    "role": "assistant",
                    "content": [],
                    "reasoning": [],
                    "refusal": [],
                    "finish_reason": None,
                    "logprobs": None,
                }
            delta = ch.get("delta") or {}
            if delta.get("role"):
                acc["role"] = delta["role"]
            if delta.get("content"):
                acc["content"].append(delta["content"])
            rc = delta.get("reasoning_content") or delta.get("reasoning")
            if rc:
                acc["reasoning"].append(rc)
            if delta.get("refusal"):
                acc["refusal"].append(delta["refusal"])
            for tc in delta.get("tool_calls") or ():
                self._add_tool_delta(idx, tc)
            if ch.get("finish_reason"):
                acc["finish_reason"] = ch["finish_reason"]
            if ch.get("logprobs"):
                lp = ch["logprobs"]
                if acc["logprobs"] is None:
                    acc["logprobs"] = {"content": []}
                acc["logprobs"]["content"].extend(lp.get("content") or [])

    def _add_tool_delta(self, choice: int, tc: dict[str, Any]) -> None:
        calls = self._tools.setdefault(choice, {})
        i = tc.get("index", len(calls))
        call = calls.get(i)
        if call is None:
            call = calls[i] = {"id": "", "type": "function", "name": [], "arguments": []}
        if tc.get("id"):
            call["id"] = tc["id"]
        if tc.get("type"):
            call["type"] = tc["type"]
        fn = tc.get("function") or {}
        if fn.get("name"):
            call["name"].append(fn["name"])
        if fn.get("arguments"):
            call["arguments"].append(fn["arguments"])

    @property
    def finished(self) -> bool:
        """Every choice seen so far has its finish_reason."""
        return bool(self._choices) and all(c["finish_reason"] for c in self._choices.values())

    def result(self) -> dict[str, Any]:
        choices = []
        for idx in sorted(self._choices):
            acc = self._choices[idx]
            msg: dict[str, Any] = {
                "role": acc["role"],
                "content": "".join(acc["content"])
                if acc["content"] or not self._tools.get(idx)
                else None,
            }
            if acc["reasoning"]:
                msg["reasoning_content"] = "".join(acc["reasoning"])
            if acc["refusal"]:
                msg["refusal"] = "".join(acc["refusal"])
            calls = self._tools.get(idx)
            if calls:
                msg["tool_calls"] = [
                    {
                        "id": c["id"],
                        "type": c["type"],
                        "function": {
                            "name": "".join(c["name"]),
                            "arguments": "".join(c["arguments"]),
                        },
                    }
                    for _, c in sorted(calls.items())
                ]
            choice: dict[str, Any] = {
                "index": idx,
                "message": msg,
                "finish_reason": acc["finish_reason"],
            }
            if acc["logprobs"] is not None:
                choice["logprobs"] = acc["logprobs"]
            choices.append(choice)
        out: dict[str, Any] = {
            "id": self.id,
            "object": "chat.completion",
            "created": self.created,
            "model": self.model,
            "choices": choices,
        }
        if self.usage is not None:
            out["usage"] = self.usage
        if self.system_fingerprint:
            out["system_fingerprint"] = self.system_fingerprint
        return out
