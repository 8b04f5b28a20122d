"""SSE decoding and chunk accumulation."""

from __future__ import annotations

import json

from liter_llm.streaming import ChunkAccumulator, SSEDecoder


def decode_all(data: bytes, step: int) -> list[str]:
    d = SSEDecoder()
    out = []
    for i in range(0, len(data), step):
        out += [e.data for e in d.feed(data[i : i + step])]
    d.flush()
    return out


STREAM = (
    ": comment\r\n\r\n"
    "data: first\r\n\r\n"
    "event: message\nid: 7\ndata: line one\ndata: line two\n\n"
    "data:no-space\r\r"
    "data: é ☃ 🎉\n\n"
    "retry: 100\ndata: [DONE]\n\n"
).encode()
EXPECTED = ["first", "line one\nline two", "no-space", "é ☃ 🎉", "[DONE]"]


def test_sse_every_split() -> None:
    for step in range(1, 12):
        assert decode_all(STREAM, step) == EXPECTED, step


def test_sse_fields() -> None:
    d = SSEDecoder()
    ev = d.feed(b"event: ping\nid: 42\nretry: 10\ndata: x\n\n")
    assert (ev[0].event, ev[0].id, ev[0].retry, ev[0].data) == ("ping", "42", 10, "x")


def test_sse_unfinished_event_is_partial() -> None:
    d = SSEDecoder()
    assert [e.data for e in d.feed(b'data: {"a":1}\n\ndata: {"b"')] == ['{"a":1}']
    assert d.has_partial
    assert d.flush() == []


def test_sse_crlf_split_between_cr_and_lf() -> None:
    d = SSEDecoder()
    assert d.feed(b"data: a\r") == []
    assert [e.data for e in d.feed(b"\n\r\n")] == ["a"]


def test_accumulator_content_tools_usage() -> None:
    acc = ChunkAccumulator()
    chunks = [
        {
            "id": "c1",
            "model": "m",
            "created": 1,
            "choices": [{"index": 0, "delta": {"role": "assistant", "content": "Hi"}}],
        },
        {"choices": [{"index": 0, "delta": {"content": " there"}}]},
        {
            "choices": [
                {
                    "index": 0,
                    "delta": {
                        "tool_calls": [
                            {
                                "index": 0,
                                "id": "t1",
                                "type": "function",
                                "function": {"name": "f", "arguments": '{"a"'},
                            }
                        ]
                    },
                }
            ]
        },
        {
            "choices": [
                {
                    "index": 0,
                    "delta": {"tool_calls": [{"index": 0, "function": {"arguments": ":1}"}}]},
                }
            ]
        },
        {"choices": [{"index": 1, "delta": {"content": "second"}, "finish_reason": "length"}]},
        {"choices": [{"index": 0, "delta": {}, "finish_reason": "tool_calls"}]},
        {"choices": [], "usage": {"prompt_tokens": 1, "completion_tokens": 2, "total_tokens": 3}},
    ]
    for c in chunks:
        acc.add(c)
    r = acc.result()
    assert r["id"] == "c1" and r["model"] == "m"
    assert r["choices"][0]["message"]["content"] == "Hi there"
    assert r["choices"][0]["message"]["tool_calls"] == [
        {"id": "t1", "type": "function", "function": {"name": "f", "arguments": '{"a":1}'}}
    ]
    assert json.loads(r["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"]) == {
        "a": 1
    }
    assert r["choices"][0]["finish_reason"] == "tool_calls"
    assert r["choices"][1] == {
        "index": 1,
        "message": {"role": "assistant", "content": "second"},
        "finish_reason": "length",
    }
    assert r["usage"]["total_tokens"] == 3
    assert acc.finished
