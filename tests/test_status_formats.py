"""The three batch operations on every package format, the per-format namespace rules, and the input
normalisation of NuGet and Swift (and its absence elsewhere, PyPI included: API callers send PyPI's
normalised name themselves)."""

from __future__ import annotations

from typing import Any, NamedTuple, Optional

import pytest
from botocore.exceptions import ClientError
from helpers_status import (
    DELETE,
    DISPOSE,
    DOMAIN,
    OPERATIONS,
    REPO,
    RESULT_STATUS,
    UPDATE,
    asset_names,
    call,
    coordinates,
    describe,
    domain_asset_bytes,
    failed,
    mismatched_status,
    not_found,
    ok,
    seed,
    skipped,
    status_and_revision,
    validation_error,
    version_states,
)

from codeartifact_mock import CodeArtifactMock


class Flavour(NamedTuple):
    fmt: str
    namespace: Optional[str]
    package: str

    @property
    def where(self) -> dict[str, Any]:
        return coordinates(self.package, fmt=self.fmt, namespace=self.namespace)


FLAVOURS = [
    Flavour("npm", None, "chalk"),
    Flavour("npm", "nestjs", "core"),
    Flavour("pypi", None, "requests"),
    Flavour("maven", "org.apache.logging.log4j", "log4j"),
    Flavour("nuget", None, "newtonsoft.json"),
    Flavour("generic", "tools", "my-tool"),
    Flavour("ruby", None, "rails"),
    Flavour("swift", "apple", "swift-nio"),
    Flavour("cargo", None, "serde"),
]
IDS = [f"{f.fmt}-{f.namespace}" if f.namespace and f.fmt == "npm" else f.fmt for f in FLAVOURS]
NAMESPACE_REQUIRED = ["maven", "swift", "generic"]
NAMESPACE_FORBIDDEN = ["pypi", "nuget", "ruby", "cargo"]


def seed_flavour(
    ca: CodeArtifactMock, flavour: Flavour, versions: list[str], status: str = "Published"
) -> dict[str, str]:
    return seed(ca, flavour.package, versions, fmt=flavour.fmt, namespace=flavour.namespace, status=status)


# --- the three operations on every format -------------------------------------------------------------


@pytest.mark.parametrize("flavour", FLAVOURS, ids=IDS)
def test_full_lifecycle(codeartifact_mock: CodeArtifactMock, client: Any, flavour: Flavour) -> None:
    where = flavour.where
    revisions = seed_flavour(codeartifact_mock, flavour, ["1.0.0", "2.0.0", "3.0.0"])
    r1, r2, r3 = revisions["1.0.0"], revisions["2.0.0"], revisions["3.0.0"]
    assert asset_names(client, where, "2.0.0"), "every format's seeded version has assets"
    size = domain_asset_bytes(client)

    assert call(client, UPDATE, where, ["1.0.0", "2.0.0"], target="Unlisted") == ok(
        {"1.0.0": (r1, "Unlisted"), "2.0.0": (r2, "Unlisted")}
    )
    assert call(client, UPDATE, where, ["1.0.0"], target="Archived", expected="Unlisted") == ok(
        {"1.0.0": (r1, "Archived")}
    )
    assert call(client, UPDATE, where, ["1.0.0"], target="Published", revisions={"1.0.0": r1}) == ok(
        {"1.0.0": (r1, "Published")}
    )
    assert call(client, DISPOSE, where, ["2.0.0"], expected="Unlisted", revisions={"2.0.0": r2}) == ok(
        {"2.0.0": (r2, "Disposed")}
    )
    assert asset_names(client, where, "2.0.0") == []
    assert domain_asset_bytes(client) < size
    assert version_states(client, where) == {
        "1.0.0": ("Published", r1),
        "2.0.0": ("Disposed", r2),
        "3.0.0": ("Published", r3),
    }

    assert call(client, DELETE, where, ["2.0.0", "3.0.0"]) == ok(
        {"2.0.0": (r2, "Deleted"), "3.0.0": (r3, "Deleted")}
    )

    assert version_states(client, where) == {"1.0.0": ("Published", r1)}
    package = client.describe_package(**where)["package"]
    assert (package["format"], package.get("namespace"), package["name"]) == flavour


