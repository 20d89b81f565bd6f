"""Origin controls and package groups at fetch time (upstreams spec section 5), over the endpoints' HTTP in
process: what a package's own configuration and its group let through an upstream or a public registry,
the defaults a first arrival sets, blocking ahead, and the dependency-confusion defence. The real pip and
npm see the same in ``test_upstreams_pypi`` and ``test_upstreams_npm``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Optional

import pytest
from pypi_helpers import upload_form, wheel
from upstream_env import DOMAIN, Graph

from codeartifact_mock import mock_codeartifact


@pytest.fixture
def graph() -> Iterator[Graph]:
    with mock_codeartifact() as ca:
        yield Graph(ca)


def _download(graph: Graph, repository: str, project: str, version: str) -> int:
    path = f"simple/{project}/{version}/{project}-{version}.tar.gz"
    return graph.get(repository, "pypi", path).status_code


def _public(graph: Graph, project: str, version: str) -> None:
    graph.ca.add_public_package_version(
        "public:pypi", project, version, assets={f"{project}-{version}.tar.gz": b"public " + version.encode()}
    )


def _upstream(graph: Graph, repository: str, project: str, version: str) -> None:
    assets = {f"{project}-{version}.tar.gz": f"{repository} {version}".encode()}
    graph.ca.add_package_version(DOMAIN, repository, "pypi", project, version, assets=assets)


def _twine(graph: Graph, repository: str, project: str, version: str) -> int:
    filename, content = wheel(project, version)
    content_type, body = upload_form(project, version, filename, content)
    answer = graph.session.post(
        graph.url(repository, "pypi"), data=body, headers={"Content-Type": content_type}, timeout=10
    )
    return answer.status_code


def _group(
    graph: Graph, pattern: str, restrictions: dict[str, str], allowed: Optional[dict[str, str]] = None
) -> None:
    graph.api.create_package_group(domain=DOMAIN, packageGroup=pattern)
    additions = [
        {"repositoryName": name, "originRestrictionType": kind} for name, kind in (allowed or {}).items()
    ]
    graph.api.update_package_group_origin_configuration(
        domain=DOMAIN, packageGroup=pattern, restrictions=restrictions, addAllowedRepositories=additions
    )


# -- a package's own configuration ------------------------------------------------------------------------


def test_a_first_arrival_sets_the_packages_restrictions(graph: Graph) -> None:
    graph.repository("pypi-store", connection="public:pypi")
    graph.repository("base")
    graph.repository("app", "base", "pypi-store")
    assert _twine(graph, "app", "mine", "1.0") == 200  # published: publish ALLOW, upstream BLOCK
    assert graph.restrictions("app", "pypi", "mine") == {"publish": "ALLOW", "upstream": "BLOCK"}
    _upstream(graph, "base", "theirs", "1.0")  # fetched from an upstream: publish BLOCK, upstream ALLOW
    assert _download(graph, "app", "theirs", "1.0") == 200
    assert graph.restrictions("app", "pypi", "theirs") == {"publish": "BLOCK", "upstream": "ALLOW"}
    _public(graph, "public-thing", "1.0")  # ingested: publish BLOCK, upstream ALLOW, in both repositories
    assert _download(graph, "app", "public-thing", "1.0") == 200
    for repository in ("app", "pypi-store"):
        assert graph.restrictions(repository, "pypi", "public-thing") == {
            "publish": "BLOCK",
            "upstream": "ALLOW",
        }
    # publish BLOCK: a package that arrived by a fetch takes no publish
    assert _twine(graph, "app", "theirs", "2.0") == 403


def test_upstream_block_hides_and_refuses_upstream_versions(graph: Graph) -> None:
    graph.repository("base")
    graph.repository("app", "base")
    _upstream(graph, "base", "tool", "1.0")
    _upstream(graph, "base", "tool", "2.0")
    assert _download(graph, "app", "tool", "1.0") == 200  # kept: app's package, upstream ALLOW
    graph.origin_configuration("app", "pypi", "tool", "BLOCK", "BLOCK")
    assert graph.page_versions("app", "tool") == ["1.0"]  # what app has, nothing more
    assert _download(graph, "app", "tool", "1.0") == 200
    assert _download(graph, "app", "tool", "2.0") == 404
    assert set(graph.versions("app", "pypi", "tool")) == {"1.0"}  # nothing kept


def test_an_origin_configuration_put_ahead_blocks_before_any_version_arrives(graph: Graph) -> None:
    graph.repository("base")
    graph.repository("app", "base")
    _upstream(graph, "base", "tool", "1.0")
    graph.origin_configuration("app", "pypi", "tool", "ALLOW", "BLOCK")
    assert graph.restrictions("app", "pypi", "tool") == {"publish": "ALLOW", "upstream": "BLOCK"}
    assert graph.versions("app", "pypi", "tool") == {}  # the package, with no versions
    assert graph.get("app", "pypi", "simple/tool/").status_code == 404
    assert _download(graph, "app", "tool", "1.0") == 404
    assert graph.versions("app", "pypi", "tool") == {}


def test_a_repository_on_the_way_with_upstream_block_lets_only_its_own_versions_by(graph: Graph) -> None:
    graph.repository("base")
    graph.repository("mid", "base")
    graph.repository("app", "mid")
    _upstream(graph, "base", "tool", "1.0")
    _upstream(graph, "mid", "tool", "2.0")  # published to mid: upstream BLOCK there
    assert graph.page_versions("app", "tool") == ["2.0"]
    assert _download(graph, "app", "tool", "1.0") == 404
    assert _download(graph, "app", "tool", "2.0") == 200


# -- package groups ---------------------------------------------------------------------------------------

INTERNAL_CASES = [
    ({"INTERNAL_UPSTREAM": "BLOCK"}, None, False),
    ({"INTERNAL_UPSTREAM": "ALLOW"}, None, True),
    ({"INTERNAL_UPSTREAM": "ALLOW_SPECIFIC_REPOSITORIES"}, {"app": "INTERNAL_UPSTREAM"}, True),
    ({"INTERNAL_UPSTREAM": "ALLOW_SPECIFIC_REPOSITORIES"}, {"base": "INTERNAL_UPSTREAM"}, False),
]


@pytest.mark.parametrize(("restrictions", "allowed", "fetched"), INTERNAL_CASES)
def test_internal_upstream_of_the_group_decides_what_the_requester_keeps_from_upstreams(
    graph: Graph, restrictions: dict[str, str], allowed: Optional[dict[str, str]], fetched: bool
) -> None:
    graph.repository("base")
    graph.repository("app", "base")
    _upstream(graph, "base", "acme-tool", "1.0")
    _group(graph, "/pypi//acme~", restrictions, allowed)
    assert graph.page_versions("app", "acme-tool") == (["1.0"] if fetched else [])
    assert _download(graph, "app", "acme-tool", "1.0") == (200 if fetched else 404)
    assert bool(graph.versions("app", "pypi", "acme-tool")) is fetched
    _upstream(graph, "base", "other", "1.0")  # outside the group: the root group allows
    assert _download(graph, "app", "other", "1.0") == 200


@pytest.mark.parametrize("parent_mode", ["ALLOW", "BLOCK"])
def test_inherit_takes_the_parent_groups_mode(graph: Graph, parent_mode: str) -> None:
    graph.repository("base")
    graph.repository("app", "base")
    _upstream(graph, "base", "acme-tool", "1.0")
    _group(graph, "/pypi/*", {"INTERNAL_UPSTREAM": parent_mode})
    _group(graph, "/pypi//acme~", {"INTERNAL_UPSTREAM": "INHERIT", "EXTERNAL_UPSTREAM": "BLOCK"})
    assert _download(graph, "app", "acme-tool", "1.0") == (200 if parent_mode == "ALLOW" else 404)


EXTERNAL_CASES = [
    ({"EXTERNAL_UPSTREAM": "BLOCK"}, None, False),
    ({"EXTERNAL_UPSTREAM": "ALLOW"}, None, True),
    ({"EXTERNAL_UPSTREAM": "ALLOW_SPECIFIC_REPOSITORIES"}, {"pypi-store": "EXTERNAL_UPSTREAM"}, True),
    # the repository holding the connection ingests: allowing only the downstream one lets nothing in
    ({"EXTERNAL_UPSTREAM": "ALLOW_SPECIFIC_REPOSITORIES"}, {"app": "EXTERNAL_UPSTREAM"}, False),
]


@pytest.mark.parametrize(("restrictions", "allowed", "fetched"), EXTERNAL_CASES)
def test_external_upstream_of_the_group_decides_what_the_connected_repository_ingests(
    graph: Graph, restrictions: dict[str, str], allowed: Optional[dict[str, str]], fetched: bool
) -> None:
    graph.repository("pypi-store", connection="public:pypi")
    graph.repository("app", "pypi-store")
    _public(graph, "acme-tool", "1.0")
    _group(graph, "/pypi//acme~", restrictions, allowed)
    assert graph.page_versions("app", "acme-tool") == (["1.0"] if fetched else [])
    assert _download(graph, "app", "acme-tool", "1.0") == (200 if fetched else 404)
    for repository in ("app", "pypi-store"):
        assert bool(graph.versions(repository, "pypi", "acme-tool")) is fetched


def test_a_repository_with_its_own_connection_is_checked_for_external_upstream(graph: Graph) -> None:
    graph.repository("app", connection="public:pypi")
    _public(graph, "acme-tool", "1.0")
    _group(graph, "/pypi//acme~", {"EXTERNAL_UPSTREAM": "ALLOW_SPECIFIC_REPOSITORIES"})
    assert _download(graph, "app", "acme-tool", "1.0") == 404
    graph.api.update_package_group_origin_configuration(
        domain=DOMAIN,
        packageGroup="/pypi//acme~",
        addAllowedRepositories=[{"repositoryName": "app", "originRestrictionType": "EXTERNAL_UPSTREAM"}],
    )
    assert _download(graph, "app", "acme-tool", "1.0") == 200


def test_the_packages_own_configuration_wins_over_its_group_once_it_exists(graph: Graph) -> None:
    graph.repository("base")
    graph.repository("app", "base")
    _upstream(graph, "base", "acme-tool", "1.0")
    _group(graph, "/pypi//acme~", {"INTERNAL_UPSTREAM": "BLOCK"})
    assert _download(graph, "app", "acme-tool", "1.0") == 404
    graph.origin_configuration("app", "pypi", "acme-tool", "ALLOW", "ALLOW")
    assert _download(graph, "app", "acme-tool", "1.0") == 200


# -- dependency confusion (section 8) ---------------------------------------------------------------------


def test_dependency_confusion_is_stopped_by_the_internal_packages_defaults(graph: Graph) -> None:
    graph.repository("pypi-store", connection="public:pypi")
    graph.repository("app", "pypi-store")
    assert _twine(graph, "app", "acme-utils", "1.0") == 200  # internal: publish ALLOW, upstream BLOCK
    _public(graph, "acme-utils", "99.0")  # the attacker's
    assert graph.page_versions("app", "acme-utils") == ["1.0"]
    assert _download(graph, "app", "acme-utils", "99.0") == 404
    graph.origin_configuration("app", "pypi", "acme-utils", "ALLOW", "ALLOW")  # what the defaults prevent
    assert graph.page_versions("app", "acme-utils") == ["1.0", "99.0"]


def test_dependency_confusion_is_stopped_by_a_package_group(graph: Graph) -> None:
    graph.repository("pypi-store", connection="public:pypi")
    graph.repository("app", "pypi-store")
    _group(graph, "/pypi//acme~", {"EXTERNAL_UPSTREAM": "BLOCK"})
    _public(graph, "acme-utils", "99.0")
    assert graph.page_versions("app", "acme-utils") == []
    assert _download(graph, "app", "acme-utils", "99.0") == 404
    assert _twine(graph, "app", "acme-utils", "1.0") == 200  # (nothing reachable upstream: no conflict)
    assert graph.page_versions("app", "acme-utils") == ["1.0"]
