"""The real mvn against ``ca.serve()``: ``mvn deploy``, ``deploy:deploy-file``, a consumer's ``mvn compile``.

Marked ``real_client``. Maven Central is not reachable from these machines, so every run reads its plugins
from the machine's Maven cache, without writing there: each test has its own local repository (a temporary
directory) and settings file, whose mirror sends every repository but the mock (``aws``) to the cache as a
read-only ``file://`` repository. The consumer runs offline (``-o``), with the resolver allowed to reach
``file://`` and 127.0.0.1 only; ``deploy`` cannot run offline (maven-deploy-plugin 3 refuses), but the
mirror leaves it nowhere else to go. Tests skip, saying why, where mvn or a plugin pinned below is missing.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Optional

import pytest
from endpoint_env import RepositoryEnv
from maven_helpers import jar, pom
from pypi_helpers import http

from codeartifact_mock import mock_codeartifact

CACHE = Path.home() / ".m2" / "repository"
PLUGINS = {  # the plugins of a jar project's lifecycle up to deploy, at versions found in the cache
    "maven-resources-plugin": "3.3.1",
    "maven-compiler-plugin": "3.11.0",
    "maven-surefire-plugin": "3.2.5",
    "maven-jar-plugin": "3.4.1",
    "maven-install-plugin": "3.1.1",
    "maven-deploy-plugin": "3.1.1",
}
PROVIDED = (
    "org.codehaus.plexus",
    "plexus-utils",
    "3.5.0",
)  # a dependency the library declares, from the cache


def _missing() -> list[str]:
    missing = [] if shutil.which("mvn") else ["mvn"]
    for artifact, version in PLUGINS.items():
        if not (
            CACHE / "org/apache/maven/plugins" / artifact / version / f"{artifact}-{version}.jar"
        ).is_file():
            missing.append(f"{artifact} {version}")
    group, artifact, version = PROVIDED
    if not (CACHE / group.replace(".", "/") / artifact / version / f"{artifact}-{version}.jar").is_file():
        missing.append(f"{artifact} {version}")
    return missing


pytestmark = [
    pytest.mark.real_client,
    pytest.mark.skipif(
        bool(_missing()), reason=f"not in the local Maven cache ({CACHE}): {', '.join(_missing())}"
    ),
]
BUILD = "".join(
    f"<plugin><groupId>org.apache.maven.plugins</groupId><artifactId>{artifact}</artifactId>"
    f"<version>{version}</version></plugin>\n"
    for artifact, version in PLUGINS.items()
)
PROPERTIES = (
    "<properties><maven.compiler.release>11</maven.compiler.release>"
    "<project.build.sourceEncoding>UTF-8</project.build.sourceEncoding></properties>"
)
PACKAGE = dict(domain="acme", repository="releases", format="maven", namespace="com.acme", package="core")
_TRANSFER = re.compile(r"(?:Downloading|Uploading) from \S+: (\S+)|(?:Uploading) to \S+: (\S+)")


class Maven(RepositoryEnv):
    FORMAT = "maven"

    def __init__(self, ca: Any, server: Any, home: Path) -> None:
        super().__init__(ca, server)
        self.home = home
        self.settings = home / "settings.xml"
        self.settings.write_text(
            "<settings><mirrors><mirror><id>cache</id><mirrorOf>*,!aws</mirrorOf>"
            f"<url>{CACHE.as_uri()}</url></mirror></mirrors>"
            f"<servers><server><id>aws</id><username>aws</username><password>{self.token}</password>"
            "</server></servers></settings>"
        )
        self.runs = 0

    def mvn(
        self, project: Path, *args: str, offline: bool = False, env: Optional[dict[str, str]] = None
    ) -> subprocess.CompletedProcess[str]:
        """mvn in ``project`` with a new local repository each run (nothing is reused from an earlier one)."""
        self.runs += 1
        command = [
            "mvn",
            "-B",
            "-s",
            str(self.settings),
            f"-Dmaven.repo.local={self.home / f'repo{self.runs}'}",
        ]
        if offline:
            command += ["-o", "-Daether.offline.protocols=file", "-Daether.offline.hosts=127.0.0.1"]
        result = subprocess.run(
            command + list(args), cwd=project, capture_output=True, text=True, timeout=300, env=env
        )
        for match in _TRANSFER.finditer(result.stdout):  # nothing leaves loopback: the cache or the mock
            url = match.group(1) or match.group(2)
            assert url.startswith((CACHE.as_uri(), self.server.url)), url
        return result

    def library(self, version: str) -> Path:
        """A project with one class, ``com.acme.core.Greeter``, that ``mvn deploy`` publishes to the mock."""
        project = self.home / f"core-{version}"
        source = project / "src/main/java/com/acme/core"
        source.mkdir(parents=True)
        (source / "Greeter.java").write_text(
            'package com.acme.core;\npublic class Greeter { public static String greet() { return "hi"; } }\n'
        )
        group, artifact, provided = PROVIDED
        (project / "pom.xml").write_text(
            pom(
                "com.acme",
                "core",
                version,
                f"<name>Acme Core</name><description>Greets.</description>{PROPERTIES}"
                "<licenses><license><name>Apache-2.0</name></license></licenses>"
                f"<dependencies><dependency><groupId>{group}</groupId><artifactId>{artifact}</artifactId>"
                f"<version>{provided}</version><scope>provided</scope></dependency></dependencies>"
                f"<distributionManagement><repository><id>aws</id><url>{self.url}</url></repository>"
                f"</distributionManagement><build><plugins>{BUILD}</plugins></build>",
            ).decode()
        )
        return project

    def consumer(self, version: str, uses_greeter: bool = True, call: str = "greet") -> Path:
        """A project that depends on com.acme:core:<version>, from the mock only (and calls ``Greeter.<call>``
        unless told not to)."""
        return self.consumer_of("com.acme", "core", version, "releases", call if uses_greeter else None)

    def consumer_of(
        self, group: str, artifact: str, version: str, repository: str, call: Optional[str] = None
    ) -> Path:
        """A project depending on ``group:artifact:version``, resolved from ``repository`` only (and calling
        ``com.acme.core.Greeter.<call>`` when given)."""
        project = self.home / f"consumer-{self.runs}-{artifact}"
        source = project / "src/main/java/app"
        source.mkdir(parents=True)
        body = "" if call is None else f"String s = com.acme.core.Greeter.{call}();"
        (source / "App.java").write_text(f"package app;\npublic class App {{ {body} }}\n")
        url = self.server.endpoint_url("acme", repository, "maven")
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

    def compile(
        self, version: str, uses_greeter: bool = True, call: str = "greet"
    ) -> subprocess.CompletedProcess[str]:
        return self.mvn(self.consumer(version, uses_greeter, call), "compile", offline=True)

    def statuses(self) -> dict[str, str]:
        return {v["version"]: v["status"] for v in self.client.list_package_versions(**PACKAGE)["versions"]}

    def listed(self) -> list[str]:
        answer = http("GET", self.url + "com/acme/core/maven-metadata.xml", token=self.token)
        if answer.status == 404:
            return []
        return [
            e.text or "" for e in ElementTree.fromstring(answer.body).findall("versioning/versions/version")
        ]

    def reads(self, filename: str) -> list[int]:
        """The statuses answered to GETs of a file of com.acme:core, in order."""
        return [
            c.status
            for c in self.ca.calls
            if c.operation == "ReadFromRepository" and c.params["path"].endswith("/" + filename)
        ]


@pytest.fixture
def maven(tmp_path: Path) -> Iterator[Maven]:
    with mock_codeartifact() as ca, ca.serve() as server:
        yield Maven(ca, server, tmp_path)


def output(result: subprocess.CompletedProcess[str]) -> str:
    return result.stdout[-4000:] + result.stderr[-2000:]


def test_mvn_deploy_then_a_consumer_through_the_statuses(maven: Maven) -> None:
    library = maven.library("1.0")
    deployed = maven.mvn(library, "deploy")
    assert deployed.returncode == 0, output(deployed)
    assert maven.statuses() == {"1.0": "Published"}  # mvn uploaded maven-metadata.xml last
    built = (library / "target/core-1.0.jar").read_bytes()
    assets = {
        a["name"]: a
        for a in maven.client.list_package_version_assets(**PACKAGE, packageVersion="1.0")["assets"]
    }
    assert sorted(assets) == ["core-1.0.jar", "core-1.0.pom", "maven-metadata.xml"]
    assert assets["core-1.0.jar"]["hashes"]["SHA-256"] == hashlib.sha256(built).hexdigest()
    described = maven.client.describe_package_version(**PACKAGE, packageVersion="1.0")["packageVersion"]
    assert (described["summary"], described["licenses"]) == ("Greets.", [{"name": "Apache-2.0"}])
    dependencies = maven.client.list_package_version_dependencies(**PACKAGE, packageVersion="1.0")[
        "dependencies"
    ]
    group, artifact, version = PROVIDED
    assert dependencies == [
        {"namespace": group, "package": artifact, "dependencyType": "provided", "versionRequirement": version}
    ]

    compiled = maven.compile("1.0")
    assert compiled.returncode == 0, output(compiled)
    assert maven.reads("core-1.0.jar") == [401, 200]  # mvn sends its credentials once challenged

    # Unlisted: the generated metadata leaves it out, but the fixed version still resolves
    maven.client.update_package_versions_status(**PACKAGE, versions=["1.0"], targetStatus="Unlisted")
    assert maven.listed() == []
    compiled = maven.compile("1.0")
    assert compiled.returncode == 0, output(compiled)

    # Archived: the build fails, the mock having answered 404
    maven.client.update_package_versions_status(**PACKAGE, versions=["1.0"], targetStatus="Archived")
    refused = maven.compile("1.0")
    assert refused.returncode != 0
    assert "com.acme:core" in refused.stdout
    assert maven.reads("core-1.0.pom")[-1] == 404


def test_deploy_file(maven: Maven) -> None:
    content = jar("core", "2.0")
    (maven.home / "core.jar").write_bytes(content)
    deployed = maven.mvn(
        maven.home,
        f"org.apache.maven.plugins:maven-deploy-plugin:{PLUGINS['maven-deploy-plugin']}:deploy-file",
        f"-Dfile={maven.home / 'core.jar'}",
        "-DgroupId=com.acme",
        "-DartifactId=core",
        "-Dversion=2.0",
        "-Dpackaging=jar",
        f"-Durl={maven.url}",
        "-DrepositoryId=aws",
    )
    assert deployed.returncode == 0, output(deployed)
    assert maven.statuses() == {"2.0": "Published"}
    assert maven.listed() == ["2.0"]
    download = http("GET", maven.url + "com/acme/core/2.0/core-2.0.jar", token=maven.token)
    assert (download.status, download.body) == (200, content)


def test_curl_style_uploads_stay_unfinished_until_published(maven: Maven) -> None:
    base = maven.url + "com/acme/core/1.0/"
    content = jar("core", "1.0")
    for name, body in (("core-1.0.jar", content), ("core-1.0.pom", pom("com.acme", "core", "1.0"))):
        assert http("PUT", base + name, token=maven.token, body=body).status == 201
    assert http("PUT", base + "core-1.0.jar.sha1", token=maven.token, body=b"0" * 40).status == 400
    sha1 = hashlib.sha1(content).hexdigest().encode()
    assert http("PUT", base + "core-1.0.jar.sha1", token=maven.token, body=sha1).status == 200
    assert maven.statuses() == {"1.0": "Unfinished"}
    assert http("GET", base + "core-1.0.jar", token=maven.token).status == 404

    refused = maven.compile("1.0", uses_greeter=False)
    assert refused.returncode != 0
    assert maven.reads("core-1.0.pom")[-1] == 404

    maven.client.update_package_versions_status(**PACKAGE, versions=["1.0"], targetStatus="Published")
    compiled = maven.compile("1.0", uses_greeter=False)
    assert compiled.returncode == 0, output(compiled)
    assert maven.reads("core-1.0.jar")[-1] == 200


def test_snapshots_deploy_as_unique_builds_and_resolve_to_the_newest(maven: Maven) -> None:
    """User guide, "Use Maven snapshots": each build is a version of its own, Unlisted; 1.0-SNAPSHOT is the
    Published version holding the newest build's files."""
    library = maven.library("1.0-SNAPSHOT")
    first = maven.mvn(library, "deploy")
    assert first.returncode == 0, output(first)
    (builds,) = [v for v in maven.statuses() if v != "1.0-SNAPSHOT"]
    assert maven.statuses() == {"1.0-SNAPSHOT": "Published", builds: "Unlisted"}
    assert re.fullmatch(r"1\.0-[0-9]{8}\.[0-9]{6}-1", builds)
    old_jar = http("GET", maven.url + f"com/acme/core/1.0-SNAPSHOT/core-{builds}.jar", token=maven.token)
    assert old_jar.status == 200

    greeter = library / "src/main/java/com/acme/core/Greeter.java"
    again = 'public static String greetAgain() { return "hi"; } }\n'
    greeter.write_text(greeter.read_text().replace("}\n", again))
    second = maven.mvn(library, "deploy")
    assert second.returncode == 0, output(second)
    statuses = maven.statuses()
    newest = next(v for v in statuses if v.endswith("-2"))
    assert statuses == {"1.0-SNAPSHOT": "Published", builds: "Unlisted", newest: "Unlisted"}
    unlisted = maven.client.list_package_versions(**PACKAGE, status="Unlisted")["versions"]
    assert sorted(v["version"] for v in unlisted) == sorted([builds, newest])
    assets = maven.client.list_package_version_assets(**PACKAGE, packageVersion="1.0-SNAPSHOT")["assets"]
    assert sorted(a["name"] for a in assets) == [f"core-{newest}.jar", f"core-{newest}.pom"]
    assert maven.listed() == ["1.0-SNAPSHOT"]

    # a consumer resolves the newest build: only it has greetAgain
    compiled = maven.compile("1.0-SNAPSHOT", call="greetAgain")
    assert compiled.returncode == 0, output(compiled)
    assert maven.reads(f"core-{newest}.jar")[-1] == 200
    # a given build's file is that build's
    first_jar = http("GET", maven.url + f"com/acme/core/1.0-SNAPSHOT/core-{builds}.jar", token=maven.token)
    assert (first_jar.status, first_jar.body) == (200, old_jar.body)
    built = (library / "target/core-1.0-SNAPSHOT.jar").read_bytes()
    newest_jar = http("GET", maven.url + f"com/acme/core/1.0-SNAPSHOT/core-{newest}.jar", token=maven.token)
    assert (newest_jar.status, newest_jar.body) == (200, built)

    # DeletePackageVersions of the snapshot and its builds: gone, and the consumer fails
    deleted = maven.client.delete_package_versions(**PACKAGE, versions=["1.0-SNAPSHOT", builds, newest])
    assert sorted(deleted["successfulVersions"]) == sorted(["1.0-SNAPSHOT", builds, newest])
    assert maven.statuses() == {}
    refused = maven.compile("1.0-SNAPSHOT")
    assert refused.returncode != 0


