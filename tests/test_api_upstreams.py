"""UpdateRepository, upstream rules, external connections, version origins, and the APIs that ignore
upstream repositories (user guide: "Working with upstream repositories", "Upstream repository API
behavior", "Connect a CodeArtifact repository to a public repository", "Editing package origin controls")."""

from __future__ import annotations

import re
from typing import Any

import pytest

from codeartifact_mock import CodeArtifactMock
from codeartifact_mock.backend.connections import EXTERNAL_CONNECTIONS
from codeartifact_mock.wire import operation

DOMAIN = "dom"
NPM = {"domain": DOMAIN, "format": "npm", "package": "lodash"}


def _repos(client: Any, *names: str) -> None:
    client.create_domain(domain=DOMAIN)
    for name in names:
        client.create_repository(domain=DOMAIN, repository=name)


def _upstreams(client: Any, repository: str) -> list[str]:
    described = client.describe_repository(domain=DOMAIN, repository=repository)["repository"]
    return [upstream["repositoryName"] for upstream in described["upstreams"]]


def _set_upstreams(client: Any, repository: str, *names: str) -> dict[str, Any]:
    upstreams = [{"repositoryName": name} for name in names]
    return client.update_repository(  # type: ignore[no-any-return]
        domain=DOMAIN, repository=repository, upstreams=upstreams
    )["repository"]


# -- UpdateRepository ------------------------------------------------------------------------------


def test_update_repository_sets_upstreams_in_priority_order(client: Any) -> None:
    _repos(client, "my_repo", "upstream-1", "upstream-2", "upstream-3")
    updated = _set_upstreams(client, "my_repo", "upstream-2", "upstream-3", "upstream-1")
    expected = [{"repositoryName": n} for n in ("upstream-2", "upstream-3", "upstream-1")]
    assert updated["upstreams"] == expected
    assert updated["name"] == "my_repo"
    assert updated["externalConnections"] == []
    assert _upstreams(client, "my_repo") == ["upstream-2", "upstream-3", "upstream-1"]


def test_update_repository_replaces_and_clears_the_list(client: Any) -> None:
    _repos(client, "my_repo", "repo-a", "repo-b", "repo-c")
    _set_upstreams(client, "my_repo", "repo-a", "repo-b")
    assert _set_upstreams(client, "my_repo", "repo-c")["upstreams"] == [{"repositoryName": "repo-c"}]
    assert _upstreams(client, "my_repo") == ["repo-c"]
    assert _set_upstreams(client, "my_repo")["upstreams"] == []
    assert _upstreams(client, "my_repo") == []


def test_update_repository_description_only_keeps_upstreams(client: Any) -> None:
    _repos(client, "my_repo", "repo-a")
    _set_upstreams(client, "my_repo", "repo-a")
    updated = client.update_repository(domain=DOMAIN, repository="my_repo", description="team packages")
    assert updated["repository"]["description"] == "team packages"
    assert updated["repository"]["upstreams"] == [{"repositoryName": "repo-a"}]
    described = client.describe_repository(domain=DOMAIN, repository="my_repo")["repository"]
    assert described["description"] == "team packages"
    # and an update of the upstreams only keeps the description
    _set_upstreams(client, "my_repo")
    assert client.describe_repository(domain=DOMAIN, repository="my_repo")["repository"]["description"] == (
        "team packages"
    )
    summaries = client.list_repositories_in_domain(domain=DOMAIN)["repositories"]
    assert {s["name"]: s.get("description") for s in summaries}["my_repo"] == "team packages"


def test_upstream_links_keep_downstream_bookkeeping(client: Any) -> None:
    """A repository that is someone's upstream cannot be deleted; once unlinked, it can."""
    _repos(client, "my_repo", "repo-a", "repo-b")
    _set_upstreams(client, "my_repo", "repo-a")
    with pytest.raises(client.exceptions.ConflictException):
        client.delete_repository(domain=DOMAIN, repository="repo-a")
    _set_upstreams(client, "my_repo", "repo-b")  # a is released, b is now held
    client.delete_repository(domain=DOMAIN, repository="repo-a")
    with pytest.raises(client.exceptions.ConflictException):
        client.delete_repository(domain=DOMAIN, repository="repo-b")
    client.delete_repository(domain=DOMAIN, repository="my_repo")  # deleting the downstream frees b
    client.delete_repository(domain=DOMAIN, repository="repo-b")
    assert client.describe_domain(domain=DOMAIN)["domain"]["repositoryCount"] == 0


