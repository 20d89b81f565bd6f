"""What the upstream tests start from: domain ``acme`` whose repositories a test links into a graph, and the
requests package managers make to their endpoints, in process (``requests`` through ``responses``) or, with
a server, over HTTP."""

from __future__ import annotations

import json
import re
from typing import Any, Optional

import boto3
import requests

OWNER = "123456789012"
DOMAIN = "acme"
_LINK = re.compile(r'<a href="([^"#]+)#sha256=[0-9a-f]+"[^>]*>([^<]+)</a>')


class Graph:
    """Repositories of ``acme`` and their endpoints; ``base`` builds a repository's endpoint URL for a
    format (default: AWS's, answered in process)."""

    def __init__(self, ca: Any, server: Any = None, *, domain_exists: bool = False) -> None:
        self.ca, self.server = ca, server
        self.api = boto3.client("codeartifact", region_name="us-east-1")
        if not domain_exists:
            self.api.create_domain(domain=DOMAIN)
        self.token = self.api.get_authorization_token(domain=DOMAIN)["authorizationToken"]
        self.session = requests.Session()
        self.session.auth = ("aws", self.token)

    def repository(self, name: str, *upstreams: str, connection: Optional[str] = None) -> None:
        self.api.create_repository(
            domain=DOMAIN, repository=name, upstreams=[{"repositoryName": up} for up in upstreams]
        )
        if connection is not None:
            self.api.associate_external_connection(
                domain=DOMAIN, repository=name, externalConnection=connection
            )

    def link(self, name: str, *upstreams: str) -> None:
        self.api.update_repository(
            domain=DOMAIN, repository=name, upstreams=[{"repositoryName": up} for up in upstreams]
        )

    def url(self, repository: str, fmt: str) -> str:
        if self.server is not None:
            return str(self.server.endpoint_url(DOMAIN, repository, fmt))
        return f"https://{DOMAIN}-{OWNER}.d.codeartifact.us-east-1.amazonaws.com/{fmt}/{repository}/"

    def get(self, repository: str, fmt: str, path: str, **headers: str) -> requests.Response:
        return self.session.get(self.url(repository, fmt) + path, headers=headers, timeout=10)

    # -- what each format lists ----------------------------------------------------------------------

    def page(self, repository: str, project: str) -> dict[str, str]:
        """The PEP 503 page through ``repository``: file name -> href ({} for a 404)."""
        answer = self.get(repository, "pypi", f"simple/{project}/")
        if answer.status_code == 404:
            return {}
        assert answer.status_code == 200, answer.text
        return {name: href for href, name in _LINK.findall(answer.text)}

    def page_versions(self, repository: str, project: str) -> list[str]:
        return [href.split("/")[0] for href in self.page(repository, project).values()]

    def packument(self, repository: str, name: str, abbreviated: bool = False) -> Optional[dict[str, Any]]:
        accept = {"Accept": "application/vnd.npm.install-v1+json"} if abbreviated else {}
        answer = self.get(repository, "npm", name.replace("/", "%2f"), **accept)
        if answer.status_code == 404:
            return None
        assert answer.status_code == 200, answer.text
        return json.loads(answer.content)  # type: ignore[no-any-return]

    def maven_versions(self, repository: str, group: str, artifact: str) -> list[str]:
        answer = self.get(repository, "maven", f"{group.replace('.', '/')}/{artifact}/maven-metadata.xml")
        if answer.status_code == 404:
            return []
        assert answer.status_code == 200, answer.text
        return re.findall(r"<version>([^<]+)</version>", answer.text)

    # -- what the API shows ---------------------------------------------------------------------------

    def versions(
        self, repository: str, fmt: str, package: str, namespace: Optional[str] = None
    ) -> dict[str, tuple[str, dict[str, Any]]]:
        """ListPackageVersions: version -> (status, origin); {} when the package is not there."""
        where = {"namespace": namespace} if namespace else {}
        try:
            listed = self.api.list_package_versions(
                domain=DOMAIN, repository=repository, format=fmt, package=package, **where
            )
        except self.api.exceptions.ResourceNotFoundException:
            return {}
        return {v["version"]: (v["status"], v["origin"]) for v in listed["versions"]}

    def restrictions(
        self, repository: str, fmt: str, package: str, namespace: Optional[str] = None
    ) -> dict[str, str]:
        where = {"namespace": namespace} if namespace else {}
        described = self.api.describe_package(
            domain=DOMAIN, repository=repository, format=fmt, package=package, **where
        )
        return described["package"]["originConfiguration"]["restrictions"]  # type: ignore[no-any-return]

    def set_status(self, repository: str, fmt: str, package: str, versions: list[str], status: str) -> None:
        self.api.update_package_versions_status(
            domain=DOMAIN,
            repository=repository,
            format=fmt,
            package=package,
            versions=versions,
            targetStatus=status,
        )

    def delete(self, repository: str, fmt: str, package: str, versions: list[str]) -> None:
        self.api.delete_package_versions(
            domain=DOMAIN, repository=repository, format=fmt, package=package, versions=versions
        )

    def origin_configuration(
        self,
        repository: str,
        fmt: str,
        package: str,
        publish: str,
        upstream: str,
        namespace: Optional[str] = None,
    ) -> None:
        where = {"namespace": namespace} if namespace else {}
        self.api.put_package_origin_configuration(
            domain=DOMAIN,
            repository=repository,
            format=fmt,
            package=package,
            restrictions={"publish": publish, "upstream": upstream},
            **where,
        )

    def group_mode(self, pattern: str, restriction: str, mode: str, allowed: Optional[str] = None) -> None:
        """Set a package group's ``restriction`` (``INTERNAL_UPSTREAM``...) to ``mode``, making the group if
        it does not exist yet, and add ``allowed`` to that restriction's allowed repositories."""
        groups = self.api.list_package_groups(domain=DOMAIN)["packageGroups"]
        if pattern not in [group["pattern"] for group in groups]:
            self.api.create_package_group(domain=DOMAIN, packageGroup=pattern)
        changes: dict[str, Any] = {"restrictions": {restriction: mode}}
        if allowed is not None:
            changes["addAllowedRepositories"] = [
                {"repositoryName": allowed, "originRestrictionType": restriction}
            ]
        self.api.update_package_group_origin_configuration(domain=DOMAIN, packageGroup=pattern, **changes)

    def assets(
        self, repository: str, fmt: str, package: str, version: str, namespace: Optional[str] = None
    ) -> list[str]:
        """ListPackageVersionAssets: the asset names, sorted."""
        where = {"namespace": namespace} if namespace else {}
        listed = self.api.list_package_version_assets(
            domain=DOMAIN, repository=repository, format=fmt, package=package, packageVersion=version, **where
        )
        return sorted(asset["name"] for asset in listed["assets"])


