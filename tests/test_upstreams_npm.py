"""The real npm through a repository graph (upstreams spec section 8): merged packuments with the upstream's
dist-tags winning, ``npm ci`` of an Unlisted upstream version, a seeded ``public:npmjs`` behind
``app -> npm-store``, EXTERNAL_UPSTREAM modes, dependency confusion, and ``npm publish``'s E409 for a
version reachable upstream.

Marked ``real_client``. Every npm run has its own user config (the registry, and a token line for each
repository's URL), an empty global config, ``HOME`` in a temporary directory and a fresh ``--cache``;
audit, fund and the update notifier are off, and every package installed is the test's own.
"""

from __future__ import annotations

import itertools
import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Optional

import pytest
from npm_helpers import NEEDS_NPM, manifest, npm_config, npm_environment, run_npm, tarball
from upstream_env import Graph, dependency_confusion, external, internal, public_registry_through_a_store

from codeartifact_mock import mock_codeartifact

pytestmark = [pytest.mark.real_client, NEEDS_NPM]
_runs = itertools.count()
REPOSITORIES = ("upstream", "app", "npm-store")


class Node(Graph):
    """The graph on a server, and npm run in ``home`` against one of its repositories."""

    def __init__(self, ca: Any, server: Any, home: Path) -> None:
        super().__init__(ca, server)
        self.home = home
        self.env = npm_environment(home)

    def npm(self, repository: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
        """``npm <args>`` with ``repository`` as the registry (and a token for each repository's URL)."""
        run = next(_runs)
        tokens = {self.url(name, "npm"): self.token for name in REPOSITORIES}
        config = npm_config(self.home / f"npmrc-{run}", self.url(repository, "npm"), tokens)
        return run_npm(*args, cwd=cwd, environment=self.env, config=config, cache=self.home / f"cache-{run}")

    def ok(self, repository: str, *args: str, cwd: Path) -> str:
        completed = self.npm(repository, *args, cwd=cwd)
        assert completed.returncode == 0, completed.stdout + completed.stderr
        return completed.stdout

    def fails(self, code: str, repository: str, *args: str, cwd: Path) -> None:
        completed = self.npm(repository, *args, cwd=cwd)
        output = completed.stdout + completed.stderr
        assert completed.returncode != 0, output
        assert f"code {code}" in output, output

    def publish(
        self, repository: str, name: str, version: str, *flags: str
    ) -> subprocess.CompletedProcess[str]:
        directory = self.home / "packages" / f"{name}-{version}-{next(_runs)}"
        directory.mkdir(parents=True)
        (directory / "package.json").write_text(
            json.dumps({"name": name, "version": version, "main": "i.js"})
        )
        (directory / "i.js").write_text(f"module.exports = {json.dumps(version)};\n")
        return self.npm(repository, "publish", *flags, cwd=directory)

    def published(self, repository: str, name: str, version: str, *flags: str) -> None:
        completed = self.publish(repository, name, version, *flags)
        assert completed.returncode == 0, completed.stdout + completed.stderr

    def project(self) -> Path:
        directory = self.home / "projects" / f"p{next(_runs)}"
        directory.mkdir(parents=True)
        (directory / "package.json").write_text(
            json.dumps({"name": "p", "version": "1.0.0", "private": True})
        )
        return directory

    def public(self, name: str, version: str) -> None:
        """``public:npmjs`` publishes ``name`` ``version`` (a tarball npm installs)."""
        files = {"package/i.js": f"module.exports = '{version}';".encode()}
        content = tarball(manifest(name, version, main="i.js"), files)
        self.ca.add_public_package_version("public:npmjs", name, version, assets={"package.tgz": content})

    @staticmethod
    def pinned(name: str, version: str) -> str:
        return f"{name}@{version}"

    def install(self, repository: str, spec: str) -> Optional[str]:
        """``npm install <spec>`` in a fresh project: the version installed, None when npm failed."""
        project = self.project()
        if self.npm(repository, "install", spec, cwd=project).returncode != 0:
            return None
        name = spec.rsplit("@", 1)[0] if spec.rfind("@") > 0 else spec
        installed = json.loads((project / "node_modules" / name / "package.json").read_text())
        return str(installed["version"])


@pytest.fixture
def node(tmp_path: Path) -> Iterator[Node]:
    with mock_codeartifact() as ca, ca.serve() as server:
        yield Node(ca, server, tmp_path)


def test_a_merged_packument_and_the_upstreams_latest(node: Node) -> None:
    node.repository("upstream")
    node.repository("app", "upstream")
    for version in ("1.0.0", "2.0.0"):
        node.published("upstream", "tool", version)
    # app's own latest: 1.5.0 (npm asks for the tag explicitly: it sees 2.0.0 through app)
    node.published("app", "tool", "1.5.0", "--tag", "latest")
    node.origin_configuration("app", "npm", "tool", "ALLOW", "ALLOW")  # (published there: upstream BLOCK)
    document = node.packument("app", "tool")
    assert document is not None and list(document["versions"]) == ["1.0.0", "2.0.0", "1.5.0"]  # publish order
    here = node.home
    listed = json.loads(node.ok("app", "view", "tool", "versions", "--json", cwd=here))
    assert listed == ["1.0.0", "1.5.0", "2.0.0"]
    tags = json.loads(node.ok("app", "view", "tool", "dist-tags", "--json", cwd=here))
    assert tags == {"latest": "2.0.0"}  # the upstream's tag wins
    assert node.install("app", "tool") == "2.0.0"
    assert node.versions("app", "npm", "tool")["2.0.0"] == ("Published", internal("upstream"))


def test_npm_ci_installs_an_unlisted_upstream_version_from_a_lockfile(node: Node) -> None:
    node.repository("upstream")
    node.repository("app", "upstream")
    node.published("upstream", "tool", "1.0.0")
    project = node.project()
    node.ok("app", "install", "tool@1.0.0", cwd=project)
    lock = json.loads((project / "package-lock.json").read_text())
    assert (
        lock["packages"]["node_modules/tool"]["resolved"] == node.url("app", "npm") + "tool/-/tool-1.0.0.tgz"
    )
    # app forgets its copy, and the upstream's version becomes Unlisted: the lockfile still installs
    node.delete("app", "npm", "tool", ["1.0.0"])
    node.set_status("upstream", "npm", "tool", ["1.0.0"], "Unlisted")
    shutil.rmtree(project / "node_modules")
    node.ok("app", "ci", cwd=project)
    assert (project / "node_modules" / "tool" / "i.js").read_text() == 'module.exports = "1.0.0";\n'
    assert node.versions("app", "npm", "tool") == {"1.0.0": ("Unlisted", internal("upstream"))}
    node.fails("E404", "app", "install", "tool@1.0.0", cwd=node.project())  # not by name: nothing listed


def test_a_seeded_public_npmjs_serves_npm_install_through_app_and_npm_store(node: Node) -> None:
    public_registry_through_a_store(node, "npm", "public:npmjs", "left-pad", "1.2.0", "1.3.0")


def test_npm_publish_of_a_version_reachable_upstream_is_refused(node: Node) -> None:
    node.repository("upstream")
    node.repository("app", "upstream")
    node.published("upstream", "tool", "1.0.0")
    node.published("upstream", "tool", "1.1.0")
    node.set_status("upstream", "npm", "tool", ["1.1.0"], "Unlisted")
    # listed upstream: npm sees it in app's packument and refuses before sending anything
    refused = node.publish("app", "tool", "1.0.0")
    assert refused.returncode != 0
    assert "You cannot publish over the previously published versions: 1.0.0" in refused.stderr
    # Unlisted upstream: npm sends it, and the registry's 409 is npm's E409
    refused = node.publish("app", "tool", "1.1.0")
    assert refused.returncode != 0 and "code E409" in refused.stderr, refused.stderr
    assert "already exists upstream of repository 'app'" in refused.stderr
    assert node.versions("app", "npm", "tool") == {}
    node.published("app", "tool", "2.0.0")  # another version publishes; app's package: upstream BLOCK
    node.published("app", "tool", "1.1.0", "--tag", "old")  # so nothing upstream conflicts any more
    assert node.versions("app", "npm", "tool")["1.1.0"] == ("Published", internal("app"))


def test_dependency_confusion_with_npm(node: Node) -> None:
    node.repository("npm-store", connection="public:npmjs")
    node.repository("app", "npm-store")
    dependency_confusion(node, "npm", "1.0.0", "99.0.0")


def test_external_upstream_modes_change_what_npm_can_fetch(node: Node) -> None:
    node.repository("npm-store", connection="public:npmjs")
    node.repository("app", "npm-store")
    node.public("acme-pad", "1.0.0")

    def mode(pattern: str, value: str, allowed: Optional[str] = None) -> None:
        node.group_mode(pattern, "EXTERNAL_UPSTREAM", value, allowed)

    mode("/npm/*", "ALLOW")
    mode("/npm//acme~", "BLOCK")
    assert node.install("app", "acme-pad") is None
    mode("/npm//acme~", "ALLOW_SPECIFIC_REPOSITORIES", allowed="app")  # app does not hold the connection
    assert node.install("app", "acme-pad") is None
    mode("/npm/*", "BLOCK")
    mode("/npm//acme~", "INHERIT")
    assert node.install("app", "acme-pad") is None
    mode("/npm//acme~", "ALLOW_SPECIFIC_REPOSITORIES", allowed="npm-store")
    assert node.install("app", "acme-pad") == "1.0.0"
    assert node.versions("npm-store", "npm", "acme-pad") == {"1.0.0": ("Published", external("public:npmjs"))}
    node.public("other-pad", "1.0.0")  # /npm/* is BLOCK too
    assert node.install("app", "other-pad") is None
    mode("/npm/*", "ALLOW")
    assert node.install("app", "other-pad") == "1.0.0"


def test_npm_dist_tag_and_deprecate_through_a_downstream_change_what_it_holds(node: Node) -> None:
    node.repository("upstream")
    node.repository("app", "upstream")
    for version in ("1.0.0", "1.1.0"):
        node.published("upstream", "tool", version)
    here = node.home
    # tool is only upstream of app: the registry's 404, saying so (npm prints the error's text)
    for command in (("dist-tag", "add", "tool@1.0.0", "beta"), ("deprecate", "tool@1.0.0", "use 1.1")):
        refused = node.npm("app", *command, cwd=here)
        assert refused.returncode != 0
        assert "'tool' is only upstream of repository 'app' (in repository 'upstream')" in refused.stderr, (
            refused.stderr
        )
    # installed through app, 1.0.0 is app's own: its tags and deprecation change there, not upstream
    assert node.install("app", "tool@1.0.0") == "1.0.0"
    node.ok("app", "dist-tag", "add", "tool@1.0.0", "beta", cwd=here)
    tags = json.loads(node.ok("app", "view", "tool", "dist-tags", "--json", cwd=here))
    assert tags == {"latest": "1.1.0", "beta": "1.0.0"}
    node.ok("app", "deprecate", "tool@1.0.0", "use 1.1", cwd=here)  # npm sends 1.1.0 back unchanged
    assert json.loads(node.ok("app", "view", "tool@1.0.0", "deprecated", "--json", cwd=here)) == "use 1.1"
    upstream = node.packument("upstream", "tool")
    assert upstream is not None and "deprecated" not in upstream["versions"]["1.0.0"]
    refused = node.npm("app", "deprecate", "tool@1.1.0", "old", cwd=here)
    assert refused.returncode != 0
    assert "'tool@1.1.0' is only upstream of repository 'app'" in refused.stderr, refused.stderr
