"""The real npm against ``ca.serve()``: boto3 in process, npm as a subprocess, one server per test (so that
each test stands alone, whichever xdist worker runs it).

Marked ``real_client``: CI runs them once. Every npm run gets its own user config (``npm_config_userconfig``
pointing at a file of the test's, with ``registry`` set to the mock and the token for its URL), an empty
global config, ``HOME`` in a temporary directory and its own ``--cache``, so nothing of the machine's
``~/.npmrc`` or cache can make a test pass for the wrong reason, and nothing reaches the network
(``audit``, ``fund`` and ``update-notifier`` are off, and every package the tests install is their own).
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
from endpoint_env import RepositoryEnv
from npm_helpers import NEEDS_NPM, npm_config, npm_environment, run_npm

from codeartifact_mock import mock_codeartifact

pytestmark = [pytest.mark.real_client, NEEDS_NPM]
_runs = itertools.count()


class Npm(RepositoryEnv):
    """The mock, its server and a home for npm: user configs with the right token, none and a wrong one."""

    FORMAT = "npm"

    def __init__(self, ca: Any, server: Any, home: Path) -> None:
        super().__init__(ca, server)
        self.home = home
        self.configs = {token: self.config(token) for token in (self.token, "wrong-token", None)}
        self.env = npm_environment(home)

    def config(self, token: Optional[str]) -> Path:
        """A user config for the mock's registry with ``token`` (None: none), for ``configs[token]``."""
        path = self.home / f"npmrc-{len(list(self.home.glob('npmrc-*')))}"
        return npm_config(path, self.url, {} if token is None else {self.url: token})

    def run(
        self, *args: str, cwd: Path, token: Any = ..., cache: Optional[Path] = None
    ) -> subprocess.CompletedProcess[str]:
        """``npm <args>`` with a fresh cache, so every fetch reaches the server (or with ``cache``, one
        kept from earlier runs, which npm revalidates)."""
        config = self.configs[self.token if token is ... else token]
        cache = cache or self.home / f"cache-{next(_runs)}"
        return run_npm(*args, cwd=cwd, environment=self.env, config=config, cache=cache)

    def ok(self, *args: str, cwd: Path, token: Any = ..., cache: Optional[Path] = None) -> str:
        completed = self.run(*args, cwd=cwd, token=token, cache=cache)
        assert completed.returncode == 0, completed.stdout + completed.stderr
        return completed.stdout + completed.stderr

    def fails(self, code: str, *args: str, cwd: Path, token: Any = ...) -> str:
        completed = self.run(*args, cwd=cwd, token=token)
        output = completed.stdout + completed.stderr
        assert completed.returncode != 0, output
        assert f"code {code}" in output, output
        return output

    def package(self, name: str, version: str, **fields: Any) -> Path:
        """A package directory the test builds: package.json, index.js and a README."""
        directory = self.home / "packages" / f"{name.replace('/', '-')}-{version}"
        directory.mkdir(parents=True)
        manifest = {"name": name, "version": version, "main": "index.js", **fields}
        (directory / "package.json").write_text(json.dumps(manifest))
        (directory / "index.js").write_text(f"module.exports = {json.dumps(version)};\n")
        (directory / "README.md").write_text(f"# {name}\n\nThe readme of {version}.\n")
        return directory

    def project(self, name: str) -> Path:
        directory = self.home / "projects" / name
        directory.mkdir(parents=True)
        (directory / "package.json").write_text(
            json.dumps({"name": name, "version": "1.0.0", "private": True})
        )
        return directory


@pytest.fixture
def npm(tmp_path: Path) -> Iterator[Npm]:
    with mock_codeartifact() as ca, ca.serve() as server:
        yield Npm(ca, server, tmp_path)


