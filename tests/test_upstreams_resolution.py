"""Repositories as proxies, at the level of the backend and the endpoints' HTTP (upstreams spec sections 1-4,
6, 7): the search order, what a fetch keeps, merged listings, public registries, the publish conflict, and
what the API shows (unmerged). Requests go in process (``requests`` through ``responses``) to AWS's URLs;
the real clients have their own modules (``test_upstreams_pypi``, ``_npm``, ``_maven``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import datetime, timezone
from typing import Any

import pytest
from npm_helpers import manifest, publish_document
from pypi_helpers import upload_form, wheel
from upstream_env import DOMAIN, Graph, external, internal

from codeartifact_mock import activation, mock_codeartifact
from codeartifact_mock.backend.upstreams import MAX_SEARCHED, search_plan

WHEN = datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone.utc)


@pytest.fixture
def graph() -> Iterator[Graph]:
    with mock_codeartifact() as ca:
        yield Graph(ca)


def _seed(graph: Graph, repository: str, version: str, content: bytes = b"", **options: Any) -> str:
    """A PyPI ``tool`` version with one file whose bytes say where it was published."""
    body = content or f"tool {version} from {repository}".encode()
    graph.ca.add_package_version(
        DOMAIN, repository, "pypi", "tool", version, assets={f"tool-{version}.tar.gz": body}, **options
    )
    return body.decode()


def _download(graph: Graph, repository: str, version: str) -> Any:
    return graph.get(repository, "pypi", f"simple/tool/{version}/tool-{version}.tar.gz")


def _repository(name: str) -> Any:
    partition = activation.store.partition_at(("123456789012", "us-east-1"))
    assert partition is not None
    domain = partition.domains.get(DOMAIN)
    assert domain is not None
    found = domain.repositories.get(name)
    assert found is not None
    return found


# -- the search order (section 1) -------------------------------------------------------------------------


def test_the_search_is_depth_first_with_each_connection_after_its_repositorys_upstreams(graph: Graph) -> None:
    # The user guide's example: R -> A (-> C, D (-> E)), B searches R, A, C, D, E, B.
    for name in ("up-c", "up-e", "up-b"):
        graph.repository(name)
    graph.repository("up-d", "up-e", connection="public:pypi")
    graph.repository("up-a", "up-c", "up-d")
    graph.repository("my-repo", "up-a", "up-b", connection="public:pypi")
    places = [(place.repository.name, place.connection) for place in search_plan(_repository("my-repo"))]
    assert places == [
        ("my-repo", None),
        ("up-a", None),
        ("up-c", None),
        ("up-d", None),
        ("up-e", None),
        ("up-d", "public:pypi"),
        ("up-b", None),
        ("my-repo", "public:pypi"),
    ]
    # Behaviour follows it: the first place holding the version answers.
    for name in ("up-e", "up-b"):
        _seed(graph, name, "1.0")
    graph.ca.add_public_package_version("public:pypi", "tool", "1.0", assets={"tool-1.0.tar.gz": b"public"})
    assert _download(graph, "my-repo", "1.0").text == "tool 1.0 from up-e"
    graph.ca.add_public_package_version("public:pypi", "tool", "2.0", assets={"tool-2.0.tar.gz": b"public"})
    _seed(graph, "up-b", "2.0")
    assert _download(graph, "my-repo", "2.0").text == "public"  # up-d's connection comes before up-b
    assert graph.versions("up-d", "pypi", "tool") == {"2.0": ("Published", external("public:pypi"))}


def test_an_upstream_cycle_is_searched_once_and_kept_pages_follow_it(graph: Graph) -> None:
    graph.repository("one")
    graph.repository("two", "one")
    graph.link("one", "two")  # one -> two -> one: accepted, as AWS accepts it
    _seed(graph, "two", "1.0")
    assert [p.repository.name for p in search_plan(_repository("one"))] == ["one", "two"]
    assert [p.repository.name for p in search_plan(_repository("two"))] == ["two", "one"]
    assert graph.page_versions("one", "tool") == ["1.0"]
    _seed(graph, "two", "2.0")
    assert graph.page_versions("one", "tool") == ["1.0", "2.0"]  # the change reaches one's kept page
    assert _download(graph, "one", "1.0").text == "tool 1.0 from two"
    assert graph.versions("one", "pypi", "tool")["1.0"][1] == internal("two")
    # the other way round, once two's own package lets its upstreams in (published there: upstream BLOCK)
    graph.origin_configuration("two", "pypi", "tool", "ALLOW", "ALLOW")
    _seed(graph, "one", "3.0")
    assert graph.page_versions("two", "tool") == ["1.0", "2.0", "3.0"]
    assert graph.page_versions("one", "tool") == ["1.0", "2.0", "3.0"]
    assert _download(graph, "two", "4.0").status_code == 404  # nothing anywhere: no loop, a 404


def test_a_search_stops_after_twenty_five_repositories(graph: Graph) -> None:
    # R -> U1..U10, each Ui -> Vi1..Vi3: 41 repositories; depth first, the 25th is V63.
    assert MAX_SEARCHED == 25
    outer = []
    for i in range(1, 11):
        inner = [f"v{i}{j}" for j in range(1, 4)]
        for name in inner:
            graph.repository(name)
        graph.repository(f"u{i}", *inner)
        outer.append(f"u{i}")
    graph.repository("root", *outer)
    searched = [place.repository.name for place in search_plan(_repository("root"))]
    assert len(searched) == 25 and searched[-1] == "v63"
    _seed(graph, "v63", "1.0")
    _seed(graph, "u7", "2.0")
    assert graph.page_versions("root", "tool") == ["1.0"]
    assert _download(graph, "root", "1.0").status_code == 200
    assert _download(graph, "root", "2.0").status_code == 404


# -- what a fetch keeps (section 3) and what the API shows (section 7) -----------------------------------


def test_a_fetch_through_a_chain_keeps_a_copy_in_the_requested_repository_only(graph: Graph) -> None:
    graph.repository("base")
    graph.repository("mid", "base")
    graph.repository("app", "mid")
    _seed(graph, "base", "1.0", published_time=WHEN, summary="The tool")
    api = graph.api
    where = dict(domain=DOMAIN, repository="app", format="pypi", package="tool")
    # The API does not merge: before any download, app has nothing
    assert graph.page_versions("app", "tool") == ["1.0"]  # listing keeps nothing
    with pytest.raises(api.exceptions.ResourceNotFoundException):
        api.describe_package_version(**where, packageVersion="1.0")
    assert api.list_packages(domain=DOMAIN, repository="app")["packages"] == []

    missing = graph.get("app", "pypi", "simple/tool/1.0/tool-1.0-py3-none-any.whl")  # no such file
    assert missing.status_code == 404
    assert graph.versions("app", "pypi", "tool") == {}  # a request that downloads nothing keeps nothing
    assert _download(graph, "app", "1.0").text == "tool 1.0 from base"
    assert graph.versions("app", "pypi", "tool") == {"1.0": ("Published", internal("base"))}
    assert graph.versions("mid", "pypi", "tool") == {}  # repositories between keep nothing
    assert graph.versions("base", "pypi", "tool") == {"1.0": ("Published", internal("base"))}
    kept = api.describe_package_version(**where, packageVersion="1.0")["packageVersion"]
    original = api.describe_package_version(**{**where, "repository": "base"}, packageVersion="1.0")
    for member in ("revision", "publishedTime", "summary", "status"):
        assert kept[member] == original["packageVersion"][member], member
    assert [p["package"] for p in api.list_packages(domain=DOMAIN, repository="app")["packages"]] == ["tool"]
    # a package that first arrived by a fetch: publish BLOCK, upstream ALLOW
    assert graph.restrictions("app", "pypi", "tool") == {"publish": "BLOCK", "upstream": "ALLOW"}
    assets = api.list_package_version_assets(**where, packageVersion="1.0")["assets"]
    digest = hashlib.sha256(b"tool 1.0 from base").hexdigest()
    assert [(a["name"], a["hashes"]["SHA-256"]) for a in assets] == [("tool-1.0.tar.gz", digest)]


def test_a_kept_copy_survives_the_upstream_version_and_acts_alone(graph: Graph) -> None:
    graph.repository("base")
    graph.repository("app", "base")
    for version in ("1.0", "2.0"):
        _seed(graph, "base", version)
        assert _download(graph, "app", version).status_code == 200
    graph.set_status("base", "pypi", "tool", ["1.0"], "Archived")
    graph.delete("base", "pypi", "tool", ["2.0"])
    assert _download(graph, "app", "1.0").text == "tool 1.0 from base"
    assert _download(graph, "app", "2.0").text == "tool 2.0 from base"
    assert graph.page_versions("app", "tool") == ["1.0", "2.0"]
    graph.set_status("app", "pypi", "tool", ["2.0"], "Unlisted")  # on app's copy alone
    assert graph.page_versions("app", "tool") == ["1.0"]
    assert graph.versions("base", "pypi", "tool") == {"1.0": ("Archived", internal("base"))}


def test_an_unlisted_upstream_version_downloads_by_url_and_its_copy_stays_unlisted(graph: Graph) -> None:
    graph.repository("base")
    graph.repository("app", "base")
    _seed(graph, "base", "1.0", status="Unlisted")
    assert graph.page_versions("app", "tool") == []
    assert _download(graph, "app", "1.0").status_code == 200
    assert graph.versions("app", "pypi", "tool")["1.0"][0] == "Unlisted"


def test_archived_disposed_and_unfinished_upstream_versions_count_as_absent(graph: Graph) -> None:
    graph.repository("second")
    graph.repository("first")
    graph.repository("app", "first", "second")
    for status in ("Archived", "Disposed", "Unfinished"):
        version = {"Archived": "1.0", "Disposed": "2.0", "Unfinished": "3.0"}[status]
        _seed(graph, "first", version, status=status)
        _seed(graph, "second", version)
    assert graph.page_versions("app", "tool") == ["1.0", "2.0", "3.0"]
    for version in ("1.0", "2.0", "3.0"):
        assert _download(graph, "app", version).text == f"tool {version} from second"
    # the requested repository's own version decides, whatever its status: an Archived one hides upstream
    _seed(graph, "app", "4.0", status="Archived")
    graph.origin_configuration("app", "pypi", "tool", "ALLOW", "ALLOW")  # (seeded there: upstream BLOCK)
    _seed(graph, "first", "4.0")
    assert "4.0" not in graph.page_versions("app", "tool")
    assert _download(graph, "app", "4.0").status_code == 404


# -- merged listings (section 4) ------------------------------------------------------------------------


def test_the_page_is_the_union_first_repository_wins_listed_only(graph: Graph) -> None:
    graph.repository("base")
    graph.repository("app", "base")
    _seed(graph, "app", "1.0", b"app's 1.0")
    assert graph.restrictions("app", "pypi", "tool") == {"publish": "ALLOW", "upstream": "BLOCK"}
    _seed(graph, "base", "1.0", b"base's 1.0")
    assert graph.page_versions("app", "tool") == ["1.0"]  # published first in app: upstream BLOCK
    graph.origin_configuration("app", "pypi", "tool", "ALLOW", "ALLOW")
    _seed(graph, "base", "2.0")
    _seed(graph, "base", "3.0", status="Unlisted")
    page = graph.page("app", "tool")
    assert sorted(page) == ["tool-1.0.tar.gz", "tool-2.0.tar.gz"]
    sha = hashlib.sha256(b"app's 1.0").hexdigest()
    text = graph.get("app", "pypi", "simple/tool/").text
    assert f'href="1.0/tool-1.0.tar.gz#sha256={sha}"' in text  # the file URL points at app
    assert _download(graph, "app", "1.0").content == b"app's 1.0"


def test_npm_packuments_merge_and_the_upstreams_dist_tag_wins(graph: Graph) -> None:
    graph.repository("base")
    graph.repository("app", "base")
    ca = graph.ca
    for version in ("1.0.0", "2.0.0"):
        ca.add_package_version(DOMAIN, "app", "npm", "tool", version)
    for version in ("2.0.0", "3.0.0", "4.0.0-beta"):
        ca.add_package_version(DOMAIN, "base", "npm", "tool", version)
    graph.origin_configuration("app", "npm", "tool", "ALLOW", "ALLOW")
    token = {"Authorization": f"Bearer {graph.token}"}
    for repository, tag, version in (("app", "latest", "2.0.0"), ("base", "latest", "3.0.0")):
        graph.session.put(
            graph.url(repository, "npm") + f"-/package/tool/dist-tags/{tag}",
            data=json.dumps(version),
            headers=token,
            timeout=5,
        )
    graph.session.put(
        graph.url("base", "npm") + "-/package/tool/dist-tags/beta",
        data=json.dumps("4.0.0-beta"),
        headers=token,
        timeout=5,
    )
    document = graph.packument("app", "tool")
    assert document is not None
    assert list(document["versions"]) == ["1.0.0", "2.0.0", "3.0.0", "4.0.0-beta"]
    assert document["dist-tags"] == {"latest": "3.0.0", "beta": "4.0.0-beta"}
    tarball = document["versions"]["3.0.0"]["dist"]["tarball"]
    assert tarball == graph.url("app", "npm") + "tool/-/tool-3.0.0.tgz"
    tags = graph.get("app", "npm", "-/package/tool/dist-tags").json()
    assert tags == {"latest": "3.0.0", "beta": "4.0.0-beta"}
    # a tag naming a version that is not listed is left out, and the repository's own tag shows again
    graph.set_status("base", "npm", "tool", ["3.0.0"], "Unlisted")
    document = graph.packument("app", "tool", abbreviated=True)
    assert document is not None and document["dist-tags"]["latest"] == "2.0.0"


def test_maven_metadata_merges_the_chain(graph: Graph) -> None:
    graph.repository("base")
    graph.repository("app", "base")
    ca = graph.ca
    ca.add_package_version(DOMAIN, "base", "maven", "core", "1.0", namespace="com.acme", published_time=WHEN)
    ca.add_package_version(DOMAIN, "app", "maven", "core", "2.0", namespace="com.acme")
    graph.origin_configuration("app", "maven", "core", "ALLOW", "ALLOW", namespace="com.acme")
    assert graph.maven_versions("app", "com.acme", "core") == ["1.0", "2.0"]
    assert graph.get("app", "maven", "com/acme/core/1.0/core-1.0.jar").status_code == 200
    files = graph.assets("base", "maven", "core", "1.0", "com.acme")
    assert len(files) == 2 and graph.assets("app", "maven", "core", "1.0", "com.acme") == files  # every file


# -- public registries (section 2) ----------------------------------------------------------------------


def test_a_public_registry_version_is_kept_in_the_requester_and_the_connected_repository(
    graph: Graph,
) -> None:
    graph.repository("pypi-store", connection="public:pypi")
    graph.repository("app", "pypi-store")
    ca = graph.ca
    assert graph.page_versions("app", "requests") == []  # an empty catalogue: not on the public registry
    for version in ("2.31.0", "2.32.0"):
        ca.add_public_package_version(
            "public:pypi", "requests", version, assets={f"requests-{version}.tar.gz": version.encode()}
        )
    assert graph.page_versions("app", "requests") == ["2.31.0", "2.32.0"]
    answer = graph.get("app", "pypi", "simple/requests/2.32.0/requests-2.32.0.tar.gz")
    assert answer.content == b"2.32.0"
    for repository in ("app", "pypi-store"):
        assert graph.versions(repository, "pypi", "requests") == {
            "2.32.0": ("Published", external("public:pypi"))
        }
        assert graph.restrictions(repository, "pypi", "requests") == {"publish": "BLOCK", "upstream": "ALLOW"}

    # out of service: what was kept still serves, the rest is 404 and the listing leaves the registry out
    ca.set_public_registry_available("public:pypi", False)
    assert graph.page_versions("app", "requests") == ["2.32.0"]
    assert graph.get("app", "pypi", "simple/requests/2.32.0/requests-2.32.0.tar.gz").status_code == 200
    assert graph.get("app", "pypi", "simple/requests/2.31.0/requests-2.31.0.tar.gz").status_code == 404
    ca.set_public_registry_available("public:pypi", True)
    assert graph.page_versions("app", "requests") == ["2.31.0", "2.32.0"]


def test_public_registries_are_shared_by_domains_and_keyed_by_format(graph: Graph) -> None:
    ca = graph.ca
    ca.add_public_package_version("public:npmjs", "left-pad", "1.3.0")
    graph.api.create_domain(domain="other")
    graph.api.create_repository(domain="other", repository="npm-store")
    graph.api.associate_external_connection(
        domain="other", repository="npm-store", externalConnection="public:npmjs"
    )
    url = "https://other-123456789012.d.codeartifact.us-east-1.amazonaws.com/npm/npm-store/left-pad"
    token = graph.api.get_authorization_token(domain="other")["authorizationToken"]
    document = graph.session.get(url, auth=("aws", token), timeout=5).json()
    assert document["dist-tags"] == {"latest": "1.3.0"}
    graph.repository("pypi-store", connection="public:pypi")
    assert graph.page_versions("pypi-store", "left-pad") == []  # npm's registry is not PyPI's


def test_public_seeding_checks_its_arguments(graph: Graph) -> None:
    ca = graph.ca
    with pytest.raises(ValueError, match="Invalid external connection name: public:nowhere"):
        ca.add_public_package_version("public:nowhere", "tool", "1.0")
    with pytest.raises(ValueError, match="at 'packageVersion' failed to satisfy constraint"):
        ca.add_public_package_version("public:pypi", "tool", "")
    with pytest.raises(ValueError, match="A namespace is required for maven packages"):
        ca.add_public_package_version("public:maven-central", "core", "1.0")
    with pytest.raises(ValueError, match="timezone-aware"):
        ca.add_public_package_version("public:pypi", "tool", "1.0", published_time=datetime(2024, 1, 1))
    with pytest.raises(ValueError, match="Invalid external connection name"):
        ca.set_public_registry_available("public:nowhere", False)
    with pytest.raises(ValueError, match="available must be True or False"):
        ca.set_public_registry_available("public:pypi", "no")  # type: ignore[arg-type]
    assert activation.store.public_registries.get("public:pypi") is None  # nothing was made


# -- publishing a version that exists upstream (section 6) ----------------------------------------------


def _twine(graph: Graph, repository: str, version: str) -> Any:
    filename, content = wheel("tool", version)
    content_type, body = upload_form("tool", version, filename, content)
    return graph.session.post(
        graph.url(repository, "pypi"), data=body, headers={"Content-Type": content_type}, timeout=10
    )


def test_publishing_a_version_reachable_upstream_is_a_conflict(graph: Graph) -> None:
    graph.repository("base")
    graph.repository("app", "base")
    _seed(graph, "base", "1.0")
    refused = _twine(graph, "app", "1.0")
    assert refused.status_code == 409
    assert "already exists upstream of repository 'app' (in repository 'base')" in refused.text
    assert graph.versions("app", "pypi", "tool") == {}
    assert _twine(graph, "app", "2.0").status_code == 200  # another version publishes
    # now app has the package, published first: publish ALLOW, upstream BLOCK: nothing upstream is reached
    assert graph.restrictions("app", "pypi", "tool") == {"publish": "ALLOW", "upstream": "BLOCK"}
    assert _twine(graph, "app", "1.0").status_code == 200
    assert graph.page_versions("app", "tool") == ["2.0", "1.0"]
    # publish ALLOW with upstream ALLOW: the conflict again, for what only the upstream has
    _seed(graph, "base", "3.0")
    graph.origin_configuration("app", "pypi", "tool", "ALLOW", "ALLOW")
    assert _twine(graph, "app", "3.0").status_code == 409
    graph.origin_configuration("app", "pypi", "tool", "BLOCK", "ALLOW")
    assert _twine(graph, "app", "4.0").status_code == 403


def test_npm_and_maven_get_the_conflict_too_and_an_outage_lifts_it(graph: Graph) -> None:
    graph.repository("npm-store", connection="public:npmjs")
    graph.repository("app", "npm-store")
    graph.ca.add_public_package_version("public:npmjs", "left-pad", "1.3.0")
    document = publish_document(manifest("left-pad", "1.3.0"))
    put = graph.session.put(graph.url("app", "npm") + "left-pad", json=document, timeout=10)
    assert put.status_code == 409
    assert "public repository of external connection 'public:npmjs'" in put.json()["error"]
    graph.ca.set_public_registry_available("public:npmjs", False)
    put = graph.session.put(graph.url("app", "npm") + "left-pad", json=document, timeout=10)
    assert put.status_code == 201

    graph.repository("maven-base")
    graph.link("app", "npm-store", "maven-base")
    graph.ca.add_package_version(DOMAIN, "maven-base", "maven", "core", "1.0", namespace="com.acme")
    jar = graph.session.put(
        graph.url("app", "maven") + "com/acme/core/1.0/core-1.0.jar", data=b"x", timeout=10
    )
    assert jar.status_code == 409
    jar = graph.session.put(
        graph.url("app", "maven") + "com/acme/core/2.0/core-2.0.jar", data=b"x", timeout=10
    )
    assert jar.status_code == 201


def test_generic_publishing_never_looks_upstream(graph: Graph) -> None:
    graph.repository("base")
    graph.repository("app", "base")
    graph.ca.add_package_version(DOMAIN, "base", "generic", "blob", "1.0", namespace="ns", assets={"a": b"a"})
    published = graph.api.publish_package_version(
        domain=DOMAIN,
        repository="app",
        format="generic",
        namespace="ns",
        package="blob",
        packageVersion="1.0",
        assetName="a",
        assetContent=b"b",
        assetSHA256=hashlib.sha256(b"b").hexdigest(),
    )
    assert published["status"] == "Published"
