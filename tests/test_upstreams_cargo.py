"""Cargo through a repository graph (upstreams spec sections 1-8), as the other formats go: the index file
merged over the search (Unlisted upstream versions kept as ``yanked`` lines), a download through ``app`` kept
there, the 409 for a version reachable upstream, a seeded ``public:crates-io`` behind ``app -> cargo-store``,
and dependency confusion.

The first tests send Cargo's requests in process (``requests`` through ``responses``, ``upstream_env.Graph``);
the last run the real cargo (``real_client``), each run with a ``CARGO_HOME`` of its own (a registry per
repository of the graph, crates.io replaced by an empty directory) and resolving with ``cargo
generate-lockfile`` and downloading with ``cargo fetch``: nothing is compiled.
"""

from __future__ import annotations

import itertools
import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Optional

import pytest
import requests
from cargo_helpers import (
    NEEDS_CARGO,
    cargo_environment,
    cargo_home,
    crate,
    index_path,
    lock_entries,
    metadata,
    publish_body,
    run_cargo,
)
from upstream_env import (
    DOMAIN,
    Graph,
    dependency_confusion,
    external,
    internal,
    public_registry_through_a_store,
)

from codeartifact_mock import mock_codeartifact


@pytest.fixture
def graph() -> Iterator[Graph]:
    with mock_codeartifact() as ca:
        yield Graph(ca)


def _index(graph: Graph, repository: str, name: str) -> list[tuple[str, bool]]:
    """The index file through ``repository``: (version, yanked) per line; [] for a 404."""
    answer = graph.get(repository, "cargo", index_path(name))
    if answer.status_code == 404:
        return []
    assert answer.status_code == 200, answer.text
    return [(line["vers"], line["yanked"]) for line in map(json.loads, answer.text.splitlines())]


def _seed(graph: Graph, repository: str, version: str) -> bytes:
    content = crate("tool", version, {"FROM": repository.encode()})
    assets = {f"tool-{version}.crate": content}
    graph.ca.add_package_version(DOMAIN, repository, "cargo", "tool", version, assets=assets)
    return content


def _publish(graph: Graph, repository: str, name: str, version: str) -> requests.Response:
    """``cargo publish``'s request for ``name`` ``version`` to ``repository``."""
    body = publish_body(metadata(name, version), crate(name, version))
    url = graph.url(repository, "cargo") + "api/v1/crates/new"
    return graph.session.put(url, data=body, headers={"Authorization": graph.token}, timeout=10)


def test_the_index_file_through_upstreams_and_a_download_kept(graph: Graph) -> None:
    graph.repository("upstream")
    graph.repository("app", "upstream")
    for version in ("1.0.0", "1.1.0", "2.0.0"):
        _seed(graph, "upstream", version)
    graph.set_status("upstream", "cargo", "tool", ["1.1.0"], "Unlisted")
    graph.set_status("upstream", "cargo", "tool", ["2.0.0"], "Archived")
    assert _index(graph, "app", "tool") == [("1.0.0", False), ("1.1.0", True)]  # merged, as npm's and pip's
    assert graph.versions("app", "cargo", "tool") == {}  # nothing kept by reading the index

    download = graph.get("app", "cargo", "api/v1/crates/tool/1.1.0/download")
    assert download.content == crate("tool", "1.1.0", {"FROM": b"upstream"})  # a yanked version downloads
    assert graph.versions("app", "cargo", "tool") == {"1.1.0": ("Unlisted", internal("upstream"))}
    assert graph.get("app", "cargo", "api/v1/crates/tool/2.0.0/download").status_code == 404
    assert graph.get("app", "cargo", "api/v1/crates/tool/9.9.9/download").status_code == 404
    assert graph.versions("app", "cargo", "tool") == {"1.1.0": ("Unlisted", internal("upstream"))}