@pytest.mark.parametrize("operation", OPERATIONS)
@pytest.mark.parametrize("flavour", FLAVOURS, ids=IDS)
def test_failed_versions_on_every_format(
    codeartifact_mock: CodeArtifactMock, client: Any, flavour: Flavour, operation: str
) -> None:
    published = seed_flavour(codeartifact_mock, flavour, ["1.0.0"])
    unlisted = seed_flavour(codeartifact_mock, flavour, ["2.0.0"], status="Unlisted")
    before = version_states(client, flavour.where)

    missing = call(client, operation, flavour.where, ["1.0.0", "9.0.0"])
    mismatch = call(client, operation, flavour.where, ["1.0.0", "2.0.0"], expected="Published")

    assert missing == failed({"1.0.0": skipped("1.0.0"), "9.0.0": not_found("9.0.0")})
    assert mismatch == failed(
        {"1.0.0": skipped("1.0.0"), "2.0.0": mismatched_status("Unlisted", "Published")}
    )
    assert (
        version_states(client, flavour.where)
        == before
        == {
            "1.0.0": ("Published", published["1.0.0"]),
            "2.0.0": ("Unlisted", unlisted["2.0.0"]),
        }
    )


@pytest.mark.parametrize("operation", OPERATIONS)
@pytest.mark.parametrize("flavour", FLAVOURS, ids=IDS)
def test_missing_package_on_every_format(
    codeartifact_mock: CodeArtifactMock, client: Any, flavour: Flavour, operation: str
) -> None:
    seed_flavour(codeartifact_mock, flavour, ["1.0.0"])
    other = flavour._replace(package=flavour.package + "-other")

    with pytest.raises(client.exceptions.ResourceNotFoundException) as excinfo:
        call(client, operation, other.where, ["1.0.0"])

    assert excinfo.value.response["resourceType"] == "package"
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


# --- namespace rules ------------------------------------------------------------------------------------


@pytest.mark.parametrize("operation", OPERATIONS)
@pytest.mark.parametrize("fmt", NAMESPACE_REQUIRED)
def test_namespace_is_required(
    codeartifact_mock: CodeArtifactMock, client: Any, fmt: str, operation: str
) -> None:
    revision = codeartifact_mock.add_package_version(DOMAIN, REPO, fmt, "thing", "1.0.0", namespace="group")

    with pytest.raises(ClientError) as excinfo:
        call(client, operation, coordinates("thing", fmt=fmt), ["1.0.0"])

    validation_error(excinfo)
    assert version_states(client, coordinates("thing", fmt=fmt, namespace="group")) == {
        "1.0.0": ("Published", revision)
    }


@pytest.mark.parametrize("fmt", NAMESPACE_REQUIRED)
def test_seeding_without_a_required_namespace_is_refused(
    codeartifact_mock: CodeArtifactMock, client: Any, fmt: str
) -> None:
    with pytest.raises(ValueError):
        codeartifact_mock.add_package_version(DOMAIN, REPO, fmt, "thing", "1.0.0")


@pytest.mark.parametrize("operation", OPERATIONS)
@pytest.mark.parametrize("fmt", NAMESPACE_FORBIDDEN)
def test_namespace_is_rejected(
    codeartifact_mock: CodeArtifactMock, client: Any, fmt: str, operation: str
) -> None:
    revision = codeartifact_mock.add_package_version(DOMAIN, REPO, fmt, "thing", "1.0.0")

    with pytest.raises(ClientError) as excinfo:
        call(client, operation, coordinates("thing", fmt=fmt, namespace="group"), ["1.0.0"])

    validation_error(excinfo)
    assert version_states(client, coordinates("thing", fmt=fmt)) == {"1.0.0": ("Published", revision)}


@pytest.mark.parametrize("fmt", NAMESPACE_FORBIDDEN)
def test_seeding_with_a_forbidden_namespace_is_refused(
    codeartifact_mock: CodeArtifactMock, client: Any, fmt: str
) -> None:
    with pytest.raises(ValueError):
        codeartifact_mock.add_package_version(DOMAIN, REPO, fmt, "thing", "1.0.0", namespace="group")