def test_an_offline_build_resolves_seeded_versions(maven: Maven) -> None:
    """A seeded jar and pom, a seeded dependency of it (from its pom), and a seeded SNAPSHOT (no builds:
    mvn asks for its own file names); then the statuses bite as for deployed versions."""
    seed = maven.ca.add_package_version
    seed("acme", "releases", "maven", "util", "1.0", namespace="com.acme")
    util = [{"namespace": "com.acme", "package": "util", "versionRequirement": "1.0"}]
    seed(
        "acme", "releases", "maven", "core", "1.0", namespace="com.acme", summary="Seeded", dependencies=util
    )
    seed("acme", "releases", "maven", "core", "2.0-SNAPSHOT", namespace="com.acme")
    compiled = maven.compile("1.0", uses_greeter=False)
    assert compiled.returncode == 0, output(compiled)
    assert maven.reads("core-1.0.jar")[-1] == 200
    assert maven.reads("util-1.0.jar")[-1] == 200  # resolved through the seeded pom's dependency
    snapshot = maven.compile("2.0-SNAPSHOT", uses_greeter=False)
    assert snapshot.returncode == 0, output(snapshot)
    assert maven.reads("core-2.0-SNAPSHOT.jar")[-1] == 200

    maven.client.update_package_versions_status(**PACKAGE, versions=["1.0"], targetStatus="Archived")
    refused = maven.compile("1.0", uses_greeter=False)
    assert refused.returncode != 0
    assert maven.reads("core-1.0.pom")[-1] == 404


