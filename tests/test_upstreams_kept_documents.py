"""Kept listing documents stay correct (upstreams spec section 4): a change anywhere in a repository's search
graph shows in the next page, packument or ``maven-metadata.xml`` of every downstream repository; with
nothing changed the kept document is served again without being made. Also: a fetch racing a
DeletePackageVersions upstream leaves a whole copy or none, and a Maven SNAPSHOT resolves through an
upstream.
"""

from __future__ import annotations

import json
import random
import threading
from collections.abc import Iterator
from typing import Any, Callable

import pytest
from pypi_helpers import http
from test_endpoints_maven import ARTIFACT, Env
from test_endpoints_maven_snapshots import FIRST, SNAPSHOT, _deploy
from upstream_env import DOMAIN, Graph

from codeartifact_mock import mock_codeartifact
from codeartifact_mock.backend import resolution


@pytest.fixture
def graph() -> Iterator[Graph]:
    with mock_codeartifact() as ca:
        graph = Graph(ca)
        graph.repository("base")
        graph.repository("mid", "base")
        graph.repository("app", "mid")
        yield graph


def _seed(graph: Graph, repository: str, version: str, fmt: str = "pypi", **options: Any) -> None:
    namespace = {"namespace": "com.acme"} if fmt == "maven" else {}
    name = "core" if fmt == "maven" else "tool"
    graph.ca.add_package_version(DOMAIN, repository, fmt, name, version, **namespace, **options)


def _pages(graph: Graph) -> list[str]:
    return graph.page_versions("app", "tool")


def _api(graph: Graph, operation: str, **arguments: Any) -> None:
    getattr(graph.api, operation)(domain=DOMAIN, **arguments)


TOOL = dict(format="pypi", package="tool")


def test_each_kind_of_change_upstream_shows_in_the_next_page(graph: Graph) -> None:
    _seed(graph, "base", "1.0")
    assert _pages(graph) == ["1.0"]
    _seed(graph, "base", "2.0")  # published upstream
    assert _pages(graph) == ["1.0", "2.0"]
    graph.set_status("base", "pypi", "tool", ["2.0"], "Unlisted")  # changed upstream
    assert _pages(graph) == ["1.0"]
    graph.set_status("base", "pypi", "tool", ["2.0"], "Published")
    assert _pages(graph) == ["1.0", "2.0"]
    _api(graph, "dispose_package_versions", repository="base", **TOOL, versions=["2.0"])  # disposed
    assert _pages(graph) == ["1.0"]
    graph.delete("base", "pypi", "tool", ["2.0"])  # deleted upstream
    _seed(graph, "base", "3.0")
    assert _pages(graph) == ["1.0", "3.0"]
    graph.repository("other")
    _seed(graph, "other", "4.0")
    _api(  # copied into an upstream
        graph,
        "copy_package_versions",
        sourceRepository="other",
        destinationRepository="base",
        **TOOL,
        versions=["4.0"],
    )
    assert _pages(graph) == ["1.0", "3.0", "4.0"]
    graph.link("mid")  # an upstream list changed: mid has no upstream now
    assert _pages(graph) == []
    graph.link("mid", "other")
    assert _pages(graph) == ["4.0"]
    graph.link("mid", "base")
    assert _pages(graph) == ["1.0", "3.0", "4.0"]
    _api(graph, "delete_package", repository="base", **TOOL)  # a package deleted upstream
    assert _pages(graph) == []