def test_publishing_a_version_reachable_upstream_is_409(graph: Graph) -> None:
    graph.repository("upstream")
    graph.repository("app", "upstream")
    _seed(graph, "upstream", "1.0.0")
    refused = _publish(graph, "app", "tool", "1.0.0")
    assert refused.status_code == 409
    (error,) = refused.json()["errors"]
    assert "already exists upstream of repository 'app'" in error["detail"]
    assert graph.versions("app", "cargo", "tool") == {}


def test_a_public_crates_io_behind_a_store(graph: Graph) -> None:
    graph.repository("cargo-store", connection="public:crates-io")
    graph.repository("app", "cargo-store")
    graph.ca.add_public_package_version("public:crates-io", "serde", "1.0.200")
    assert _index(graph, "app", "serde") == [("1.0.200", False)]
    download = graph.get("app", "cargo", "api/v1/crates/serde/1.0.200/download")
    assert download.status_code == 200
    for repository in ("app", "cargo-store"):
        kept = {"1.0.200": ("Published", external("public:crates-io"))}
        assert graph.versions(repository, "cargo", "serde") == kept


# -- the real cargo ----------------------------------------------------------------------------------------

_runs = itertools.count()
REPOSITORIES = ("upstream", "app", "cargo-store")


class CargoGraph(Graph):
    """The graph on a server, and cargo resolving from one of its repositories (registry ``<repository>``)."""

    def __init__(self, ca: Any, server: Any, root: Path) -> None:
        super().__init__(ca, server)
        self.root = root

    def cargo(self, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
        """``cargo <args>`` with a fresh ``CARGO_HOME``: every index file and crate is fetched."""
        registries = {name: self.url(name, "cargo") for name in REPOSITORIES}
        home = cargo_home(self.root / f"cargo-home-{next(_runs)}", registries, self.root / "nowhere")
        environment = cargo_environment(home, {name: self.token for name in REPOSITORIES})
        return run_cargo(*args, cwd=cwd, environment=environment)

    # what the scenarios of upstream_env ask of a client

    def public(self, name: str, version: str) -> None:
        self.ca.add_public_package_version("public:crates-io", name, version)

    def published(self, repository: str, name: str, version: str) -> None:
        answer = _publish(self, repository, name, version)
        assert answer.status_code == 200, answer.text

    @staticmethod
    def pinned(name: str, version: str) -> str:
        return f"{name}@={version}"

    def install(self, repository: str, spec: str) -> Optional[str]:
        """A crate depending on ``spec`` (``name`` or ``name@=version``) from ``repository``: resolved and
        downloaded by cargo; the version it locked, None when cargo failed."""
        name, _, requirement = spec.partition("@")
        project = self.root / "projects" / f"p{next(_runs)}"
        (project / "src").mkdir(parents=True)
        (project / "src" / "lib.rs").write_text("")
        (project / "Cargo.toml").write_text(
            f'[package]\nname = "p"\nversion = "0.1.0"\nedition = "2021"\npublish = false\n\n[dependencies]\n'
            f'{name} = {{ version = "{requirement or "*"}", registry = "{repository}" }}\n'
        )
        if self.cargo("fetch", cwd=project).returncode != 0:  # resolves, writes Cargo.lock, downloads
            return None
        (entry,) = lock_entries(project, name)
        return entry["version"]


@pytest.fixture
def cargo(tmp_path: Path) -> Iterator[CargoGraph]:
    with mock_codeartifact() as ca, ca.serve() as server:
        yield CargoGraph(ca, server, tmp_path)


@pytest.mark.real_client
@NEEDS_CARGO[1]
@NEEDS_CARGO[2]
def test_a_seeded_public_crates_io_serves_cargo_through_app_and_cargo_store(cargo: CargoGraph) -> None:
    public_registry_through_a_store(cargo, "cargo", "public:crates-io", "serde", "1.0.199", "1.0.200")


@pytest.mark.real_client
@NEEDS_CARGO[1]
@NEEDS_CARGO[2]
def test_dependency_confusion_with_cargo(cargo: CargoGraph) -> None:
    cargo.repository("cargo-store", connection="public:crates-io")
    cargo.repository("app", "cargo-store")
    dependency_confusion(cargo, "cargo", "1.0.0", "99.0.0")