def test_publish_view_install_and_the_statuses(npm: Npm) -> None:
    for version in ("1.0.0", "2.0.0", "3.0.0"):
        npm.ok("publish", cwd=npm.package("tool", version, description="A tool"))
    here = npm.home
    assert json.loads(npm.ok("view", "tool", "versions", "--json", cwd=here)) == ["1.0.0", "2.0.0", "3.0.0"]
    app = npm.project("app")
    npm.ok("install", "tool@1.0.0", cwd=app)
    assert (app / "node_modules" / "tool" / "index.js").read_text() == 'module.exports = "1.0.0";\n'
    lock = json.loads((app / "package-lock.json").read_text())
    assert lock["packages"]["node_modules/tool"]["resolved"] == npm.url + "tool/-/tool-1.0.0.tgz"

    # Unlisted: gone from npm view and from installs by version, but a lockfile naming it installs
    npm.status("tool", "1.0.0", "Unlisted")
    assert json.loads(npm.ok("view", "tool", "versions", "--json", cwd=here)) == ["2.0.0", "3.0.0"]
    npm.fails("ETARGET", "install", "tool@1.0.0", cwd=npm.project("fresh"))
    shutil.rmtree(app / "node_modules")
    npm.ok("ci", cwd=app)
    assert (app / "node_modules" / "tool" / "index.js").read_text() == 'module.exports = "1.0.0";\n'
    tarball = [c for c in npm.ca.calls if c.params.get("path", "").endswith("/tool/-/tool-1.0.0.tgz")][-1]
    assert tarball.status == 200

    # Archived: npm ci from the same lockfile fails; publishing an Unlisted or Archived version is 409
    npm.status("tool", "1.0.0", "Archived")
    shutil.rmtree(app / "node_modules")
    npm.fails("E404", "ci", cwd=app)
    npm.fails("E409", "publish", "--tag", "old", cwd=npm.home / "packages" / "tool-1.0.0")
    npm.status("tool", "3.0.0", "Unlisted")
    npm.fails("E409", "publish", "--tag", "old", cwd=npm.home / "packages" / "tool-3.0.0")


def test_scoped_package_dist_tags_deprecate_and_what_the_api_shows(npm: Npm) -> None:
    fields = {
        "description": "A scoped tool",
        "homepage": "https://example.invalid/tool",
        "repository": {"type": "git", "url": "git+https://example.invalid/tool.git"},
        "license": "MIT",
        "dependencies": {"tool": "^2.0.0"},
        "devDependencies": {"jest": "29"},
    }
    npm.ok("publish", cwd=npm.package("tool", "2.0.0"))  # what @acme/tool depends on
    npm.ok("publish", cwd=npm.package("@acme/tool", "1.0.0", **fields))
    npm.ok("publish", "--tag", "next", cwd=npm.package("@acme/tool", "2.0.0-rc.1"))
    here = npm.home
    where = dict(domain="acme", repository="releases", format="npm", namespace="acme", package="tool")
    described = npm.client.describe_package_version(**where, packageVersion="1.0.0")["packageVersion"]
    assert (described["displayName"], described["status"]) == ("@acme/tool", "Published")
    assert (described["summary"], described["homePage"]) == ("A scoped tool", "https://example.invalid/tool")
    assert described["sourceCodeRepository"] == "git+https://example.invalid/tool.git"
    assert described["licenses"] == [{"name": "MIT"}]
    dependencies = npm.client.list_package_version_dependencies(**where, packageVersion="1.0.0")[
        "dependencies"
    ]
    assert [(d["package"], d["dependencyType"]) for d in dependencies] == [
        ("tool", "regular"),
        ("jest", "dev"),
    ]
    assets = npm.client.list_package_version_assets(**where, packageVersion="1.0.0")["assets"]
    assert [a["name"] for a in assets] == ["package.tgz"]
    readme = npm.client.get_package_version_readme(**where, packageVersion="1.0.0").get("readme", "")
    assert "The readme of 1.0.0." in readme
    listing = npm.client.list_package_versions(**where)
    assert listing["defaultDisplayVersion"] == "1.0.0"  # latest, though 2.0.0-rc.1 is more recent

    npm.ok("dist-tag", "add", "@acme/tool@2.0.0-rc.1", "beta", cwd=here)
    tags = npm.ok("dist-tag", "ls", "@acme/tool", cwd=here)
    assert sorted(tags.split("\n")[:3]) == ["beta: 2.0.0-rc.1", "latest: 1.0.0", "next: 2.0.0-rc.1"]
    npm.ok("dist-tag", "rm", "@acme/tool", "beta", cwd=here)
    assert "beta" not in npm.ok("dist-tag", "ls", "@acme/tool", cwd=here)

    npm.ok("deprecate", "@acme/tool@1.0.0", "use 2 instead", cwd=here)
    deprecated = json.loads(npm.ok("view", "@acme/tool@1.0.0", "deprecated", "--json", cwd=here))
    assert deprecated == "use 2 instead"
    installed = npm.ok("install", "@acme/tool@1.0.0", cwd=npm.project("deprecated"))
    assert "deprecated @acme/tool@1.0.0: use 2 instead" in installed