def test_connections_catalogues_and_outages_show_in_the_next_page(graph: Graph) -> None:
    _seed(graph, "base", "1.0")
    assert _pages(graph) == ["1.0"]
    graph.ca.add_public_package_version("public:pypi", "tool", "9.0")  # seeded before any connection
    assert _pages(graph) == ["1.0"]
    _api(graph, "associate_external_connection", repository="mid", externalConnection="public:pypi")
    assert _pages(graph) == ["1.0", "9.0"]
    graph.ca.add_public_package_version("public:pypi", "tool", "9.1")  # a public catalogue seeded
    assert _pages(graph) == ["1.0", "9.0", "9.1"]
    graph.ca.set_public_registry_available("public:pypi", False)
    assert _pages(graph) == ["1.0"]
    graph.ca.set_public_registry_available("public:pypi", True)
    assert _pages(graph) == ["1.0", "9.0", "9.1"]
    _api(graph, "disassociate_external_connection", repository="mid", externalConnection="public:pypi")
    assert _pages(graph) == ["1.0"]


def test_origin_configurations_and_package_groups_show_in_the_next_page(graph: Graph) -> None:
    _seed(graph, "base", "1.0")
    assert _pages(graph) == ["1.0"]
    graph.origin_configuration("mid", "pypi", "tool", "ALLOW", "BLOCK")  # on the way: mid lets nothing by
    assert _pages(graph) == []
    graph.origin_configuration("mid", "pypi", "tool", "ALLOW", "ALLOW")
    assert _pages(graph) == ["1.0"]
    _api(graph, "create_package_group", packageGroup="/pypi//tool$")
    assert _pages(graph) == ["1.0"]  # INHERIT: the root group allows
    _api(
        graph,
        "update_package_group_origin_configuration",
        packageGroup="/pypi//tool$",
        restrictions={"INTERNAL_UPSTREAM": "BLOCK"},
    )
    assert _pages(graph) == []
    _api(
        graph,
        "update_package_group_origin_configuration",
        packageGroup="/pypi//tool$",
        restrictions={"INTERNAL_UPSTREAM": "ALLOW_SPECIFIC_REPOSITORIES"},
        addAllowedRepositories=[{"repositoryName": "app", "originRestrictionType": "INTERNAL_UPSTREAM"}],
    )
    assert _pages(graph) == ["1.0"]
    _api(
        graph,
        "update_package_group_origin_configuration",
        packageGroup="/pypi//tool$",
        removeAllowedRepositories=[{"repositoryName": "app", "originRestrictionType": "INTERNAL_UPSTREAM"}],
    )
    assert _pages(graph) == []
    _api(graph, "delete_package_group", packageGroup="/pypi//tool$")
    assert _pages(graph) == ["1.0"]
    graph.origin_configuration("app", "pypi", "tool", "ALLOW", "BLOCK")  # blocks ahead, in app itself
    assert _pages(graph) == []


def test_npm_tags_deprecations_and_maven_metadata_follow_upstream_changes(graph: Graph) -> None:
    for version in ("1.0.0", "2.0.0"):
        _seed(graph, "base", version, fmt="npm")
    base = graph.url("base", "npm")
    first = graph.packument("app", "tool")
    assert first is not None and first["dist-tags"] == {"latest": "2.0.0"}  # (seeding tags as npm publish)
    put = graph.session.put(base + "-/package/tool/dist-tags/latest", data=json.dumps("1.0.0"), timeout=5)
    assert put.status_code == 201
    for abbreviated in (False, True):
        document = graph.packument("app", "tool", abbreviated=abbreviated)
        assert document is not None and document["dist-tags"] == {"latest": "1.0.0"}
    deprecation = {"name": "tool", "versions": {"2.0.0": {"deprecated": "use 1"}}}
    assert graph.session.put(base + "tool", json=deprecation, timeout=5).status_code == 200
    document = graph.packument("app", "tool")
    assert document is not None and document["versions"]["2.0.0"]["deprecated"] == "use 1"

    _seed(graph, "base", "1.0", fmt="maven")
    assert graph.maven_versions("app", "com.acme", "core") == ["1.0"]
    _seed(graph, "mid", "2.0", fmt="maven")
    assert graph.maven_versions("app", "com.acme", "core") == ["2.0"]  # mid's own package cuts base off
    graph.origin_configuration("mid", "maven", "core", "ALLOW", "ALLOW", namespace="com.acme")
    assert graph.maven_versions("app", "com.acme", "core") == ["1.0", "2.0"]


