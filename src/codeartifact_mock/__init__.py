"""codeartifact-mock: AWS CodeArtifact, in memory, for tests of code that calls it through boto3.

    from codeartifact_mock import mock_codeartifact

    @mock_codeartifact
    def test_archive_old_versions():
        ...  # every CodeArtifact call made through boto3 here is answered in-process

Importing the package registers its botocore handlers (inert until a mock starts), so import it before
creating clients, or pass early clients to ``CodeArtifactMock.patch_client``.
"""

from . import interception
from .activation import DEFAULT_ACCOUNT_ID
from .mock import CodeArtifactMock, mock_codeartifact
from .server import ThreadedCodeArtifactServer

interception.install()

__all__ = ["DEFAULT_ACCOUNT_ID", "CodeArtifactMock", "ThreadedCodeArtifactServer", "mock_codeartifact"]
__version__ = "0.1.0"
