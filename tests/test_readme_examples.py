"""The README's examples run as written, and print what their comments say they print.

Each listed section's ``python`` blocks are executed in order in a fresh namespace. Expected output is read
from the block itself: the comment ending a ``print(...)`` line, or the comment lines right below a
``print(...)`` line that has none (one per printed line, for a print inside a loop).
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"
SECTIONS = ["Fault injection, access policies and call recording", "Package managers: pip and twine"]

_BLOCK = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)
_TRAILING = re.compile(r"^\s*print\(.*\)\s+# (.*)$")


def _section(title: str) -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else None]


def _expected_output(code: str) -> list[str]:
    expected: list[str] = []
    lines = code.splitlines()
    for number, line in enumerate(lines):
        trailing = _TRAILING.match(line)
        if trailing:
            expected.append(trailing.group(1))
        elif line.strip().startswith("print("):
            for below in lines[number + 1 :]:
                if not below.strip().startswith("# "):
                    break
                expected.append(below.strip()[2:])
    return expected


def _blocks() -> list[Any]:
    return [
        pytest.param(title, number, block, id=f"{title} #{number}")
        for title in SECTIONS
        for number, block in enumerate(_BLOCK.findall(_section(title)), 1)
    ]


@pytest.mark.parametrize(("title", "number", "code"), _blocks())
def test_the_readme_example_runs_and_prints_what_it_says(
    title: str, number: int, code: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(time, "sleep", lambda seconds: None)  # an example may back off; the test won't wait
    exec(compile(code, f"README.md: {title}, block {number}", "exec"), {"__name__": "readme_example"})

    printed = capsys.readouterr().out.splitlines()
    assert printed == _expected_output(code)