def test_update_repository_with_missing_upstream_changes_nothing(client: Any) -> None:
    _repos(client, "my_repo", "repo-a")
    _set_upstreams(client, "my_repo", "repo-a")
    with pytest.raises(client.exceptions.ResourceNotFoundException) as excinfo:
        _set_upstreams(client, "my_repo", "repo-a", "ghost")
    response = excinfo.value.response
    assert (response["resourceType"], response["resourceId"]) == ("repository", "ghost")
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 404
    assert _upstreams(client, "my_repo") == ["repo-a"]


def test_update_missing_repository_is_not_found(client: Any) -> None:
    _repos(client)
    with pytest.raises(client.exceptions.ResourceNotFoundException) as excinfo:
        client.update_repository(domain=DOMAIN, repository="ghost", description="repo-x")
    assert (excinfo.value.response["resourceType"], excinfo.value.response["resourceId"]) == (
        "repository",
        "ghost",
    )
    with pytest.raises(client.exceptions.ResourceNotFoundException) as excinfo:
        client.update_repository(domain="no-domain", repository="ghost", description="repo-x")
    assert excinfo.value.response["resourceType"] == "domain"


@pytest.mark.parametrize("how", ["create", "update"])
def test_a_repository_cannot_be_its_own_upstream(client: Any, how: str) -> None:
    _repos(client, "repo-a")
    with pytest.raises(client.exceptions.ValidationException, match="cannot be an upstream repository of"):
        if how == "create":
            client.create_repository(domain=DOMAIN, repository="me", upstreams=[{"repositoryName": "me"}])
        else:
            _set_upstreams(client, "repo-a", "repo-a")
    assert _upstreams(client, "repo-a") == []
    assert client.describe_domain(domain=DOMAIN)["domain"]["repositoryCount"] == 1


@pytest.mark.parametrize("how", ["create", "update"])
def test_at_most_ten_direct_upstreams(client: Any, how: str) -> None:
    names = [f"up-{index}" for index in range(11)]
    _repos(client, "my_repo", *names)
    ten = [{"repositoryName": name} for name in names[:10]]
    eleven = [{"repositoryName": name} for name in names]
    with pytest.raises(client.exceptions.ServiceQuotaExceededException) as excinfo:
        if how == "create":
            client.create_repository(domain=DOMAIN, repository="new", upstreams=eleven)
        else:
            client.update_repository(domain=DOMAIN, repository="my_repo", upstreams=eleven)
    response = excinfo.value.response
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 402
    assert response["resourceType"] == "repository"
    assert "more than 10 upstream repositories" in response["message"]
    if how == "create":
        created = client.create_repository(domain=DOMAIN, repository="new", upstreams=ten)["repository"]
        assert created["upstreams"] == ten
    else:
        assert (
            client.update_repository(domain=DOMAIN, repository="my_repo", upstreams=ten)["repository"][
                "upstreams"
            ]
            == ten
        )


def test_duplicate_upstreams_are_rejected(client: Any) -> None:
    _repos(client, "my_repo", "repo-a")
    with pytest.raises(client.exceptions.ValidationException, match="duplicates"):
        _set_upstreams(client, "my_repo", "repo-a", "repo-a")
    assert _upstreams(client, "my_repo") == []


def test_cycles_are_allowed(client: Any) -> None:
    """AWS documents no error for cyclic upstreams; a search visits each repository once."""
    _repos(client, "repo-a", "repo-b")
    _set_upstreams(client, "repo-a", "repo-b")
    _set_upstreams(client, "repo-b", "repo-a")
    assert _upstreams(client, "repo-a") == ["repo-b"] and _upstreams(client, "repo-b") == ["repo-a"]


def test_create_repository_keeps_upstream_order(client: Any) -> None:
    _repos(client, "repo-x", "repo-y", "repo-z")
    upstreams = [{"repositoryName": n} for n in ("repo-z", "repo-x", "repo-y")]
    created = client.create_repository(domain=DOMAIN, repository="mine", upstreams=upstreams)["repository"]
    assert created["upstreams"] == upstreams
    assert _upstreams(client, "mine") == ["repo-z", "repo-x", "repo-y"]


# -- External connections --------------------------------------------------------------------------


