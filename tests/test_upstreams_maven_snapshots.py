"""Maven SNAPSHOTs through upstream repositories, over raw HTTP as mvn sends its requests.

The user guide ("Use Maven snapshots", snapshots and upstream repositories): snapshots behave as release
versions do with upstreams, except that when a repository and its upstream both hold builds of a SNAPSHOT, a
client asking the repository for the newest build gets the upstream's; publishing no builds of that SNAPSHOT
downstream, or blocking upstreams on the package there (origin controls), avoids it. And snapshots cannot be
fetched from a public repository through an external connection. So through ``app`` (upstream:
``releases``) the SNAPSHOT's metadata is read where the search finds it first upstream, and the files mvn
then downloads keep in ``app`` what ``releases`` holds: the SNAPSHOT and its newest build, with their
statuses and origin; the SNAPSHOT rules (a deleted build's file, files named after the SNAPSHOT) hold
through ``app`` as in ``releases``. ``test_upstreams_maven`` runs the real mvn.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator

import pytest
from pypi_helpers import Answer, http
from test_endpoints_maven import ARTIFACT, GROUP, Env
from test_endpoints_maven_snapshots import FIRST, SECOND, SNAPSHOT, _deploy
from upstream_env import DOMAIN, Graph, internal

from codeartifact_mock import mock_codeartifact


class Chain(Env):
    """``Env`` (mvn's requests to ``releases``) with ``app``, whose upstream is ``releases``, beside it."""

    def __init__(self, ca: object, server: object) -> None:
        super().__init__(ca, server)  # type: ignore[arg-type]
        self.graph = Graph(ca, server, domain_exists=True)
        self.graph.repository("app", "releases")
        self.app_url = self.server.endpoint_url(DOMAIN, "app", "maven") + "com/acme/core/"

    def through(self, path: str, method: str = "GET") -> Answer:
        """A request to ``app``'s endpoint, below the package's directory."""
        return http(method, self.app_url + path, token=self.token)

    def newest_build(self, repository: str) -> str:
        """The build the SNAPSHOT's metadata through ``repository`` names (``1.0-<timestamp>-<n>``)."""
        base = self.server.endpoint_url(DOMAIN, repository, "maven")
        answer = http("GET", base + f"com/acme/core/{SNAPSHOT}/maven-metadata.xml", token=self.token)
        assert answer.status == 200, answer
        snapshot = ElementTree.fromstring(answer.body).find("versioning/snapshot")
        assert snapshot is not None
        return f"1.0-{snapshot.findtext('timestamp')}-{snapshot.findtext('buildNumber')}"

    def kept(self) -> dict[str, tuple[str, dict[str, object]]]:
        """ListPackageVersions on ``app``: version -> (status, origin)."""
        return self.graph.versions("app", "maven", ARTIFACT, GROUP)

    def assets(self, repository: str, version: str) -> list[str]:
        return self.graph.assets(repository, "maven", ARTIFACT, version, GROUP)


@pytest.fixture
def chain() -> Iterator[Chain]:
    with mock_codeartifact() as ca, ca.serve() as server:
        yield Chain(ca, server)


def _jar(stamp: str) -> str:
    return f"{ARTIFACT}-1.0-{stamp}.jar"


def test_a_snapshot_through_an_upstream_is_kept_as_it_stands_there(chain: Chain) -> None:
    files = _deploy(chain, FIRST)
    # mvn reads the SNAPSHOT's metadata through app (read upstream, keeping nothing) ...
    assert chain.newest_build("app") == f"1.0-{FIRST}"
    assert chain.kept() == {}
    # ... then downloads the build's files it names: app keeps the build and the SNAPSHOT holding it
    download = chain.through(f"{SNAPSHOT}/{_jar(FIRST)}")
    assert (download.status, download.body) == (200, files[_jar(FIRST)])
    assert chain.kept() == {
        SNAPSHOT: ("Published", internal("releases")),
        f"1.0-{FIRST}": ("Unlisted", internal("releases")),
    }
    for version in (SNAPSHOT, f"1.0-{FIRST}"):
        assert chain.assets("app", version) == chain.assets("releases", version) == sorted(files)
    unlisted = chain.client.list_package_versions(
        domain=DOMAIN, repository="app", format="maven", namespace=GROUP, package=ARTIFACT, status="Unlisted"
    )["versions"]
    assert [v["version"] for v in unlisted] == [f"1.0-{FIRST}"]
    assert chain.graph.restrictions("app", "maven", ARTIFACT, GROUP) == {
        "publish": "BLOCK",
        "upstream": "ALLOW",
    }
    assert chain.graph.maven_versions("app", GROUP, ARTIFACT) == [SNAPSHOT]  # builds are never listed
    # the rest of mvn's requests are answered by app's copies; deleting upstream leaves them alone
    chain.graph.delete("releases", "maven", ARTIFACT, [SNAPSHOT, f"1.0-{FIRST}"], GROUP)
    assert chain.newest_build("app") == f"1.0-{FIRST}"
    pom = chain.through(f"{SNAPSHOT}/{ARTIFACT}-1.0-{FIRST}.pom")
    assert (pom.status, pom.body) == (200, files[f"{ARTIFACT}-1.0-{FIRST}.pom"])


def test_a_newer_build_deployed_upstream_is_seen_through_the_kept_copy(chain: Chain) -> None:
    first = _deploy(chain, FIRST)
    assert chain.through(f"{SNAPSHOT}/{_jar(FIRST)}").status == 200  # app keeps the SNAPSHOT and build 1
    second = _deploy(chain, SECOND)
    # the upstream's SNAPSHOT answers before app's own copy (the user guide's "returns the latest from U")
    assert chain.newest_build("app") == f"1.0-{SECOND}"
    download = chain.through(f"{SNAPSHOT}/{_jar(SECOND)}.sha1")  # a checksum download keeps too
    assert download.status == 200
    assert chain.kept() == {
        SNAPSHOT: ("Published", internal("releases")),
        f"1.0-{FIRST}": ("Unlisted", internal("releases")),
        f"1.0-{SECOND}": ("Unlisted", internal("releases")),
    }
    assert chain.assets("app", SNAPSHOT) == sorted(second)  # remade holding the newest build
    # a given build's files are that build's, from app's own copy
    old = chain.through(f"{SNAPSHOT}/{_jar(FIRST)}")
    assert (old.status, old.body) == (200, first[_jar(FIRST)])
    # cut off from its upstream, app answers from its own copy: the newest build it kept
    chain.graph.link("app")
    assert chain.newest_build("app") == f"1.0-{SECOND}"
    newest = chain.through(f"{SNAPSHOT}/{ARTIFACT}-{SNAPSHOT}.jar")
    assert (newest.status, newest.body) == (200, second[_jar(SECOND)])


def test_the_snapshot_rules_hold_through_an_upstream(chain: Chain) -> None:
    files = _deploy(chain, FIRST)
    # a file named after the SNAPSHOT is its newest build's file, kept with the SNAPSHOT
    named = chain.through(f"{SNAPSHOT}/{ARTIFACT}-{SNAPSHOT}.jar")
    assert (named.status, named.body) == (200, files[_jar(FIRST)])
    assert set(chain.kept()) == {SNAPSHOT, f"1.0-{FIRST}"}
    assert chain.through(f"{SNAPSHOT}/{ARTIFACT}-{SNAPSHOT}-sources.jar").status == 404

    # a build deleted upstream while the SNAPSHOT there still holds it: its file comes from the SNAPSHOT,
    # and app keeps the SNAPSHOT alone (the build is nowhere to be kept from)
    chain.graph.delete("app", "maven", ARTIFACT, [SNAPSHOT, f"1.0-{FIRST}"], GROUP)
    chain.graph.delete("releases", "maven", ARTIFACT, [f"1.0-{FIRST}"], GROUP)
    gone = chain.through(f"{SNAPSHOT}/{_jar(FIRST)}")
    assert (gone.status, gone.body) == (200, files[_jar(FIRST)])
    assert {v: status for v, (status, _origin) in chain.kept().items()} == {SNAPSHOT: "Published"}


def test_an_archived_build_upstream_is_not_found_through_it(chain: Chain) -> None:
    _deploy(chain, FIRST)
    chain.graph.set_status("releases", "maven", ARTIFACT, [f"1.0-{FIRST}"], "Archived", GROUP)
    # as in releases itself: the Archived build's file is 404, and nothing of it is kept
    assert chain.get(f"{SNAPSHOT}/{_jar(FIRST)}").status == 404
    assert chain.through(f"{SNAPSHOT}/{_jar(FIRST)}").status == 404
    assert chain.kept() == {}
    # the SNAPSHOT still answers for its own name; the Archived build is not kept with it
    assert chain.through(f"{SNAPSHOT}/{ARTIFACT}-{SNAPSHOT}.jar").status == 200
    assert {v: status for v, (status, _origin) in chain.kept().items()} == {SNAPSHOT: "Published"}


def test_builds_published_on_both_sides_answer_from_the_upstream_unless_upstreams_are_blocked(
    chain: Chain,
) -> None:
    """The user guide's caution: with builds of 1.0-SNAPSHOT in app and in its upstream, a client asking app
    for the newest build gets the upstream's; blocking upstreams on the package in app avoids it."""
    _deploy(chain, FIRST)
    # app's own package, open to its upstreams as well as to publishing (put ahead of the deploy)
    chain.graph.origin_configuration("app", "maven", ARTIFACT, "ALLOW", "ALLOW", namespace=GROUP)
    chain.package_url = chain.app_url
    _deploy(chain, SECOND)
    assert chain.kept() == {
        SNAPSHOT: ("Published", internal("app")),
        f"1.0-{SECOND}": ("Unlisted", internal("app")),
    }
    assert chain.newest_build("app") == f"1.0-{FIRST}"  # the upstream's, not app's own newer one
    chain.graph.origin_configuration("app", "maven", ARTIFACT, "ALLOW", "BLOCK", namespace=GROUP)
    assert chain.newest_build("app") == f"1.0-{SECOND}"
    # an Archived SNAPSHOT of app's own decides for app, as any version of its own does: 404
    chain.graph.origin_configuration("app", "maven", ARTIFACT, "ALLOW", "ALLOW", namespace=GROUP)
    chain.graph.set_status("app", "maven", ARTIFACT, [SNAPSHOT], "Archived", GROUP)
    assert chain.through(f"{SNAPSHOT}/maven-metadata.xml").status == 404
    assert chain.through(f"{SNAPSHOT}/{ARTIFACT}-{SNAPSHOT}.jar").status == 404
