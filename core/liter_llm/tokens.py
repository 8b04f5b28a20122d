"""Token counting, offline, with the Hugging Face ``tokenizers`` package.

A model maps to a tokenizer by the rules of ``FAMILIES`` (first match on the lowercased
model name). The answer says which tokenizer counted and ``is_estimate: true`` unless the
count is the model's own: its own tokenizer, on plain text or in a documented message format
(OpenAI's chat overhead, below, for OpenAI's models), with nothing counted by rule of thumb
(tools, images).

Chat overhead (OpenAI's cookbook rule for its chat models, used for every model): 3 tokens
per message, 1 more for a ``name``, and 3 for the reply's priming. Tools count as the JSON
text of their definitions plus 10 each; an image part as 85 tokens (a low-detail tile):
both make the count an estimate.

Tokenizer files are never downloaded at run time. They are looked up, in order, in: the
``tokenizers_dir`` config key, ``$LITER_LLM_TOKENIZERS``, the package's ``data/tokenizers``,
then ``$XDG_CACHE_HOME/liter_llm/tokenizers`` (``~/.cache/...``); ``NAME.json`` each
(``make tokenizers`` or ``scripts/fetch_tokenizers.py DIR`` fetches them). A tokenizer that
is not found is an ``unsupported`` error naming the places looked in, never a guess.
"""

from __future__ import annotations

import os
import re
import threading
from pathlib import Path
from typing import Any

from . import _json, errors

# (pattern on the model name, tokenizer, whether it is the model's own)
FAMILIES: list[tuple[re.Pattern[str], str, bool]] = [
    (re.compile(p), name, own)
    for p, name, own in [
        (r"(^|/)(gpt-4o|chatgpt-4o|gpt-4\.[15]|gpt-5|o[134]|gpt-oss|gpt-realtime)", "o200k", True),
        (r"(^|/)(gpt-4|gpt-3\.5|text-embedding-3|text-embedding-ada-002)", "cl100k", True),
        (r"llama[-_]?3|llama-?4", "llama3", True),
        (r"gemma", "gemma3", True),
        (r"gemini", "gemma3", False),
        (r"deepseek", "deepseek_v3", True),
        (r"qwen|qwq", "qwen3", True),
        (r"claude", "claude", False),
        # Tekken (Mistral NeMo and later); Mixtral and the first 7B used SentencePiece
        (r"mixtral|mistral-7b|mistral-tiny|open-mistral-7b", "mistral_tekken", False),
        (r"mistral|ministral|codestral|devstral|magistral|pixtral|voxtral", "mistral_tekken", True),
    ]
]
DEFAULT = ("o200k", False)
# tokenizers whose models take the chat overhead below (OpenAI's documented format); other
# models wrap messages in their own templates, so their chat counts are estimates
OPENAI_FORMAT = frozenset({"o200k", "cl100k"})

TOKENS_PER_MESSAGE = 3
TOKENS_PER_NAME = 1
REPLY_PRIMING = 3
TOKENS_PER_TOOL = 10
TOKENS_PER_IMAGE = 85
MEDIA_PARTS = ("image_url", "input_audio", "file")

_lock = threading.Lock()
_loaded: dict[Path, Any] = {}


def family(model: str) -> tuple[str, bool]:
    """(tokenizer name, whether it is the model's own) for a model name."""
    name = model.lower()
    for pat, tok, own in FAMILIES:
        if pat.search(name):
            return tok, own
    return DEFAULT


def search_path(configured: str | None = None) -> list[Path]:
    out: list[Path] = []
    if configured:
        out.append(Path(configured))
    env = os.environ.get("LITER_LLM_TOKENIZERS")
    if env:
        out.append(Path(env))
    out.append(Path(__file__).parent / "data" / "tokenizers")
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    out.append(Path(cache) / "liter_llm" / "tokenizers")
    return out