DOCS = Path(__file__).parent.parent / "docs" / "maven.md"


def _documented(section: str) -> list[str]:
    """The ``xml`` blocks of a section of docs/maven.md, as written there."""
    text = DOCS.read_text().split(f"## {section}\n", 1)[1].split("\n## ", 1)[0]
    return [block.split("```", 1)[0] for block in text.split("```xml\n")[1:]]


def test_the_documented_settings_run_mvn_without_maven_central(maven: Maven) -> None:
    """docs/maven.md's settings.xml, verbatim, and the plugins it says to pin: mvn deploy, then a build
    resolving what it deployed, with nothing but the local repository and the mock."""
    settings, plugins = _documented("Running mvn without Maven Central")
    pinned = dict(re.findall(r"<artifactId>([^<]+)</artifactId><version>([^<]+)</version>", plugins))
    assert pinned == PLUGINS  # what the docs pin is what this module's projects pin
    maven.settings = maven.home / "mock-settings.xml"
    maven.settings.write_text(settings)
    env = {**os.environ, "CODEARTIFACT_AUTH_TOKEN": maven.token}
    deployed = maven.mvn(maven.library("1.0"), "deploy", env=env)
    assert deployed.returncode == 0, output(deployed)
    assert maven.statuses() == {"1.0": "Published"}
    compiled = maven.mvn(maven.consumer("1.0"), "compile", env=env)  # online, as documented
    assert compiled.returncode == 0, output(compiled)
    assert maven.reads("core-1.0.jar")[-1] == 200
