"""The real mvn through a repository graph (upstreams spec section 8): a build resolves a dependency that
lives two repositories up and one from a seeded ``public:maven-central``, each kept whole where the spec
says; ``mvn deploy`` of a version reachable upstream is a 409, and publishes with upstream BLOCK.

Marked ``real_client``; runs offline with the plugins of the machine's Maven cache, as
``test_endpoints_maven_real`` does (its ``Maven`` helper, its skip conditions).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, Optional

import pytest
import test_endpoints_maven_real as real
from maven_helpers import jar, pom
from test_endpoints_maven_real import Maven, output
from upstream_env import DOMAIN, Graph, external, internal, public_registry_through_a_store

from codeartifact_mock import mock_codeartifact

pytestmark = real.pytestmark
PUBLIC = "com.example"  # the groupId of what public:maven-central publishes here


class Chain(Maven):
    """``Maven`` (domain acme, repository ``releases`` to deploy to) with the upstream graph around it."""

    def __init__(self, ca: object, server: object, home: Path) -> None:
        super().__init__(ca, server, home)
        self.graph = Graph(ca, server, domain_exists=True)

    def __getattr__(self, name: str) -> Any:
        """The ``Graph`` methods (``repository``, ``versions``...), for the scenarios of ``upstream_env``."""
        return getattr(self.graph, name)

    # -- what ``upstream_env.public_registry_through_a_store`` asks of a client ----------------------------

    def public(self, name: str, version: str) -> None:
        """``public:maven-central`` publishes ``com.example:<name>:<version>`` (a jar and its pom)."""
        files = {
            f"{name}-{version}.jar": jar(name, version),
            f"{name}-{version}.pom": pom(PUBLIC, name, version),
        }
        self.ca.add_public_package_version(
            "public:maven-central", name, version, namespace=PUBLIC, assets=files
        )

    @staticmethod
    def pinned(name: str, version: str) -> str:
        return f"{name}:{version}"

    def install(self, repository: str, spec: str) -> Optional[str]:
        """A build depending on ``com.example:<spec>`` through ``repository``: the version mvn resolved, None
        when the build failed. ``spec`` is ``name:version``, or ``name`` for the newest: the ``RELEASE``
        meta-version, which mvn reads from maven-metadata.xml's ``<release>`` (a range such as ``[0,)``
        would download, and so keep, the POM of every version in it)."""
        name, _, version = spec.partition(":")
        project = self.consumer_of(PUBLIC, name, version or "RELEASE", repository)
        if self.mvn(project, "compile", offline=True).returncode != 0:
            return None
        (resolved,) = (self.home / f"repo{self.runs}" / PUBLIC.replace(".", "/") / name).glob("*/*.jar")
        return resolved.parent.name


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


def test_an_outage_of_maven_central_serves_what_was_kept(chain: Chain) -> None:
    public_registry_through_a_store(chain, "maven", "public:maven-central", "lib", "2.0", "2.1", PUBLIC)


def test_a_snapshot_deployed_upstream_resolves_downstream_and_follows_its_newer_builds(chain: Chain) -> None:
    """User guide, "Use Maven snapshots": snapshots behave as release versions do through upstreams, and a
    client asking downstream for a SNAPSHOT that its upstream holds gets the upstream's newest build."""
    chain.graph.repository("downstream", "releases")
    library = chain.library("1.0-SNAPSHOT")
    deployed = chain.mvn(library, "deploy")  # to releases
    assert deployed.returncode == 0, output(deployed)
    compiled = chain.mvn(
        chain.consumer_of("com.acme", "core", "1.0-SNAPSHOT", "downstream", call="greet"),
        "compile",
        offline=True,
    )
    assert compiled.returncode == 0, output(compiled)
    (first,) = [
        v for v in chain.graph.versions("releases", "maven", "core", "com.acme") if v != "1.0-SNAPSHOT"
    ]
    kept = chain.graph.versions("downstream", "maven", "core", "com.acme")
    assert kept == {
        "1.0-SNAPSHOT": ("Published", internal("releases")),
        first: ("Unlisted", internal("releases")),
    }

    # a second deploy upstream, of a build with one more method: downstream's build resolves it
    greeter = library / "src/main/java/com/acme/core/Greeter.java"
    greeter.write_text(
        greeter.read_text().replace("}\n", 'public static String greetAgain() { return "hi"; } }\n')
    )
    again = chain.mvn(library, "deploy")
    assert again.returncode == 0, output(again)
    consumer = chain.consumer_of("com.acme", "core", "1.0-SNAPSHOT", "downstream", call="greetAgain")
    compiled = chain.mvn(consumer, "compile", offline=True)
    assert compiled.returncode == 0, output(compiled)
    statuses = {
        v: status
        for v, (status, _origin) in chain.graph.versions("releases", "maven", "core", "com.acme").items()
    }
    (second,) = [v for v in statuses if v not in ("1.0-SNAPSHOT", first)]
    kept = chain.graph.versions("downstream", "maven", "core", "com.acme")
    assert kept == {
        "1.0-SNAPSHOT": ("Published", internal("releases")),
        first: ("Unlisted", internal("releases")),
        second: ("Unlisted", internal("releases")),
    }
    assert chain.graph.assets("downstream", "maven", "core", "1.0-SNAPSHOT", "com.acme") == [
        f"core-{second}.jar",
        f"core-{second}.pom",
    ]
