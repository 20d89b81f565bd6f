"""What every repository-endpoint test starts from: a mock served over HTTP, domain ``acme`` with repository
``releases``, a token for it, and the endpoint URL of the test's format (or, in process, the repository and
the token alone)."""

from __future__ import annotations

from typing import Any, Optional

import boto3

from codeartifact_mock import ThreadedCodeArtifactServer


def in_process_repository() -> tuple[Any, str]:
    """Domain ``acme`` with repository ``releases`` in the active mock: a boto3 client and a token."""
    client = boto3.client("codeartifact", region_name="us-east-1")
    client.create_domain(domain="acme")
    client.create_repository(domain="acme", repository="releases")
    return client, client.get_authorization_token(domain="acme")["authorizationToken"]


class RepositoryEnv:
    FORMAT = ""  # the format whose endpoint ``url`` is

    def __init__(self, ca: Any, server: ThreadedCodeArtifactServer) -> None:
        self.ca, self.server = ca, server
        self.client = boto3.client("codeartifact", region_name="us-east-1")
        self.client.create_domain(domain="acme")
        self.client.create_repository(domain="acme", repository="releases")
        self.token = self.client.get_authorization_token(domain="acme")["authorizationToken"]
        self.url = server.endpoint_url("acme", "releases", self.FORMAT)

    def status(self, package: str, version: str, status: str, namespace: Optional[str] = None) -> None:
        """UpdatePackageVersionsStatus of ``package``'s ``version`` (of the test's format) in ``releases``."""
        where = {"namespace": namespace} if namespace else {}
        self.client.update_package_versions_status(
            domain="acme",
            repository="releases",
            format=self.FORMAT,
            package=package,
            versions=[version],
            targetStatus=status,
            **where,
        )
