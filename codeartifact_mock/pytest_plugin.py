"""The pytest plugin: a ``codeartifact_mock`` fixture, registered through the ``pytest11`` entry point.

Loading the plugin imports the package at pytest start-up, so clients created at module level in test files
already carry the mock's handlers.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from . import CodeArtifactMock, mock_codeartifact

if TYPE_CHECKING:
    from .server import ThreadedCodeArtifactServer


@pytest.fixture
def codeartifact_mock() -> Iterator[CodeArtifactMock]:
    """An active ``CodeArtifactMock``: every CodeArtifact call in the test is answered in memory."""
    with mock_codeartifact() as mock:
        yield mock


@pytest.fixture
def codeartifact_server(codeartifact_mock: CodeArtifactMock) -> Iterator[ThreadedCodeArtifactServer]:
    """``codeartifact_mock``, served on a free loopback port for pip, twine and other processes.

    The same state as in process: ``server.url``, ``server.endpoint_url(...)``, ``server.pip_index_url(...)``.
    """
    with codeartifact_mock.serve() as server:
        yield server


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "real_client: runs a real package manager (pip, twine) as a subprocess against the server"
    )
