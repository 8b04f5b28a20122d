"""Copy each binding's README examples from the file its test suite runs into README.md.

Every binding keeps its README examples in one test file, between ``// readme: <title>`` and
``// readme: end`` markers; its suite runs them against the mock provider. ``--write`` puts
them into the README between ``<!-- examples:<binding> -->`` and ``<!-- /examples:<binding> -->``;
``--check`` (run by the Python suite) fails when the README is out of date.
"""

from __future__ import annotations

import re
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# binding: (source file, code fence language, the suite that runs it)
SOURCES = {
    "go": ("bindings/go/example_readme_test.go", "go", "make test-go"),
    "java": (
        "bindings/java/src/test/java/dev/literllm/ReadmeExamplesTest.java",
        "java",
        "make test-java",
    ),
    "csharp": ("bindings/csharp/tests/ReadmeExamples.cs", "csharp", "make test-csharp"),
    "php": ("bindings/php/tests/ReadmeExamplesTest.php", "php", "make test-php"),
}
MARK = re.compile(r"^\s*// readme: (.+?)\s*$")


def regions(text: str) -> dict[str, list[str]]:
    """Titles in order of first use, each with its snippets (dedented)."""
    out: dict[str, list[str]] = {}
    title: str | None = None
    lines: list[str] = []
    for line in text.splitlines():
        m = MARK.match(line)
        if m is None:
            if title is not None:
                lines.append(line)
            continue
        if m.group(1) == "end":
            if title is None:
                raise ValueError("'readme: end' without a start")
            out.setdefault(title, []).append(textwrap.dedent("\n".join(lines)).strip("\n"))
            title, lines = None, []
        elif title is not None:
            raise ValueError(f"'readme: {m.group(1)}' inside '{title}'")
        else:
            title = m.group(1)
    if title is not None:
        raise ValueError(f"'readme: {title}' never ends")
    return out


def block(binding: str) -> str:
    path, lang, suite = SOURCES[binding]
    parts = []
    for title, snippets in regions((ROOT / path).read_text()).items():
        parts.append(f"// {title}\n" + "\n\n".join(snippets))
    body = "\n\n".join(parts)
    return (
        f"<!-- examples:{binding} (from {path} by `make docs`; `{suite}` runs them) -->\n"
        f"```{lang}\n{body}\n```\n<!-- /examples:{binding} -->"
    )


def render(readme: str) -> str:
    for binding in SOURCES:
        pat = re.compile(
            rf"<!-- examples:{binding}( [^\n]*)? -->\n.*?<!-- /examples:{binding} -->", re.S
        )
        m = pat.search(readme)
        if m is None:
            raise ValueError(f"README.md has no <!-- examples:{binding} --> block")
        readme = readme[: m.start()] + block(binding) + readme[m.end() :]
    return readme


def main(argv: list[str]) -> int:
    readme_path = ROOT / "README.md"
    current = readme_path.read_text()
    wanted = render(current)
    if argv[1:] == ["--write"]:
        if wanted != current:
            readme_path.write_text(wanted)
        return 0
    if argv[1:] == ["--check"]:
        if wanted != current:
            print("README.md's examples differ from their sources: run `make docs`")
            return 1
        return 0
    print("usage: readme_examples.py --write | --check", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
