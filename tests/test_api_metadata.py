"""Seeded metadata: DescribePackageVersion fields, GetPackageVersionReadme, ListPackageVersionDependencies."""

from __future__ import annotations

from typing import Any

import pytest

from codeartifact_mock import CodeArtifactMock

UI = {"domain": "acme", "repository": "releases", "format": "npm", "namespace": "acme", "package": "ui"}
DEPENDENCIES = [
    {"namespace": "types", "package": "react", "dependencyType": "dev", "versionRequirement": "^18.2.0"},
    {"package": "lodash", "dependencyType": "regular", "versionRequirement": "4.x"},
]


def _seed_ui(ca: CodeArtifactMock, version: str = "3.0.0", **metadata: Any) -> str:
    return ca.add_package_version("acme", "releases", "npm", "ui", version, namespace="acme", **metadata)


def test_describe_returns_the_seeded_metadata(client: Any, codeartifact_mock: CodeArtifactMock) -> None:
    _seed_ui(
        codeartifact_mock,
        summary="Acme's UI kit",
        home_page="https://ui.acme.example",
        source_code_repository="https://git.acme.example/ui",
        licenses=["MIT", {"name": "Apache-2.0", "url": "https://www.apache.org/licenses/LICENSE-2.0"}],
    )
    described = client.describe_package_version(**UI, packageVersion="3.0.0")["packageVersion"]
    assert described["summary"] == "Acme's UI kit"
    assert described["homePage"] == "https://ui.acme.example"
    assert described["sourceCodeRepository"] == "https://git.acme.example/ui"
    assert described["licenses"] == [
        {"name": "MIT"},
        {"name": "Apache-2.0", "url": "https://www.apache.org/licenses/LICENSE-2.0"},
    ]


def test_a_version_without_metadata_has_none(client: Any, codeartifact_mock: CodeArtifactMock) -> None:
    _seed_ui(codeartifact_mock)
    described = client.describe_package_version(**UI, packageVersion="3.0.0")["packageVersion"]
    assert not {"summary", "homePage", "sourceCodeRepository", "licenses"} & described.keys()
    readme = client.get_package_version_readme(**UI, packageVersion="3.0.0")
    assert "readme" not in readme
    listed = client.list_package_version_dependencies(**UI, packageVersion="3.0.0")
    assert listed["dependencies"] == [] and "nextToken" not in listed


def test_only_the_given_fields_are_returned(client: Any, codeartifact_mock: CodeArtifactMock) -> None:
    _seed_ui(codeartifact_mock, home_page="https://ui.acme.example")
    described = client.describe_package_version(**UI, packageVersion="3.0.0")["packageVersion"]
    assert described["homePage"] == "https://ui.acme.example"
    assert not {"summary", "sourceCodeRepository", "licenses"} & described.keys()


def test_readme_is_returned_with_the_version_coordinates(
    client: Any, codeartifact_mock: CodeArtifactMock
) -> None:
    revision = _seed_ui(codeartifact_mock, readme="# Acme UI\n\nButtons *and* dialogs.", summary="UI kit")
    response = client.get_package_version_readme(**UI, packageVersion="3.0.0")
    assert {
        key: response[key] for key in ("format", "namespace", "package", "version", "versionRevision")
    } == {
        "format": "npm",
        "namespace": "acme",
        "package": "ui",
        "version": "3.0.0",
        "versionRevision": revision,
    }
    assert response["readme"] == "# Acme UI\n\nButtons *and* dialogs."


def test_without_a_readme_the_summary_stands_in(client: Any, codeartifact_mock: CodeArtifactMock) -> None:
    # AWS: "For packages that do not contain a readme file, CodeArtifact extracts a description from a
    # metadata file", e.g. a pom's <description>.
    codeartifact_mock.add_package_version(
        "acme", "releases", "maven", "core", "1.0.0", namespace="com.acme", summary="Acme core library"
    )
    response = client.get_package_version_readme(
        domain="acme",
        repository="releases",
        format="maven",
        namespace="com.acme",
        package="core",
        packageVersion="1.0.0",
    )
    assert response["readme"] == "Acme core library"
    assert "namespace" in response and response["package"] == "core"


def test_pypi_coordinates_have_no_namespace(client: Any, codeartifact_mock: CodeArtifactMock) -> None:
    codeartifact_mock.add_package_version(
        "acme", "releases", "pypi", "Acme_Client", "0.9.0", readme="rst text"
    )
    response = client.get_package_version_readme(
        domain="acme", repository="releases", format="pypi", package="acme-client", packageVersion="0.9.0"
    )
    assert "namespace" not in response
    assert (response["package"], response["readme"]) == ("acme-client", "rst text")


def test_dependencies_are_listed_as_seeded(client: Any, codeartifact_mock: CodeArtifactMock) -> None:
    revision = _seed_ui(codeartifact_mock, dependencies=DEPENDENCIES)
    listed = client.list_package_version_dependencies(**UI, packageVersion="3.0.0")
    assert listed["dependencies"] == DEPENDENCIES
    assert (listed["version"], listed["versionRevision"], listed["namespace"]) == ("3.0.0", revision, "acme")
    assert "nextToken" not in listed


