"""codeartifact-mock: AWS CodeArtifact, in memory, for tests of code that calls it through boto3.

    from codeartifact_mock import active_mock, mock_codeartifact

    @mock_codeartifact
    def test_archive_old_versions():
        active_mock().add_package_version("acme", "releases", "npm", "chalk", "4.1.0")  # seed it
        ...  # every CodeArtifact call made through boto3 here is answered in-process

Importing the package registers its botocore handlers (inert until a mock starts), so import it before
creating clients, or pass early clients to ``CodeArtifactMock.patch_client``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import botocore_hooks
from .activation import DEFAULT_ACCOUNT_ID
from .mock import CodeArtifactMock, active_mock, mock_codeartifact

if TYPE_CHECKING:
    from .server import ThreadedCodeArtifactServer

botocore_hooks.install()


def __getattr__(name: str) -> Any:
    # The server pulls in http.server and argparse: only tests that use it should pay for them.
    if name == "ThreadedCodeArtifactServer":
        from .server import ThreadedCodeArtifactServer

        return ThreadedCodeArtifactServer
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "DEFAULT_ACCOUNT_ID",
    "CodeArtifactMock",
    "ThreadedCodeArtifactServer",
    "active_mock",
    "mock_codeartifact",
]
__version__ = "0.8.1"  # the one place the version is written: pyproject.toml reads it from here