def test_connection_table_matches_the_service_model() -> None:
    documented = operation("AssociateExternalConnection").input_shape.members["externalConnection"]
    names = set(re.findall(r"<code>(public:[^<]+)</code>", documented.documentation))
    assert names == set(EXTERNAL_CONNECTIONS)


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("public:npmjs", "npm"),
        ("public:pypi", "pypi"),
        ("public:maven-central", "maven"),
        ("public:maven-googleandroid", "maven"),
        ("public:maven-gradleplugins", "maven"),
        ("public:maven-commonsware", "maven"),
        ("public:maven-clojars", "maven"),
        ("public:nuget-org", "nuget"),
        ("public:ruby-gems-org", "ruby"),
        ("public:crates-io", "cargo"),
    ],
)
def test_associate_external_connection(client: Any, name: str, fmt: str) -> None:
    _repos(client, "store")
    repository = client.associate_external_connection(
        domain=DOMAIN, repository="store", externalConnection=name
    )["repository"]
    connection = {"externalConnectionName": name, "packageFormat": fmt, "status": "AVAILABLE"}
    assert repository["externalConnections"] == [connection]
    assert repository["name"] == "store"
    described = client.describe_repository(domain=DOMAIN, repository="store")["repository"]
    assert described["externalConnections"] == [connection]


def test_external_connection_status_is_upper_case_as_the_service_sends_it(client: Any) -> None:
    """Every answer that carries a connection's status says ``AVAILABLE``, not botocore's enum ``Available``.

    The service sends upper case: AWS's own AWS CLI example for associate-external-connection
    (awscli/examples/codeartifact/associate-external-connection.rst) prints ``"status": "AVAILABLE"``, and the
    Terraform AWS provider's acceptance test against the real service (TestAccCodeArtifactRepository_
    externalConnection, internal/service/codeartifact/repository_test.go) asserts
    ``external_connections.0.status == "AVAILABLE"``. Of the six operations whose output can carry it,
    CreateRepository cannot have a connection yet and DisassociateExternalConnection has just removed it.
    """
    _repos(client, "store")
    answers = {
        "AssociateExternalConnection": client.associate_external_connection(
            domain=DOMAIN, repository="store", externalConnection="public:pypi"
        ),
        "DescribeRepository": client.describe_repository(domain=DOMAIN, repository="store"),
        "UpdateRepository": client.update_repository(domain=DOMAIN, repository="store", description="d"),
        "DeleteRepository": client.delete_repository(domain=DOMAIN, repository="store"),
    }
    for name, answer in answers.items():
        assert [c["status"] for c in answer["repository"]["externalConnections"]] == ["AVAILABLE"], name


def test_unknown_external_connection_is_rejected(client: Any) -> None:
    _repos(client, "store")
    with pytest.raises(client.exceptions.ValidationException) as excinfo:
        client.associate_external_connection(
            domain=DOMAIN, repository="store", externalConnection="public:npm"
        )
    assert "public:npm" in excinfo.value.response["message"]
    assert "public:npmjs" in excinfo.value.response["message"]  # names the valid ones
    described = client.describe_repository(domain=DOMAIN, repository="store")["repository"]
    assert described["externalConnections"] == []


@pytest.mark.parametrize("second", ["public:pypi", "public:npmjs"])
def test_only_one_external_connection_per_repository(client: Any, second: str) -> None:
    _repos(client, "store")
    client.associate_external_connection(domain=DOMAIN, repository="store", externalConnection="public:npmjs")
    with pytest.raises(client.exceptions.ValidationException) as excinfo:
        client.associate_external_connection(domain=DOMAIN, repository="store", externalConnection=second)
    assert (
        excinfo.value.response["message"] == "ExternalConnections for repositories are currently limited to 1"
    )
    described = client.describe_repository(domain=DOMAIN, repository="store")["repository"]
    assert [c["externalConnectionName"] for c in described["externalConnections"]] == ["public:npmjs"]


def test_disassociate_external_connection(client: Any) -> None:
    _repos(client, "store")
    client.associate_external_connection(domain=DOMAIN, repository="store", externalConnection="public:pypi")
    with pytest.raises(client.exceptions.ResourceNotFoundException) as excinfo:  # not the one it has
        client.disassociate_external_connection(
            domain=DOMAIN, repository="store", externalConnection="public:npmjs"
        )
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404
    removed = client.disassociate_external_connection(
        domain=DOMAIN, repository="store", externalConnection="public:pypi"
    )["repository"]
    assert removed["externalConnections"] == []
    assert (
        client.describe_repository(domain=DOMAIN, repository="store")["repository"]["externalConnections"]
        == []
    )
    with pytest.raises(client.exceptions.ResourceNotFoundException, match="public:pypi"):
        client.disassociate_external_connection(
            domain=DOMAIN, repository="store", externalConnection="public:pypi"
        )
    # a new connection can be added once the old one is gone
    client.associate_external_connection(domain=DOMAIN, repository="store", externalConnection="public:npmjs")


