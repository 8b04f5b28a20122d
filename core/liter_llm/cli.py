"""``liter-llm``: the command line of the engine.

    liter-llm config [--lib] [--include] [--cflags] [--libs] [--venv] [--version]

``config`` says where the installed engine lies, as ``pkg-config`` and ``python3-config`` do:
the bindings ask it for the C library (``--lib``) when ``LITER_LLM_LIB`` is not set, and C
programs build with ``$(liter-llm config --cflags --libs)``. Exit codes: 0 done, 1 the asked
file is not there (the message says how to get it), 2 a usage error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from ._version import __version__

PACKAGE = Path(__file__).resolve().parent
LIB_NAME = "libliter_llm.so" if sys.platform != "darwin" else "libliter_llm.dylib"
HEADER = "liter_llm.h"


def lib_path() -> Path:
    """The C library inside the installed package (``make lib`` links it there in a checkout)."""
    return PACKAGE / "lib" / LIB_NAME


def include_dir() -> Path:
    return PACKAGE / "include"


def _need(p: Path, what: str) -> Path:
    if not p.exists():
        raise FileNotFoundError(
            f"{what} is not in this installation ({p}): install the engine's wheel "
            "(pip install literllm-engine), or run `make lib` in a checkout"
        )
    return p


def config(args: argparse.Namespace) -> list[str]:
    out: list[str] = []
    if args.version:
        out.append(__version__)
    if args.venv:
        out.append(sys.prefix)
    if args.lib:
        out.append(str(_need(lib_path(), "the C library")))
    if args.include:
        out.append(str(_need(include_dir() / HEADER, "the C header").parent))
    flags: list[str] = []
    if args.cflags:
        flags.append(f"-I{_need(include_dir() / HEADER, 'the C header').parent}")
    if args.libs:
        d = _need(lib_path(), "the C library").parent
        flags += [f"-L{d}", "-lliter_llm", f"-Wl,-rpath,{d}"]
    if flags:
        out.append(" ".join(flags))
    if not out:  # no flag: everything, labelled
        out = [
            f"version {__version__}",
            f"venv    {sys.prefix}",
            f"lib     {lib_path()}" + ("" if lib_path().exists() else "  (missing)"),
            f"include {include_dir()}"
            + ("" if (include_dir() / HEADER).exists() else "  (missing)"),
        ]
    return out


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="liter-llm", description="liter_llm's command line")
    p.add_argument("--version", action="version", version=f"liter-llm {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    c = sub.add_parser("config", help="where the installed engine lies (pkg-config style)")
    c.add_argument("--lib", action="store_true", help="the C library's path")
    c.add_argument("--include", action="store_true", help="the folder of liter_llm.h")
    c.add_argument("--cflags", action="store_true", help="compiler flags (-I...)")
    c.add_argument("--libs", action="store_true", help="linker flags (-L... -lliter_llm)")
    c.add_argument("--venv", action="store_true", help="the Python environment it runs in")
    c.add_argument("--version", action="store_true", help="the engine's version")
    c.set_defaults(run=config)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        lines = args.run(args)
    except FileNotFoundError as e:
        print(f"liter-llm: {e}", file=sys.stderr)
        return 1
    sys.stdout.write("".join(line + "\n" for line in lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
