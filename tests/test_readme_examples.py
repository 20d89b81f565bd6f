"""Every ``python`` block of the documentation (the README, ``CONTRIBUTING.md`` and ``docs/*.md``) runs as
written, and prints what its comments say it prints.

Each block runs alone in a fresh interpreter (``tests/readme_runner.py``) with no AWS credentials, no AWS
configuration and a socket guard: a block defining ``test_*`` functions or ``Test*`` classes is run by pytest
(the codeartifact_mock plugin loads from its entry point, as for users) and must pass; any other block is
run as a script. A block whose import is not installed (aiobotocore without the ``async`` extra) is skipped,
and the skip names it. Blocks indented inside list items count too.

Expected output is read from the block itself: the comment ending a ``print(...)`` line, or the comment
lines right below a ``print(...)`` line that has none (one per printed line, as in a loop, or one long line
wrapped). Whitespace is compared loosely, and ``...`` in a comment stands for any text. Write explanations
on comment lines above the ``print``.
"""

from __future__ import annotations

import ast
import importlib.util
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import NamedTuple

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").glob("*.md"))]
RUNNER = Path(__file__).resolve().parent / "readme_runner.py"

_FENCE = re.compile(r"^(?P<indent>[ \t]*)```python[ \t]*\n(?P<body>.*?)^(?P=indent)```[ \t]*$", re.M | re.S)
_HEADING = re.compile(r"^#{2,4} (.+)$", re.MULTILINE)
_TRAILING = re.compile(r"^\s*print\(.*\)\s+# (.*)$")


class Block(NamedTuple):
    title: str  # the page, the heading it sits under, and its number there
    page: str  # its path from the repository root
    line: int  # of the opening fence in the page
    code: str


def _blocks(page: Path) -> list[Block]:
    text = page.read_text(encoding="utf-8")
    name = page.relative_to(ROOT).as_posix()
    headings = [(match.start(), match.group(1)) for match in _HEADING.finditer(text)]
    blocks: list[Block] = []
    numbers: dict[str, int] = {}
    for fence in _FENCE.finditer(text):
        heading = ([title for start, title in headings if start < fence.start()] or [name])[-1]
        numbers[heading] = numbers.get(heading, 0) + 1
        line = text.count("\n", 0, fence.start()) + 1
        code = textwrap.dedent(fence.group("body"))
        title = heading if name == "README.md" else f"{name}: {heading}"
        blocks.append(Block(f"{title} #{numbers[heading]}", name, line, code))
    return blocks


ALL_BLOCKS = [block for page in PAGES for block in _blocks(page)]


def _is_test_module(tree: ast.Module) -> bool:
    return any(
        (isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test"))
        or (isinstance(node, ast.ClassDef) and node.name.startswith("Test"))
        for node in tree.body
    )


def _missing_imports(tree: ast.Module) -> list[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return sorted(name for name in names if importlib.util.find_spec(name) is None)


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


def _matches(printed: str, expected: list[str]) -> bool:
    """``printed`` says what ``expected`` says, whitespace aside, ``...`` standing for any text."""
    wanted = " ".join(" ".join(expected).split())
    pattern = ".*".join(re.escape(part) for part in wanted.split("..."))
    return re.fullmatch(pattern, " ".join(printed.split()), re.DOTALL) is not None


def _hermetic_environment(tmp_path: Path) -> dict[str, str]:
    """The user's environment without AWS credentials or configuration, and without pytest settings.

    Instance metadata is not disabled: the socket guard proves that no block reaches for it."""
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("AWS_", "PYTEST_", "BOTO_")) and name != "PYTHONPATH"
    }
    environment["AWS_CONFIG_FILE"] = str(tmp_path / "no-aws-config")
    environment["AWS_SHARED_CREDENTIALS_FILE"] = str(tmp_path / "no-aws-credentials")
    return environment


@pytest.mark.parametrize("block", [pytest.param(block, id=block.title) for block in ALL_BLOCKS])
def test_the_readme_example_runs_and_prints_what_it_says(block: Block, tmp_path: Path) -> None:
    tree = ast.parse(block.code, f"{block.page} line {block.line}")
    missing = _missing_imports(tree)
    if missing:
        pytest.skip(
            f"{block.page} line {block.line} imports {', '.join(missing)}, which is not installed here"
        )
    mode = "pytest" if _is_test_module(tree) else "script"
    expected = _expected_output(block.code)
    assert mode == "script" or not expected, "a pytest block's output is not shown: assert in it instead"
    path = tmp_path / f"test_readme_line_{block.line}.py"
    path.write_text(block.code, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(RUNNER), mode, str(path)],
        cwd=tmp_path,
        env=_hermetic_environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, f"{block.page} line {block.line}:\n{result.stdout}\n{result.stderr}"
    if mode == "script":
        assert _matches(result.stdout, expected), f"printed:\n{result.stdout}\nexpected:\n" + "\n".join(
            expected
        )


def test_every_python_block_is_found() -> None:
    """The fence pattern finds every block opened with ```python, indented ones included."""
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        assert len(_blocks(page)) == len(re.findall(r"^[ \t]*```python", text, re.MULTILINE))
    assert len(_blocks(ROOT / "README.md")) >= 5  # the quickstart: one example of each form
    assert len(ALL_BLOCKS) > 20


def test_the_comparison_is_loose_about_whitespace_and_dots_only() -> None:
    assert _matches("a  b\nc\n", ["a b", "c"])
    assert _matches("2 errors: x; y [npm, pypi, maven]\n", ["2 errors: x;", "y [npm, ..."])
    assert not _matches("a b\n", ["a b", "c"])
    assert not _matches("a b c\n", ["a b"])
