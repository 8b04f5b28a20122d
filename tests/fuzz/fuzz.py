"""Coverage-guided fuzzing (atheris, libFuzzer inside) of every decoder of untrusted bytes
and of the C ABI's inputs; the targets and their rule are in targets.py.

    python tests/fuzz/fuzz.py [libFuzzer flags] CORPUS_DIR

``make fuzz`` seeds CORPUS_DIR from the shared fixtures and runs for FUZZ_SECONDS; a crash
input is written under build/fuzz/ and belongs, once fixed, in tests/fuzz/regressions/
(replayed by tests/test_fuzz_regressions.py in every ``make test``).
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent))

with atheris.instrument_imports(include=["liter_llm", "targets"]):
    import targets


def one_input(data: bytes) -> None:
    targets.run(data)  # a Bug (or anything but a LiterLlmError) is a crash


def main() -> None:
    args = sys.argv
    corpus = [a for a in args[1:] if not a.startswith("-")]
    if corpus and "-seed_corpus" not in " ".join(args):
        d = Path(corpus[0])
        d.mkdir(parents=True, exist_ok=True)
        if not any(d.iterdir()):
            for i, s in enumerate(targets.seeds()):
                (d / f"seed-{i:04d}").write_bytes(s)
    atheris.Setup(args, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