def internal(repository: str) -> dict[str, Any]:
    """The origin of a version that entered the domain by a publish to ``repository``."""
    return {"domainEntryPoint": {"repositoryName": repository}, "originType": "INTERNAL"}


def external(connection: str) -> dict[str, Any]:
    """The origin of a version that entered the domain from the public registry of ``connection``."""
    return {"domainEntryPoint": {"externalConnectionName": connection}, "originType": "EXTERNAL"}


def dependency_confusion(client: Any, fmt: str, internal_version: str, attacker_version: str) -> None:
    """Upstreams spec section 8, with a real client: an internal ``acme-utils`` published to ``app`` (publish
    ALLOW, upstream BLOCK) and an attacker's newer one on the public registry behind ``app``'s upstream
    store: the client installs the internal one; with upstream ALLOW it would get the attacker's. The same
    defence from a package group ``/<format>//acme~`` whose EXTERNAL_UPSTREAM is BLOCK, for ``acme-core``.

    ``client`` has the ``Graph`` methods and ``published(repository, name, version)``, ``install(repository,
    name) -> the version installed`` and ``public(name, version)`` (seeds the public registry)."""
    client.published("app", "acme-utils", internal_version)
    client.public("acme-utils", attacker_version)
    assert client.install("app", "acme-utils") == internal_version
    client.origin_configuration("app", fmt, "acme-utils", "ALLOW", "ALLOW")
    assert client.install("app", "acme-utils") == attacker_version  # what the default prevents

    client.group_mode(f"/{fmt}//acme~", "EXTERNAL_UPSTREAM", "BLOCK")
    client.published("app", "acme-core", internal_version)
    client.origin_configuration("app", fmt, "acme-core", "ALLOW", "ALLOW")
    client.public("acme-core", attacker_version)
    assert client.install("app", "acme-core") == internal_version


def public_registry_through_a_store(
    client: Any, fmt: str, connection: str, name: str, older: str, newer: str
) -> None:
    """Upstreams spec section 8, with a real client: ``connection``'s public registry publishes ``name``
    ``older`` and ``newer``; the client installs through ``app -> <fmt>-store`` (the store holds the
    connection) and gets ``newer``, kept in both repositories as an EXTERNAL version; out of service, what
    was kept still installs and the rest is not found; back in service, the rest installs.

    ``client`` has the ``Graph`` methods, ``public(name, version)``, ``install(repository, spec) -> the
    version installed or None`` and ``pinned(name, version) -> spec``."""
    store = f"{fmt}-store"
    client.repository(store, connection=connection)
    client.repository("app", store)
    for version in (older, newer):
        client.public(name, version)
    assert client.install("app", name) == newer
    for repository in ("app", store):
        assert client.versions(repository, fmt, name) == {newer: ("Published", external(connection))}
        assert client.restrictions(repository, fmt, name) == {"publish": "BLOCK", "upstream": "ALLOW"}
    client.ca.set_public_registry_available(connection, False)
    assert client.install("app", client.pinned(name, newer)) == newer  # kept: still installs
    assert client.install("app", client.pinned(name, older)) is None  # not kept: not found
    client.ca.set_public_registry_available(connection, True)
    assert client.install("app", client.pinned(name, older)) == older
