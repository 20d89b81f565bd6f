"""docs/operations.md's "Supported operations" table is the one generated from the model and the Backend."""

from __future__ import annotations

from pathlib import Path

import pytest
from botocore import xform_name

from codeartifact_mock import operations_table
from codeartifact_mock.backend import Backend
from codeartifact_mock.wire import service_model

PAGE = Path(__file__).resolve().parents[1] / "docs" / "operations.md"


def test_the_page_table_is_the_generated_one() -> None:
    text = PAGE.read_text(encoding="utf-8")
    assert operations_table.replace_block(text) == text, (
        "docs/operations.md's operations table is stale: "
        "run `python -m codeartifact_mock.operations_table --write`"
    )
    assert operations_table.main(["--check", "--page", str(PAGE)]) == 0


def test_the_default_page_is_this_repositorys() -> None:
    source = Path(operations_table.__file__).resolve().parents[1]
    if source != PAGE.parents[1]:
        pytest.skip(f"codeartifact_mock is imported from {source} (installed), not from this source tree")
    assert operations_table.PAGE == PAGE


def test_the_table_lists_every_operation_once_with_its_status() -> None:
    rows = [line for line in operations_table.render().splitlines() if line.startswith("| ")][1:]
    cells = [cell.strip() for row in rows for cell in row.strip("|").split("|")]
    statuses = dict(zip(cells[0::2], cells[1::2]))
    statuses.pop("", None)
    names = service_model().operation_names
    assert sorted(statuses) == sorted(names)
    for name in names:
        expected = "✅" if callable(getattr(Backend, xform_name(name), None)) else "planned"
        assert statuses[name] == expected, name


def test_an_operation_without_a_backend_method_is_shown_as_planned(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Backend, "get_repository_endpoint", None)
    rendered = operations_table.render()
    assert "| GetRepositoryEndpoint | planned |" in rendered
    total = len(service_model().operation_names)
    assert f"of the {total} operations in botocore's CodeArtifact model are" in rendered
    assert "NotImplementedError" in rendered


def test_write_fixes_a_stale_page_and_check_reports_it(tmp_path: Path) -> None:
    stale = tmp_path / "operations.md"
    block = f"{operations_table.BEGIN}\nAll 3 operations are implemented.\n{operations_table.END}"
    stale.write_text(f"# Title\n\n{block}\n\n## After\n", encoding="utf-8")
    assert operations_table.main(["--check", "--page", str(stale)]) == 1
    assert operations_table.main(["--write", "--page", str(stale)]) == 0
    fixed = stale.read_text(encoding="utf-8")
    assert fixed == f"# Title\n\n{operations_table.render()}\n\n## After\n"
    assert operations_table.main(["--check", "--page", str(stale)]) == 0


def test_a_page_without_the_markers_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="markers are missing"):
        operations_table.replace_block("# no table here\n")