def test_a_kept_document_is_served_again_without_being_made(
    graph: Graph, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[str] = []
    original: Callable[..., Any] = resolution.listing

    def counted(registries: Any, repository: Any, *rest: Any) -> Any:
        made.append(repository.name)
        return original(registries, repository, *rest)

    monkeypatch.setattr(resolution, "listing", counted)
    _seed(graph, "base", "1.0")
    first = graph.get("app", "pypi", "simple/tool/").content
    assert graph.get("app", "pypi", "simple/tool/").content == first
    assert made == ["app"]
    _seed(graph, "base", "2.0")
    assert graph.get("app", "pypi", "simple/tool/").content != first
    assert made == ["app", "app"]


def test_a_fetch_racing_deletes_upstream_keeps_whole_copies_or_none() -> None:
    with mock_codeartifact() as ca, ca.serve() as server:
        graph = Graph(ca, server)
        graph.repository("base")
        graph.repository("app", "base")
        versions = [f"1.{n}" for n in range(60)]
        files = {}
        for version in versions:
            files[version] = {f"tool-{version}.tar.gz": version.encode(), f"tool-{version}.whl": b"w" * 100}
            ca.add_package_version(DOMAIN, "base", "pypi", "tool", version, assets=files[version])
        url = graph.url("app", "pypi") + "simple/tool/{0}/tool-{0}.tar.gz"
        answers: dict[str, int] = {}

        def fetch_all() -> None:
            for version in versions:
                answers[version] = http("GET", url.format(version), token=graph.token).status

        def delete_all() -> None:
            order = versions[:]
            random.Random(7).shuffle(order)
            for version in order:
                graph.delete("base", "pypi", "tool", [version])

        threads = [threading.Thread(target=fetch_all), threading.Thread(target=delete_all)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        kept = graph.versions("app", "pypi", "tool")
        assert set(kept) == {v for v, status in answers.items() if status == 200}
        assert set(answers.values()) <= {200, 404}
        for version in kept:
            assets = graph.api.list_package_version_assets(
                domain=DOMAIN, repository="app", format="pypi", package="tool", packageVersion=version
            )["assets"]
            assert {a["name"]: a["size"] for a in assets} == {
                name: len(content) for name, content in files[version].items()
            }


def test_a_snapshot_resolves_through_an_upstream_and_its_build_is_kept() -> None:
    # mvn asks app for the SNAPSHOT's metadata (read where the SNAPSHOT stands, keeping nothing), then for
    # the build's files it names (downloads: the build is kept in app, Unlisted as it is upstream).
    with mock_codeartifact() as ca, ca.serve() as server:
        env = Env(ca, server)
        files = _deploy(env, FIRST)
        env.client.create_repository(
            domain=DOMAIN, repository="app", upstreams=[{"repositoryName": "releases"}]
        )
        app = server.endpoint_url(DOMAIN, "app", "maven") + "com/acme/core/"
        metadata = http("GET", app + f"{SNAPSHOT}/maven-metadata.xml", token=env.token)
        assert metadata.status == 200 and f"<value>1.0-{FIRST}</value>".encode() in metadata.body
        graph = Graph(ca, server, domain_exists=True)
        assert graph.versions("app", "maven", ARTIFACT, "com.acme") == {}
        jar_name = f"{ARTIFACT}-1.0-{FIRST}.jar"
        download = http("GET", app + f"{SNAPSHOT}/{jar_name}", token=env.token)
        assert (download.status, download.body) == (200, files[jar_name])
        kept = graph.versions("app", "maven", ARTIFACT, "com.acme")
        assert {version: status for version, (status, _origin) in kept.items()} == {
            f"1.0-{FIRST}": "Unlisted"
        }
        assert graph.maven_versions("app", "com.acme", ARTIFACT) == [
            SNAPSHOT
        ]  # the package's metadata, merged