def load(name: str, configured: str | None = None) -> Any:
    """The ``tokenizers.Tokenizer`` of ``name`` (loaded once per process)."""
    places = search_path(configured)
    for d in places:
        f = d / f"{name}.json"
        if f.is_file():
            tok = _loaded.get(f)
            if tok is not None:
                return tok
            with _lock:
                tok = _loaded.get(f)
                if tok is None:
                    try:
                        from tokenizers import Tokenizer
                    except ImportError:  # pragma: no cover - a dependency
                        raise errors.UnsupportedError(
                            "counting tokens needs the 'tokenizers' package"
                        ) from None
                    tok = _loaded[f] = Tokenizer.from_file(str(f))
            return tok
    raise errors.UnsupportedError(
        f"tokenizer {name!r} not found; looked for {name}.json in: "
        + ", ".join(str(p) for p in places)
        + " (make tokenizers, or scripts/fetch_tokenizers.py DIR and set LITER_LLM_TOKENIZERS)"
    )


def encode_len(tok: Any, text: str) -> int:
    return len(tok.encode(text, add_special_tokens=False).ids)


def count(model: str, body: dict[str, Any], configured: str | None = None) -> dict[str, Any]:
    """The local count of a chat request (``messages``, ``tools``) or of plain ``text``."""
    name, own = family(model)
    tok = load(name, configured)
    rough = False
    if "text" in body and "messages" not in body:
        text = body["text"]
        if not isinstance(text, str):
            raise errors.InvalidArgumentError("text must be a string")
        n = encode_len(tok, text)
    else:
        msgs = body.get("messages")
        if not isinstance(msgs, list) or not msgs:
            raise errors.InvalidArgumentError(
                "count_tokens needs 'messages' (a chat request) or 'text'"
            )
        n = REPLY_PRIMING
        for m in msgs:
            if not isinstance(m, dict):
                raise errors.InvalidArgumentError("each message must be an object")
            n += TOKENS_PER_MESSAGE
            for key, value in m.items():
                if key == "name":
                    n += TOKENS_PER_NAME
                k, r = _value_tokens(tok, value)
                n += k
                rough = rough or r
        tools = body.get("tools")
        if tools:
            if not isinstance(tools, list):
                raise errors.InvalidArgumentError("tools must be a list")
            for t in tools:
                n += TOKENS_PER_TOOL + encode_len(tok, _json.dumps(t).decode())
            rough = True
    chat_format_known = ("text" in body and "messages" not in body) or name in OPENAI_FORMAT
    return {
        "input_tokens": n,
        "tokenizer": name,
        "is_estimate": not own or rough or not chat_format_known,
        "method": "local",
    }


def _value_tokens(tok: Any, value: Any) -> tuple[int, bool]:
    """Tokens of one message field, and whether they were counted by rule of thumb."""
    if value is None:
        return 0, False
    if isinstance(value, str):
        return encode_len(tok, value), False
    if isinstance(value, list):  # content parts, tool calls
        n, rough = 0, False
        for part in value:
            if isinstance(part, dict) and part.get("type") == "text":
                n += encode_len(tok, str(part.get("text") or ""))
            elif isinstance(part, dict) and part.get("type") in MEDIA_PARTS:
                n += TOKENS_PER_IMAGE
                rough = True
            else:
                n += encode_len(tok, _json.dumps(part).decode())
                rough = True
        return n, rough
    return encode_len(tok, _json.dumps(value).decode()), True


def text_bytes(body: dict[str, Any]) -> int:
    """An upper bound of a chat request's prompt tokens that costs no tokenizing: its text's
    UTF-8 size (a byte-level BPE token is at least one byte), plus the message overheads."""
    n = REPLY_PRIMING
    for m in body.get("messages") or ():
        n += TOKENS_PER_MESSAGE + TOKENS_PER_NAME
        if isinstance(m, dict):
            for v in m.values():
                if isinstance(v, str):
                    n += len(v) if v.isascii() else 4 * len(v)  # UTF-8 bytes, at most
                elif v is not None:
                    n += len(_json.dumps(v))
    for t in body.get("tools") or ():
        n += TOKENS_PER_TOOL + len(_json.dumps(t))
    return n
