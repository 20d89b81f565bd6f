"""The real mvn through a repository graph (upstreams spec section 8): a build resolves a dependency that
lives two repositories up and one from a seeded ``public:maven-central``, each kept whole where the spec
says; ``mvn deploy`` of a version reachable upstream is a 409, and publishes with upstream BLOCK.

Marked ``real_client``; runs offline with the plugins of the machine's Maven cache, as
``test_endpoints_maven_real`` does (its ``Maven`` helper, its skip conditions).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import test_endpoints_maven_real as real
from maven_helpers import jar, pom
from test_endpoints_maven_real import BUILD, PROPERTIES, Maven, output
from upstream_env import DOMAIN, Graph, external, internal

from codeartifact_mock import mock_codeartifact

pytestmark = real.pytestmark


class Chain(Maven):
    """``Maven`` (domain acme, repository ``releases`` to deploy to) with the upstream graph around it."""

    def __init__(self, ca: object, server: object, home: Path) -> None:
        super().__init__(ca, server, home)
        self.graph = Graph(ca, server, domain_exists=True)

    def consumer_of(self, group: str, artifact: str, version: str, repository: str) -> Path:
        """A project depending on ``group:artifact:version``, resolved from ``repository`` only."""
        project = self.home / f"consumer-{self.runs}-{artifact}"
        source = project / "src/main/java/app"
        source.mkdir(parents=True)
        (source / "App.java").write_text("package app;\npublic class App {}\n")
        url = self.server.endpoint_url(DOMAIN, repository, "maven")
        (project / "pom.xml").write_text(
            pom(
                "app",
                "app",
                "1",
                f"{PROPERTIES}<repositories><repository><id>aws</id><url>{url}</url></repository>"
                f"</repositories><dependencies><dependency><groupId>{group}</groupId>"
                f"<artifactId>{artifact}</artifactId><version>{version}</version></dependency></dependencies>"
                f"<build><plugins>{BUILD}</plugins></build>",
            ).decode()
        )
        return project


@pytest.fixture
def chain(tmp_path: Path) -> Iterator[Chain]:
    with mock_codeartifact() as ca, ca.serve() as server:
        yield Chain(ca, server, tmp_path)


def test_a_build_resolves_a_dependency_two_repositories_up(chain: Chain) -> None:
    chain.graph.repository("mid", "releases")
    chain.graph.repository("app", "mid")
    deployed = chain.mvn(chain.library("1.0"), "deploy")  # to releases
    assert deployed.returncode == 0, output(deployed)
    compiled = chain.mvn(chain.consumer_of("com.acme", "core", "1.0", "app"), "compile", offline=True)
    assert compiled.returncode == 0, output(compiled)
    assert chain.graph.versions("app", "maven", "core", "com.acme") == {
        "1.0": ("Published", internal("releases"))
    }
    assert chain.graph.versions("mid", "maven", "core", "com.acme") == {}
    # every file of the version is kept, whatever mvn asked for
    kept = chain.graph.assets("app", "maven", "core", "1.0", "com.acme")
    assert kept == chain.graph.assets("releases", "maven", "core", "1.0", "com.acme")


def test_a_build_resolves_a_dependency_from_a_seeded_public_maven_central(chain: Chain) -> None:
    chain.graph.repository("maven-store", connection="public:maven-central")
    chain.graph.repository("app", "maven-store")
    files = {"lib-2.0.jar": jar("lib", "2.0"), "lib-2.0.pom": pom("com.example", "lib", "2.0")}
    chain.ca.add_public_package_version(
        "public:maven-central", "lib", "2.0", namespace="com.example", assets=files
    )
    compiled = chain.mvn(chain.consumer_of("com.example", "lib", "2.0", "app"), "compile", offline=True)
    assert compiled.returncode == 0, output(compiled)
    for repository in ("app", "maven-store"):
        assert chain.graph.versions(repository, "maven", "lib", "com.example") == {
            "2.0": ("Published", external("public:maven-central"))
        }
        assert chain.graph.assets(repository, "maven", "lib", "2.0", "com.example") == sorted(files)


def test_mvn_deploy_of_a_version_reachable_upstream_is_a_409(chain: Chain) -> None:
    chain.graph.repository("app", "releases")
    library = chain.library("1.0")
    deployed = chain.mvn(library, "deploy")  # to releases
    assert deployed.returncode == 0, output(deployed)
    project = library / "pom.xml"  # the same project, deployed to app now
    project.write_text(
        project.read_text().replace(chain.url, chain.server.endpoint_url(DOMAIN, "app", "maven"))
    )
    refused = chain.mvn(library, "deploy")
    assert refused.returncode != 0
    assert "409" in refused.stdout, output(refused)
    assert chain.graph.versions("app", "maven", "core", "com.acme") == {}
    # with upstream BLOCK on app's package (put ahead), nothing upstream is reachable: it publishes
    chain.graph.origin_configuration("app", "maven", "core", "ALLOW", "BLOCK", namespace="com.acme")
    again = chain.mvn(library, "deploy")
    assert again.returncode == 0, output(again)
    assert chain.graph.versions("app", "maven", "core", "com.acme") == {"1.0": ("Published", internal("app"))}