@pytest.mark.parametrize("operation", OPERATIONS)
def test_npm_namespace_is_optional_and_part_of_the_identity(
    codeartifact_mock: CodeArtifactMock, client: Any, operation: str
) -> None:
    """``chalk`` and ``@acme/chalk`` are two packages: acting on one leaves the other alone."""
    unscoped = seed(codeartifact_mock, "chalk", ["1.0.0"])
    scoped = seed(codeartifact_mock, "chalk", ["1.0.0"], namespace="acme")
    acme_chalk = coordinates("chalk", namespace="acme")

    response = call(client, operation, acme_chalk, ["1.0.0"])

    assert response == ok({"1.0.0": (scoped["1.0.0"], RESULT_STATUS[operation])})
    assert version_states(client, coordinates("chalk")) == {"1.0.0": ("Published", unscoped["1.0.0"])}
    assert describe(client, coordinates("chalk"), "1.0.0")["displayName"] == "chalk"


@pytest.mark.parametrize("operation", OPERATIONS)
@pytest.mark.parametrize("fmt", NAMESPACE_REQUIRED)
def test_namespace_is_part_of_the_identity(
    codeartifact_mock: CodeArtifactMock, client: Any, fmt: str, operation: str
) -> None:
    first = seed(codeartifact_mock, "thing", ["1.0.0"], fmt=fmt, namespace="one")
    second = seed(codeartifact_mock, "thing", ["1.0.0"], fmt=fmt, namespace="two")

    response = call(client, operation, coordinates("thing", fmt=fmt, namespace="one"), ["1.0.0"])

    assert response == ok({"1.0.0": (first["1.0.0"], RESULT_STATUS[operation])})
    assert version_states(client, coordinates("thing", fmt=fmt, namespace="two")) == {
        "1.0.0": ("Published", second["1.0.0"])
    }
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        call(client, operation, coordinates("thing", fmt=fmt, namespace="three"), ["1.0.0"])


# --- NuGet normalisation ----------------------------------------------------------------------------------


def test_nuget_seeded_name_and_version_are_normalised(
    codeartifact_mock: CodeArtifactMock, client: Any
) -> None:
    """Seeding ``Newtonsoft.Json`` 1.00.0, then updating ``newtonsoft.json`` 1.0.0."""
    revision = codeartifact_mock.add_package_version(DOMAIN, REPO, "nuget", "Newtonsoft.Json", "1.00.0")
    where = coordinates("newtonsoft.json", fmt="nuget")

    response = call(client, UPDATE, where, ["1.0.0"], target="Unlisted")

    assert response == ok({"1.0.0": (revision, "Unlisted")})
    assert version_states(client, where) == {"1.0.0": ("Unlisted", revision)}
    description = describe(client, where, "1.0.0")
    assert description["packageName"] == "newtonsoft.json"
    assert description["displayName"] == "Newtonsoft.Json"


@pytest.mark.parametrize("operation", OPERATIONS)
@pytest.mark.parametrize(
    ("name", "version"),
    [
        ("Newtonsoft.Json", "1.0.0"),
        ("NEWTONSOFT.JSON", "1.0.0"),
        ("newtonsoft.json", "1.00.0"),
        ("newtonsoft.json", "01.0.00"),
        ("newtonsoft.json", "1.0.0.0"),
        ("newtonsoft.json", "1.0.0+build.7"),
        ("Newtonsoft.Json", "1.00.0.0"),
    ],
)
def test_nuget_request_name_and_version_are_normalised(
    codeartifact_mock: CodeArtifactMock, client: Any, operation: str, name: str, version: str
) -> None:
    revision = codeartifact_mock.add_package_version(DOMAIN, REPO, "nuget", "newtonsoft.json", "1.0.0")

    response = call(client, operation, coordinates(name, fmt="nuget"), [version])

    assert response["failedVersions"] == {}
    assert list(response["successfulVersions"].values()) == [
        {"revision": revision, "status": RESULT_STATUS[operation]}
    ]
    after = version_states(client, coordinates("newtonsoft.json", fmt="nuget"))
    assert after == ({} if operation == DELETE else {"1.0.0": (RESULT_STATUS[operation], revision)})


def test_nuget_four_part_and_build_metadata_versions_are_normalised_when_seeded(
    codeartifact_mock: CodeArtifactMock, client: Any
) -> None:
    four_part = codeartifact_mock.add_package_version(DOMAIN, REPO, "nuget", "serilog", "2.0.0.0")
    with_build = codeartifact_mock.add_package_version(DOMAIN, REPO, "nuget", "serilog", "3.1.0+sha.abc")
    kept = codeartifact_mock.add_package_version(DOMAIN, REPO, "nuget", "serilog", "4.0.0.1")
    where = coordinates("serilog", fmt="nuget")

    assert version_states(client, where) == {
        "2.0.0": ("Published", four_part),
        "3.1.0": ("Published", with_build),
        "4.0.0.1": ("Published", kept),
    }
    assert call(client, DISPOSE, where, ["2.0.0", "3.1.0", "4.0.0.1"]) == ok(
        {"2.0.0": (four_part, "Disposed"), "3.1.0": (with_build, "Disposed"), "4.0.0.1": (kept, "Disposed")}
    )


