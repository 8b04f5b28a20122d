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

from . import errors


@dataclass(slots=True)
class SSEEvent:
    data: str
    event: str | None = None
    id: str | None = None
    retry: int | None = None


DEFAULT_MAX_EVENT_CHARS = 16 * 1024 * 1024


class SSEDecoder:
    """Incremental decoder of the ``text/event-stream`` format (WHATWG HTML §9.2.6).

    Linear in the input however it is split: an unfinished line is kept as a list of pieces
    and joined once its newline arrives. One event (its data lines, or one line) may hold at
    most ``max_event`` characters, else ``stream_incomplete``: a hostile upstream cannot make
    the decoder hold an unbounded line."""

    __slots__ = (
        "_data",
        "_data_len",
        "_event",
        "_id",
        "_max",
        "_pending_cr",
        "_retry",
        "_tail",
        "_tail_len",
        "_utf8",
    )

    def __init__(self, max_event: int = DEFAULT_MAX_EVENT_CHARS) -> None:
        self._utf8 = codecs.getincrementaldecoder("utf-8")("replace")
        self._tail: list[str] = []
        self._tail_len = 0
        self._pending_cr = False
        self._data: list[str] = []
        self._data_len = 0
        self._event: str | None = None
        self._id: str | None = None
        self._retry: int | None = None
        self._max = max_event

    def _too_big(self) -> errors.StreamIncompleteError:
        return errors.StreamIncompleteError(
            f"stream event larger than max_event_bytes ({self._max}); the stream was stopped"
        )

    def feed(self, chunk: bytes) -> list[SSEEvent]:
        text = self._utf8.decode(chunk)
        if self._pending_cr and text.startswith("\n"):
            text = text[1:]  # the LF of a CRLF split across two reads
        self._pending_cr = False
        if not text:
            return []
        if "\r" in text:
            if text.endswith("\r"):
                self._pending_cr = True
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        if "\n" not in text:
            self._tail.append(text)
            self._tail_len += len(text)
            if self._tail_len + self._data_len > self._max:
                raise self._too_big()
            return []
        if self._tail:
            self._tail.append(text)
            text = "".join(self._tail)
            self._tail = []
        lines = text.split("\n")
        rest = lines.pop()
        self._tail_len = len(rest)
        if rest:
            self._tail.append(rest)
        out: list[SSEEvent] = []
        for line in lines:
            ev = self._line(line)
            if ev is not None:
                out.append(ev)
        if self._tail_len + self._data_len > self._max:
            raise self._too_big()
        return out

    def flush(self) -> list[SSEEvent]:
        """End of stream: a final line without its newline still counts, an unfinished event
        (no blank line after it) does not, as the spec says."""
        tail = "".join(self._tail) + self._utf8.decode(b"", final=True)
        self._tail = []
        self._tail_len = 0
        if tail:
            self._line(tail)
        return []

    @property
    def has_partial(self) -> bool:
        """Bytes of an event were received but the event never completed."""
        return bool("".join(self._tail).strip() or self._data)

    def _line(self, line: str) -> SSEEvent | None:
        if not line:
            if not self._data and self._event is None:
                return None
            ev = SSEEvent("\n".join(self._data), self._event, self._id, self._retry)
            self._data = []
            self._data_len = 0
            self._event = None
            return ev
        if line[0] == ":":
            return None
        name, sep, value = line.partition(":")
        if sep and value.startswith(" "):
            value = value[1:]
        if name == "data":
            self._data.append(value)
            self._data_len += len(value) + 1
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


class ResponseAccumulator:
    """The Responses API's stream: its final response is the one its ``response.completed``
    (or ``response.incomplete``) event carries, usage included."""

    def __init__(self) -> None:
        self.chunks = 0
        self.response: dict[str, Any] | None = None

    def add(self, event: dict[str, Any]) -> None:
        self.chunks += 1
        if event.get("type") in RESPONSE_TERMINAL:
            r = event.get("response")
            if isinstance(r, dict):
                self.response = r

    @property
    def finished(self) -> bool:
        return self.response is not None

    @property
    def usage(self) -> dict[str, Any] | None:
        u = self.response.get("usage") if self.response is not None else None
        return u if isinstance(u, dict) else None

    def result(self) -> dict[str, Any]:
        if self.response is None:
            raise ValueError("the stream carried no final response")
        return self.response


# The events that end a Responses API stream with its final response.
RESPONSE_TERMINAL = frozenset({"response.completed", "response.incomplete"})
