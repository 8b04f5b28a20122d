"""The engine as an installed package: the header copies the bindings carry, and
``liter-llm config`` (the bindings' way to find the library). The wheel itself is installed
outside the repository and used from C and every binding by ``make test-consumers``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from liter_llm import cli

ROOT = Path(__file__).resolve().parent.parent
HEADER = ROOT / "include" / "liter_llm.h"


@pytest.mark.parametrize("copy", ["bindings/go/liter_llm.h", "bindings/php/liter_llm.h"])
def test_binding_header_copies_are_the_header(copy: str) -> None:
    """A binding package carries the header it compiles or declares against (`go get` and
    Composer fetch the binding's folder alone); `make headers` refreshes the copies."""
    assert (ROOT / copy).read_bytes() == HEADER.read_bytes(), f"{copy} is stale: run make headers"


def _config(*args: str) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).parent / "liter-llm"
    return subprocess.run([str(exe), "config", *args], capture_output=True, text=True, timeout=60)


def test_config_points_at_the_library_and_header() -> None:
    out = _config("--lib", "--include", "--version")
    assert out.returncode == 0, out.stderr
    version, lib, include = out.stdout.splitlines()  # in the order of the usage line
    assert Path(lib).name == "libliter_llm.so" and Path(lib).resolve().is_file()
    assert (Path(include) / "liter_llm.h").read_bytes() == HEADER.read_bytes()
    assert version == cli.__version__
    flags = _config("--cflags", "--libs").stdout.split()
    assert flags == [
        f"-I{include}",
        f"-L{Path(lib).parent}",
        "-lliter_llm",
        f"-Wl,-rpath,{Path(lib).parent}",
    ]


def test_config_without_the_library_says_how_to_get_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(cli, "PACKAGE", tmp_path)
    assert cli.main(["config", "--lib"]) == 1
    err = capsys.readouterr().err
    assert "pip install literllm-engine" in err and str(tmp_path) in err
    assert cli.main(["config"]) == 0
    assert "(missing)" in capsys.readouterr().out


def test_usage_errors_exit_2() -> None:
    out = subprocess.run(
        [str(Path(sys.executable).parent / "liter-llm"), "nonsense"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 2 and "usage:" in out.stderr


def test_readme_examples_are_the_ones_the_suites_run() -> None:
    """Each binding's README examples are copied from the test file its suite runs."""
    out = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "readme_examples.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stdout + out.stderr