def test_a_deleted_version_published_again_brings_back_no_tag(npm: Npm) -> None:
    """DeletePackageVersions drops the dist-tags naming the version, as npm's registry does on unpublish."""
    npm.ok("publish", cwd=npm.package("tagged", "1.0.0"))
    again = npm.package("tagged", "2.0.0")
    npm.ok("publish", "--tag", "beta", cwd=again)
    npm.client.delete_package_versions(
        domain="acme", repository="releases", format="npm", package="tagged", versions=["2.0.0"]
    )

    npm.ok("publish", "--tag", "next", cwd=again)

    listed = npm.run("dist-tag", "ls", "tagged", cwd=npm.home)
    assert sorted(listed.stdout.split("\n")) == ["", "latest: 1.0.0", "next: 2.0.0"], listed.stderr


def test_no_or_a_wrong_token_is_e401(npm: Npm) -> None:
    for token in (None, "wrong-token"):
        npm.fails("E401", "view", "tool", "versions", "--json", cwd=npm.home, token=token)
    assert [c.status for c in npm.ca.calls if c.operation == "ReadFromRepository"][-1] == 401


def test_seeded_versions_install_and_carry_dist_tags(npm: Npm) -> None:
    seed = npm.ca.add_package_version
    seed("acme", "releases", "npm", "seeded-lib", "1.0.0", summary="A library")
    seed("acme", "releases", "npm", "seeded-lib", "1.1.0")
    seed("acme", "releases", "npm", "seeded-lib", "2.0.0-rc.1", dist_tags=["next"])
    dependencies = [{"package": "seeded-lib", "versionRequirement": "^1.0.0"}]
    seed("acme", "releases", "npm", "app", "2.0.0", namespace="acme", dependencies=dependencies)
    here = npm.home
    shown = json.loads(npm.ok("view", "seeded-lib", "versions", "--json", cwd=here))
    assert shown == ["1.0.0", "1.1.0", "2.0.0-rc.1"]
    assert npm.ok("view", "seeded-lib@1.0.0", "description", cwd=here).strip() == "A library"
    npm.ok("dist-tag", "add", "seeded-lib@1.0.0", "stable", cwd=here)
    tags = npm.ok("dist-tag", "ls", "seeded-lib", cwd=here)
    assert {line.strip() for line in tags.splitlines() if line.strip()} == {
        "latest: 1.1.0",
        "next: 2.0.0-rc.1",
        "stable: 1.0.0",
    }

    project = npm.project("seeded-app")
    npm.ok("install", "@acme/app", "seeded-lib@next", cwd=project)
    probe = (
        "const app = require('@acme/app'); console.log(app.name, app.version, require('seeded-lib').version)"
    )
    ran = subprocess.run(["node", "-e", probe], cwd=project, capture_output=True, text=True, timeout=60)
    assert ran.stdout.split() == ["@acme/app", "2.0.0", "2.0.0-rc.1"], ran.stderr
    nested = json.loads((project / "node_modules/@acme/app/package.json").read_text())
    assert nested["dependencies"] == {"seeded-lib": "^1.0.0"}
    # @acme/app's dependency resolved from the seeded packument, beside the top-level 2.0.0-rc.1
    lock = json.loads((project / "package-lock.json").read_text())["packages"]
    assert lock["node_modules/@acme/app/node_modules/seeded-lib"]["version"] == "1.1.0"


def test_what_a_retention_job_leaves_installable_by_npm(npm: Npm) -> None:
    """Twenty seeded versions; the fifteen oldest archived, two more unlisted."""
    versions = [f"1.0.{number}" for number in range(20)]
    for version in versions:
        npm.ca.add_package_version("acme", "releases", "npm", "kept", version)
    locked = npm.project("locked")
    npm.ok("install", "kept@1.0.3", cwd=locked)
    shutil.rmtree(locked / "node_modules")
    where = {"domain": "acme", "repository": "releases", "format": "npm", "package": "kept"}
    npm.client.update_package_versions_status(**where, versions=versions[:15], targetStatus="Archived")
    npm.client.update_package_versions_status(**where, versions=versions[15:17], targetStatus="Unlisted")

    shown = json.loads(npm.ok("view", "kept", "versions", "--json", cwd=npm.home))
    assert shown == versions[17:]
    npm.fails("ETARGET", "install", "kept@1.0.3", cwd=npm.project("archived"))
    npm.fails("ETARGET", "install", "kept@1.0.16", cwd=npm.project("unlisted"))
    npm.ok("install", "kept", cwd=npm.project("newest"))
    npm.fails("E404", "ci", cwd=locked)  # its lockfile names an archived tarball