def test_many_dependencies_come_in_pages(client: Any, codeartifact_mock: CodeArtifactMock) -> None:
    many = [{"package": f"dep-{i:03}", "versionRequirement": "1.0.0"} for i in range(120)]
    _seed_ui(codeartifact_mock, dependencies=many)
    seen: list[dict[str, str]] = []
    pages = 0
    kwargs: dict[str, Any] = {}
    while True:
        page = client.list_package_version_dependencies(**UI, packageVersion="3.0.0", **kwargs)
        seen += page["dependencies"]
        pages += 1
        if "nextToken" not in page:
            break
        kwargs = {"nextToken": page["nextToken"]}
    assert seen == many and pages == 3


def test_a_forged_dependencies_token_is_rejected(client: Any, codeartifact_mock: CodeArtifactMock) -> None:
    _seed_ui(codeartifact_mock, dependencies=DEPENDENCIES)
    with pytest.raises(client.exceptions.ValidationException):
        client.list_package_version_dependencies(**UI, packageVersion="3.0.0", nextToken="eyJzIjo1fQ==")


def test_readme_and_dependencies_of_a_missing_version_are_not_found(
    client: Any, codeartifact_mock: CodeArtifactMock
) -> None:
    _seed_ui(codeartifact_mock)
    for call in (client.get_package_version_readme, client.list_package_version_dependencies):
        with pytest.raises(client.exceptions.ResourceNotFoundException) as excinfo:
            call(**UI, packageVersion="9.9.9")
        assert excinfo.value.response["resourceType"] == "package-version"


def test_generic_versions_have_no_metadata(client: Any, codeartifact_mock: CodeArtifactMock) -> None:
    with pytest.raises(ValueError, match="generic package versions have no metadata"):
        codeartifact_mock.add_package_version(
            "acme", "releases", "generic", "cli", "1.0.0", namespace="tools", readme="# cli"
        )
    assert client.list_domains()["domains"] == []  # nothing was stored
    codeartifact_mock.add_package_version("acme", "releases", "generic", "cli", "1.0.0", namespace="tools")
    coordinates = {"domain": "acme", "repository": "releases", "format": "generic", "namespace": "tools"}
    readme = client.get_package_version_readme(**coordinates, package="cli", packageVersion="1.0.0")
    assert "readme" not in readme
    listed = client.list_package_version_dependencies(**coordinates, package="cli", packageVersion="1.0.0")
    assert listed["dependencies"] == []


def test_metadata_counts_towards_the_revision(codeartifact_mock: CodeArtifactMock) -> None:
    plain = codeartifact_mock.add_package_version("acme", "one", "npm", "ui", "1.0.0")
    same = codeartifact_mock.add_package_version("acme", "two", "npm", "ui", "1.0.0")
    described = codeartifact_mock.add_package_version("acme", "three", "npm", "ui", "1.0.0", summary="UI")
    assert plain == same != described


def test_seeding_again_replaces_the_metadata(client: Any, codeartifact_mock: CodeArtifactMock) -> None:
    _seed_ui(codeartifact_mock, summary="old", dependencies=DEPENDENCIES)
    _seed_ui(codeartifact_mock, readme="new")
    described = client.describe_package_version(**UI, packageVersion="3.0.0")["packageVersion"]
    assert "summary" not in described
    assert client.get_package_version_readme(**UI, packageVersion="3.0.0")["readme"] == "new"
    assert client.list_package_version_dependencies(**UI, packageVersion="3.0.0")["dependencies"] == []


@pytest.mark.parametrize(
    ("metadata", "message"),
    [
        (
            {"summary": 42},
            "1 validation error detected: Value '42' at 'summary' failed to satisfy constraint: "
            "Member must be of type string",
        ),
        (
            {"licenses": [{"name": "MIT", "spdx": "MIT"}]},
            "1 validation error detected: Value 'spdx' at 'licenses.1.member' failed to satisfy constraint: "
            "Member must be one of the LicenseInfo members [name, url]",
        ),
        (
            {"dependencies": [{"versionRequirement": "1.0"}]},
            "1 validation error detected: Value null at 'dependencies.1.member.package' failed to satisfy "
            "constraint: Member must not be null",
        ),
        (
            {"dependencies": [{"package": "a/b"}]},
            "1 validation error detected: Value 'a/b' at 'dependencies.1.member.package' failed to satisfy "
            "constraint: Member must satisfy regular expression pattern: [^#/\\s]+",
        ),
        (
            {"dependencies": [{"package": "x", "version": "1.0"}]},
            "1 validation error detected: Value 'version' at 'dependencies.1.member' failed to satisfy "
            "constraint: Member must be one of the PackageDependency members "
            "[namespace, package, dependencyType, versionRequirement]",
        ),
    ],
)
def test_bad_metadata_is_rejected_and_nothing_is_stored(
    client: Any, codeartifact_mock: CodeArtifactMock, metadata: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError) as excinfo:
        _seed_ui(codeartifact_mock, **metadata)
    assert str(excinfo.value) == message
    assert client.list_domains()["domains"] == []