@pytest.mark.parametrize("op", ["associate_external_connection", "disassociate_external_connection"])
def test_external_connection_on_missing_repository(client: Any, op: str) -> None:
    _repos(client)
    with pytest.raises(client.exceptions.ResourceNotFoundException) as excinfo:
        getattr(client, op)(domain=DOMAIN, repository="ghost", externalConnection="public:npmjs")
    assert excinfo.value.response["resourceType"] == "repository"
    with pytest.raises(client.exceptions.ResourceNotFoundException) as excinfo:
        getattr(client, op)(domain="no-domain", repository="ghost", externalConnection="public:npmjs")
    assert excinfo.value.response["resourceType"] == "domain"


def test_upstreams_and_an_external_connection_together(client: Any) -> None:
    _repos(client, "my_repo", "repo-a")
    _set_upstreams(client, "my_repo", "repo-a")
    client.associate_external_connection(
        domain=DOMAIN, repository="my_repo", externalConnection="public:npmjs"
    )
    described = client.describe_repository(domain=DOMAIN, repository="my_repo")["repository"]
    assert described["upstreams"] == [{"repositoryName": "repo-a"}]
    assert described["externalConnections"][0]["externalConnectionName"] == "public:npmjs"
    assert _set_upstreams(client, "my_repo")["externalConnections"] == described["externalConnections"]


# -- Version origin --------------------------------------------------------------------------------


def _origin(client: Any, repository: str, version: str, **coordinates: Any) -> dict[str, Any]:
    coordinates = coordinates or NPM
    described = client.describe_package_version(repository=repository, packageVersion=version, **coordinates)
    return described["packageVersion"]["origin"]  # type: ignore[no-any-return]


def test_seeded_origins(client: Any, codeartifact_mock: CodeArtifactMock) -> None:
    codeartifact_mock.add_package_version(
        DOMAIN, "npm-store", "npm", "lodash", "4.17.20", origin="public:npmjs"
    )
    codeartifact_mock.add_package_version(DOMAIN, "my_repo", "npm", "lodash", "4.17.21", origin="team_repo")
    codeartifact_mock.add_package_version(DOMAIN, "my_repo", "npm", "lodash", "4.17.22", origin="my_repo")
    codeartifact_mock.add_package_version(DOMAIN, "my_repo", "npm", "lodash", "4.17.23")
    external = {"domainEntryPoint": {"externalConnectionName": "public:npmjs"}, "originType": "EXTERNAL"}
    assert _origin(client, "npm-store", "4.17.20") == external
    assert _origin(client, "my_repo", "4.17.21") == {
        "domainEntryPoint": {"repositoryName": "team_repo"},
        "originType": "INTERNAL",
    }
    here = {"domainEntryPoint": {"repositoryName": "my_repo"}, "originType": "INTERNAL"}
    assert _origin(client, "my_repo", "4.17.22") == here
    assert _origin(client, "my_repo", "4.17.23") == here
    listed = client.list_package_versions(repository="npm-store", **NPM)["versions"]
    assert [v["origin"] for v in listed] == [external]


def test_a_package_first_ingested_from_a_public_source_blocks_publishing(
    client: Any, codeartifact_mock: CodeArtifactMock
) -> None:
    codeartifact_mock.add_package_version(
        DOMAIN, "npm-store", "npm", "lodash", "1.0.0", origin="public:npmjs"
    )
    codeartifact_mock.add_package_version(DOMAIN, "npm-store", "npm", "mine", "1.0.0")
    restrictions = {
        p["package"]: p["originConfiguration"]["restrictions"]
        for p in client.list_packages(domain=DOMAIN, repository="npm-store")["packages"]
    }
    assert restrictions == {
        "lodash": {"publish": "BLOCK", "upstream": "ALLOW"},
        "mine": {"publish": "ALLOW", "upstream": "BLOCK"},
    }
    blocked = client.list_packages(domain=DOMAIN, repository="npm-store", publish="BLOCK")["packages"]
    assert [p["package"] for p in blocked] == ["lodash"]
    # later versions do not change what the first one set
    codeartifact_mock.add_package_version(DOMAIN, "npm-store", "npm", "mine", "2.0.0", origin="public:npmjs")
    described = client.describe_package(domain=DOMAIN, repository="npm-store", format="npm", package="mine")
    assert described["package"]["originConfiguration"]["restrictions"] == {
        "publish": "ALLOW",
        "upstream": "BLOCK",
    }