@pytest.mark.parametrize(
    "args",
    [
        ("unpublish", "doomed@1.0.0"),
        ("unpublish", "doomed", "--force"),
        ("unpublish", "doomed@*", "--force"),
        ("unpublish", "doomed@3.0.0"),  # unlisted: npm does not see it
        ("unpublish", "@acme/doomed@1.0.0", "--force"),  # the only version
    ],
)
def test_npm_unpublish_fails_naming_delete_package_versions(npm: Npm, args: tuple[str, ...]) -> None:
    for version in ("1.0.0", "2.0.0", "3.0.0"):
        npm.ca.add_package_version("acme", "releases", "npm", "doomed", version)
    npm.status("doomed", "3.0.0", "Unlisted")
    npm.ca.add_package_version("acme", "releases", "npm", "doomed", "1.0.0", namespace="acme")
    completed = npm.run(*args, cwd=npm.home)
    output = completed.stdout + completed.stderr
    assert completed.returncode != 0, output
    assert "DeletePackageVersions" in output
    listed = npm.client.list_package_versions(
        domain="acme", repository="releases", format="npm", package="doomed"
    )
    assert {v["version"]: v["status"] for v in listed["versions"]} == {
        "1.0.0": "Published",
        "2.0.0": "Published",
        "3.0.0": "Unlisted",
    }


def test_a_version_npm_cleans_before_publishing_is_accepted(npm: Npm) -> None:
    """npm sends ``semver.clean(version)`` (``3.1.0``) but packs package.json as written (``v3.1.0+b.7``): the
    mock's check that the tarball is of the version published compares them as npm does."""
    npm.ok("publish", cwd=npm.package("vtool", "v3.1.0+b.7"))
    assert json.loads(npm.ok("view", "vtool", "versions", "--json", cwd=npm.home)) == ["3.1.0"]
    app = npm.project("vapp")
    npm.ok("install", "vtool@3.1.0", cwd=app)
    assert (app / "node_modules" / "vtool" / "index.js").read_text() == 'module.exports = "v3.1.0+b.7";\n'


def test_a_warm_cache_revalidates_and_gets_304s(npm: Npm) -> None:
    """npm keeps each answer's ETag in its cache and sends it back as If-None-Match: the packument and
    tarball it already holds come back 304 (a 304 is only ever the answer to the current ETag), and npm
    reports them "cache revalidated"; a new version is a 200 again."""
    npm.ca.add_package_version("acme", "releases", "npm", "warm", "1.0.0")
    cache, app = npm.home / "warm-cache", npm.project("warm-app")

    def answers(*args: str) -> list[tuple[str, int]]:
        before = [c for c in npm.ca.calls if c.params.get("package") == "warm"]
        output = npm.ok(*args, "--loglevel", "http", cwd=app, cache=cache)
        after = [c for c in npm.ca.calls if c.params.get("package") == "warm"][len(before) :]
        for call in after:
            assert call.status != 304 or "(cache revalidated)" in output, output
        return [(call.params["path"].rsplit("/", 1)[-1], call.status) for call in after]

    assert answers("view", "warm", "version") == [("warm", 200)]
    assert answers("view", "warm", "version") == [("warm", 304)]
    assert answers("install", "warm") == [("warm", 304), ("warm-1.0.0.tgz", 200)]
    shutil.rmtree(app / "node_modules")
    assert answers("ci", "--prefer-online") == [("warm-1.0.0.tgz", 304)]
    assert (app / "node_modules" / "warm" / "package.json").exists()
    npm.ca.add_package_version("acme", "releases", "npm", "warm", "1.1.0")
    assert answers("view", "warm", "version") == [("warm", 200)]
    assert npm.ok("view", "warm", "version", cwd=app, cache=cache).strip() == "1.1.0"