def test_nuget_missing_version_is_not_found_under_either_spelling(
    codeartifact_mock: CodeArtifactMock, client: Any
) -> None:
    revision = codeartifact_mock.add_package_version(DOMAIN, REPO, "nuget", "newtonsoft.json", "1.0.0")
    where = coordinates("Newtonsoft.Json", fmt="nuget")

    response = call(client, UPDATE, where, ["2.00.0"], target="Archived")

    assert response["successfulVersions"] == {}
    [(key, entry)] = response["failedVersions"].items()
    assert key in ("2.00.0", "2.0.0")
    assert entry["errorCode"] == "NOT_FOUND"
    assert entry["errorMessage"] in ("Could not find version 2.00.0", "Could not find version 2.0.0")
    assert version_states(client, coordinates("newtonsoft.json", fmt="nuget")) == {
        "1.0.0": ("Published", revision)
    }


# --- Swift normalisation ----------------------------------------------------------------------------------


@pytest.mark.parametrize("operation", OPERATIONS)
@pytest.mark.parametrize(
    ("namespace", "name"), [("apple", "swift-nio"), ("Apple", "Swift-NIO"), ("APPLE", "swift-nio")]
)
def test_swift_request_name_and_namespace_are_normalised(
    codeartifact_mock: CodeArtifactMock, client: Any, operation: str, namespace: str, name: str
) -> None:
    revision = codeartifact_mock.add_package_version(
        DOMAIN, REPO, "swift", "Swift-NIO", "2.40.0", namespace="Apple"
    )
    stored = coordinates("swift-nio", fmt="swift", namespace="apple")
    assert status_and_revision(client, stored, "2.40.0") == ("Published", revision)

    response = call(client, operation, coordinates(name, fmt="swift", namespace=namespace), ["2.40.0"])

    assert response == ok({"2.40.0": (revision, RESULT_STATUS[operation])})
    after = version_states(client, stored)
    assert after == ({} if operation == DELETE else {"2.40.0": (RESULT_STATUS[operation], revision)})


# --- no normalisation for the other formats --------------------------------------------------------------


def test_pypi_api_input_is_not_normalised(codeartifact_mock: CodeArtifactMock, client: Any) -> None:
    """The stored name is normalised; API callers must send it that way."""
    revision = codeartifact_mock.add_package_version(DOMAIN, REPO, "pypi", "My_Package.Name", "1.0.0")

    with pytest.raises(client.exceptions.ResourceNotFoundException):
        call(client, UPDATE, coordinates("My_Package.Name", fmt="pypi"), ["1.0.0"])
    response = call(client, UPDATE, coordinates("my-package-name", fmt="pypi"), ["1.0.0"])

    assert response == ok({"1.0.0": (revision, "Archived")})


@pytest.mark.parametrize(
    ("fmt", "namespace"),
    [("npm", None), ("maven", "org.example"), ("generic", "tools"), ("ruby", None), ("cargo", None)],
)
def test_other_formats_are_case_sensitive(
    codeartifact_mock: CodeArtifactMock, client: Any, fmt: str, namespace: Optional[str]
) -> None:
    revision = codeartifact_mock.add_package_version(DOMAIN, REPO, fmt, "MyPkg", "1.0.0", namespace=namespace)

    with pytest.raises(client.exceptions.ResourceNotFoundException):
        call(client, DELETE, coordinates("mypkg", fmt=fmt, namespace=namespace), ["1.0.0"])

    assert version_states(client, coordinates("MyPkg", fmt=fmt, namespace=namespace)) == {
        "1.0.0": ("Published", revision)
    }
    # Versions are not normalised either: 1.00.0 is another version.
    response = call(client, DELETE, coordinates("MyPkg", fmt=fmt, namespace=namespace), ["1.00.0"])
    assert response == failed({"1.00.0": not_found("1.00.0")})