@pytest.mark.parametrize(
    ("origin", "fmt", "message"),
    [
        ("public:npm", "npm", "Invalid external connection name: public:npm"),
        ("public:pypi", "npm", "serves pypi packages, not npm packages"),
        ("bad/repo", "npm", "at 'origin' failed to satisfy constraint"),
        ("x", "npm", "at 'origin' failed to satisfy constraint"),
    ],
)
def test_invalid_seeded_origin(
    client: Any, codeartifact_mock: CodeArtifactMock, origin: str, fmt: str, message: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        codeartifact_mock.add_package_version(DOMAIN, "my_repo", fmt, "lodash", "1.0.0", origin=origin)
    assert client.list_domains()["domains"] == []


def test_list_package_versions_origin_type_filter(client: Any, codeartifact_mock: CodeArtifactMock) -> None:
    for index in range(5):
        codeartifact_mock.add_package_version(DOMAIN, "my_repo", "npm", "lodash", f"1.0.{index}")
        codeartifact_mock.add_package_version(
            DOMAIN, "my_repo", "npm", "lodash", f"2.0.{index}", origin="public:npmjs"
        )

    def versions(origin_type: str, **kw: Any) -> list[str]:
        listed = client.list_package_versions(repository="my_repo", originType=origin_type, **NPM, **kw)
        return [v["version"] for v in listed["versions"]]

    assert versions("INTERNAL") == [f"1.0.{i}" for i in reversed(range(5))]
    assert versions("EXTERNAL") == [f"2.0.{i}" for i in reversed(range(5))]
    assert versions("UNKNOWN") == []
    assert versions("EXTERNAL", status="Published") == [f"2.0.{i}" for i in reversed(range(5))]
    assert versions("EXTERNAL", status="Archived") == []
    paginator = client.get_paginator("list_package_versions")
    pages = list(
        paginator.paginate(
            repository="my_repo", originType="EXTERNAL", **NPM, PaginationConfig={"PageSize": 2}
        )
    )
    assert [len(page["versions"]) for page in pages] == [2, 2, 1]
    assert [v["version"] for page in pages for v in page["versions"]] == [
        f"2.0.{i}" for i in reversed(range(5))
    ]


# -- APIs that ignore upstream repositories --------------------------------------------------------


def test_package_apis_ignore_upstream_repositories(client: Any, codeartifact_mock: CodeArtifactMock) -> None:
    """Upstream repository API behavior: these APIs only look at the repository they are given."""
    codeartifact_mock.add_package_version(DOMAIN, "upstream-repo", "npm", "lodash", "4.17.20")
    codeartifact_mock.add_package_version(DOMAIN, "upstream-repo", "npm", "chalk", "1.0.0")
    codeartifact_mock.add_package_version(DOMAIN, "target-repo", "npm", "chalk", "2.0.0")
    _set_upstreams(client, "target-repo", "upstream-repo")
    target = {"domain": DOMAIN, "repository": "target-repo", "format": "npm"}

    # the package exists only upstream: ResourceNotFoundException
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.describe_package_version(**target, package="lodash", packageVersion="4.17.20")
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.list_package_versions(**target, package="lodash")
    for op in ("update_package_versions_status", "dispose_package_versions", "delete_package_versions"):
        extra = {"targetStatus": "Archived"} if op.startswith("update") else {}
        with pytest.raises(client.exceptions.ResourceNotFoundException):
            getattr(client, op)(**target, package="lodash", versions=["4.17.20"], **extra)
    assert [
        p["package"] for p in client.list_packages(domain=DOMAIN, repository="target-repo")["packages"]
    ] == ["chalk"]

    # the package exists in both, the version only upstream: listed nowhere here, NOT_FOUND in batches
    assert [v["version"] for v in client.list_package_versions(**target, package="chalk")["versions"]] == [
        "2.0.0"
    ]
    for op in ("update_package_versions_status", "dispose_package_versions", "delete_package_versions"):
        extra = {"targetStatus": "Archived"} if op.startswith("update") else {}
        result = getattr(client, op)(**target, package="chalk", versions=["1.0.0"], **extra)
        assert result["failedVersions"]["1.0.0"]["errorCode"] == "NOT_FOUND"
    upstream_status = client.describe_package_version(
        domain=DOMAIN, repository="upstream-repo", format="npm", package="chalk", packageVersion="1.0.0"
    )["packageVersion"]["status"]
    assert upstream_status == "Published"  # untouched
