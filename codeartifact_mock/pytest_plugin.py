"""The pytest plugin: a ``codeartifact_mock`` fixture, registered through the ``pytest11`` entry point.

Loading the plugin imports the package at pytest start-up, so clients created at module level in test files
already carry the mock's handlers.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from . import CodeArtifactMock, mock_codeartifact


@pytest.fixture
def codeartifact_mock() -> Iterator[CodeArtifactMock]:
    """An active ``CodeArtifactMock``: every CodeArtifact call in the test is answered in memory."""
    with mock_codeartifact() as mock:
        yield mock
