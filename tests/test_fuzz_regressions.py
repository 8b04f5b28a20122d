"""Every input the fuzzers found (tests/fuzz/regressions/) and every seed, replayed: only a
LiterLlmError may come out of a decoder or of the C ABI's input handling, never internal."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "fuzz"))
import targets

KEPT = sorted((Path(__file__).parent / "fuzz" / "regressions").iterdir())


@pytest.mark.parametrize("path", KEPT, ids=[p.name for p in KEPT])
def test_kept_crash_input(path: Path) -> None:
    data = path.read_bytes()
    kind = path.name.split("-", 1)[0]
    # the file still reaches the decoder it was found in (its selector byte names it)
    adapter = targets.ADAPTER_NAMES[data[0] % len(targets.TARGETS) % len(targets.ADAPTER_NAMES)]
    assert adapter == kind, f"{path.name} is routed to {adapter}"
    targets.run(data)


def test_seeds() -> None:
    seeds = targets.seeds()
    assert len(seeds) > 200
    for s in seeds:
        targets.run(s)


def test_the_rule_catches_an_escape() -> None:
    """The harness itself: a raw exception from a target is reported as a Bug."""
    with pytest.raises(targets.Bug):
        targets._guard(lambda: [][1])
