"""The retention example (examples/retention.py), run against the mock through the fixture.

The policy, as the example documents it: each run moves a version at most one step, judged on the status
it had when the run started. Published versions beyond the newest ``keep`` (by publish time) and Unlisted
ones become Archived; versions Archived before the run become Disposed; versions Disposed before the run
are deleted; Unfinished versions and the kept ones are not touched. So a version that falls out of
retention is deleted on the third run, and once everything has drained a run changes nothing.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Callable, Optional

import boto3
import pytest
from owner_policies import owner_allows

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "retention.py"


def _load_example() -> Any:
    spec = importlib.util.spec_from_file_location("retention_example", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # TypedDict and friends look their module up by name
    spec.loader.exec_module(module)
    return module


retention = _load_example()

Key = tuple[str, Optional[str], str, str]  # (format, namespace, package, version)

# (format, namespace, package, [(version, status)] in publish order, oldest first)
SEED: list[tuple[str, Optional[str], str, list[tuple[str, str]]]] = [
    ("npm", None, "left-pad", [(f"1.{minor}.0", "Published") for minor in range(5)]),
    (
        "npm",
        "acme",
        "ui",
        [
            ("2.0.0", "Disposed"),
            ("2.1.0", "Archived"),
            ("2.2.0", "Unlisted"),
            ("3.0.0", "Published"),
            ("3.1.0", "Published"),
            ("3.2.0", "Published"),
            ("3.3.0", "Published"),
        ],
    ),
    ("pypi", None, "acme-client", [("0.9.0", "Archived"), ("1.0.0", "Published"), ("1.1.0", "Published")]),
    (
        "maven",
        "com.acme",
        "core",
        [
            ("1.0.0", "Disposed"),
            ("1.1.0", "Archived"),
            ("1.2.0", "Published"),
            ("1.3.0", "Published"),
            ("1.4.0", "Published"),
            ("2.0.0", "Published"),
            ("2.1.0", "Unfinished"),
        ],
    ),
    # Publish time, not version order, decides what is newest: 1.0.0 is the oldest publish, so it goes.
    (
        "generic",
        "tools",
        "cli",
        [("1.0.0", "Published"), ("3.0.0", "Published"), ("2.0.0", "Published"), ("0.5.0", "Published")],
    ),
    ("cargo", None, "old-crate", [("0.1.0", "Disposed")]),
]

LP, UI, PY, MVN, GEN, CRATE = (
    ("npm", None, "left-pad"),
    ("npm", "acme", "ui"),
    ("pypi", None, "acme-client"),
    ("maven", "com.acme", "core"),
    ("generic", "tools", "cli"),
    ("cargo", None, "old-crate"),
)

KEPT = {
    LP: ["1.2.0", "1.3.0", "1.4.0"],
    UI: ["3.1.0", "3.2.0", "3.3.0"],
    PY: ["1.0.0", "1.1.0"],
    MVN: ["1.3.0", "1.4.0", "2.0.0"],
    GEN: ["3.0.0", "2.0.0", "0.5.0"],
}


def seed(
    ca: Any, packages: list[tuple[str, Optional[str], str, list[tuple[str, str]]]] = SEED, **kw: Any
) -> None:
    for fmt, namespace, package, versions in packages:
        for version, status in versions:
            ca.add_package_version(
                "acme", "releases", fmt, package, version, namespace=namespace, status=status, **kw
            )


def statuses(client: Any, **scope: Any) -> dict[Key, str]:
    """Every version in acme/releases and its status, read back through the API."""
    found: dict[Key, str] = {}
    for page in client.get_paginator("list_packages").paginate(domain="acme", repository="releases", **scope):
        for package in page["packages"]:
            coordinates = {"format": package["format"], "package": package["package"]}
            if "namespace" in package:
                coordinates["namespace"] = package["namespace"]
            pages = client.get_paginator("list_package_versions").paginate(
                domain="acme", repository="releases", **coordinates, **scope
            )
            for version_page in pages:
                for version in version_page["versions"]:
                    key = (
                        package["format"],
                        package.get("namespace"),
                        package["package"],
                        version["version"],
                    )
                    found[key] = version["status"]
    return found


def expected(*changes: tuple[tuple[str, Optional[str], str], str, Optional[str]]) -> dict[Key, str]:
    """The seeded statuses with ``changes`` applied: (package, version, new status or None for deleted)."""
    state: dict[Key, str] = {
        (fmt, namespace, package, version): status
        for fmt, namespace, package, versions in SEED
        for version, status in versions
    }
    for (fmt, namespace, package), version, status in changes:
        key = (fmt, namespace, package, version)
        assert key in state, key
        if status is None:
            del state[key]
        else:
            state[key] = status
    return state


def refs(summary_list: list[dict[str, Any]]) -> set[Key]:
    return {(ref["format"], ref["namespace"], ref["package"], ref["version"]) for ref in summary_list}


def keys(*versions: tuple[tuple[str, Optional[str], str], str]) -> set[Key]:
    return {(*package, version) for package, version in versions}


AFTER_FIRST_RUN = [
    (LP, "1.0.0", "Archived"),
    (LP, "1.1.0", "Archived"),
    (UI, "2.0.0", None),
    (UI, "2.1.0", "Disposed"),
    (UI, "2.2.0", "Archived"),
    (UI, "3.0.0", "Archived"),
    (PY, "0.9.0", "Disposed"),
    (MVN, "1.0.0", None),
    (MVN, "1.1.0", "Disposed"),
    (MVN, "1.2.0", "Archived"),
    (GEN, "1.0.0", "Archived"),
    (CRATE, "0.1.0", None),
]
AFTER_SECOND_RUN = [
    (LP, "1.0.0", "Disposed"),
    (LP, "1.1.0", "Disposed"),
    (UI, "2.0.0", None),
    (UI, "2.1.0", None),
    (UI, "2.2.0", "Disposed"),
    (UI, "3.0.0", "Disposed"),
    (PY, "0.9.0", None),
    (MVN, "1.0.0", None),
    (MVN, "1.1.0", None),
    (MVN, "1.2.0", "Disposed"),
    (GEN, "1.0.0", "Disposed"),
    (CRATE, "0.1.0", None),
]
AFTER_THIRD_RUN = [(package, version, None) for package, version, _ in AFTER_FIRST_RUN]


@pytest.fixture
def client(codeartifact_mock: Any) -> Any:
    return boto3.client("codeartifact", region_name="us-east-1")


def test_first_run_moves_each_version_one_step(codeartifact_mock: Any, client: Any) -> None:
    seed(codeartifact_mock)

    summary = retention.apply_retention(client, "acme", "releases", keep=3)

    assert statuses(client) == expected(*AFTER_FIRST_RUN)
    assert refs(summary["kept"]) == {
        (*package, version) for package, versions in KEPT.items() for version in versions
    }
    assert refs(summary["archived"]) == keys(
        (LP, "1.0.0"), (LP, "1.1.0"), (UI, "2.2.0"), (UI, "3.0.0"), (MVN, "1.2.0"), (GEN, "1.0.0")
    )
    assert refs(summary["disposed"]) == keys((UI, "2.1.0"), (PY, "0.9.0"), (MVN, "1.1.0"))
    assert refs(summary["deleted"]) == keys((UI, "2.0.0"), (MVN, "1.0.0"), (CRATE, "0.1.0"))
    assert summary["failed"] == []


def test_a_package_whose_last_version_is_deleted_stays_listed_and_empty(
    codeartifact_mock: Any, client: Any
) -> None:
    seed(codeartifact_mock, [("cargo", None, "old-crate", [("0.1.0", "Disposed")])])

    retention.apply_retention(client, "acme", "releases")

    listed = client.list_packages(domain="acme", repository="releases")["packages"]
    assert [(p["format"], p["package"]) for p in listed] == [("cargo", "old-crate")]
    versions = client.list_package_versions(
        domain="acme", repository="releases", format="cargo", package="old-crate"
    )
    assert versions["versions"] == []
    assert retention.apply_retention(client, "acme", "releases") == {
        "kept": [],
        "archived": [],
        "disposed": [],
        "deleted": [],
        "failed": [],
    }


def test_runs_advance_one_step_each_then_change_nothing(codeartifact_mock: Any, client: Any) -> None:
    seed(codeartifact_mock)
    kept = {(*package, version) for package, versions in KEPT.items() for version in versions}

    first = retention.apply_retention(client, "acme", "releases")
    assert statuses(client) == expected(*AFTER_FIRST_RUN)

    second = retention.apply_retention(client, "acme", "releases")
    assert statuses(client) == expected(*AFTER_SECOND_RUN)
    assert refs(second["archived"]) == set()  # nothing new fell out of retention
    assert refs(second["disposed"]) == refs(first["archived"])
    assert refs(second["deleted"]) == refs(first["disposed"])

    third = retention.apply_retention(client, "acme", "releases")
    assert statuses(client) == expected(*AFTER_THIRD_RUN)
    assert refs(third["archived"]) == refs(third["disposed"]) == set()
    assert refs(third["deleted"]) == refs(second["disposed"])

    fourth = retention.apply_retention(client, "acme", "releases")
    assert statuses(client) == expected(*AFTER_THIRD_RUN)
    assert fourth["archived"] == fourth["disposed"] == fourth["deleted"] == fourth["failed"] == []
    for summary in (first, second, third, fourth):
        assert refs(summary["kept"]) == kept
        assert summary["failed"] == []


def test_revisions_of_kept_versions_do_not_change(codeartifact_mock: Any, client: Any) -> None:
    seed(codeartifact_mock)
    before = client.list_package_versions(
        domain="acme", repository="releases", format="npm", package="left-pad"
    )

    retention.apply_retention(client, "acme", "releases")

    after = client.list_package_versions(
        domain="acme", repository="releases", format="npm", package="left-pad"
    )
    revisions = {v["version"]: v["revision"] for v in after["versions"]}
    assert revisions == {v["version"]: v["revision"] for v in before["versions"]}


def test_batches_never_exceed_100_versions(codeartifact_mock: Any, client: Any) -> None:
    big = [(f"0.0.{n}", "Disposed") for n in range(120)]
    big += [(f"0.1.{n}", "Archived") for n in range(150)]
    big += [(f"1.0.{n}", "Published") for n in range(253)]
    seed(codeartifact_mock, [("npm", None, "big", big)])
    calls: list[tuple[str, int, Optional[str]]] = []

    def record(params: dict[str, Any], model: Any, **_: Any) -> None:
        if "versions" in params:
            calls.append((model.name, len(params["versions"]), params.get("expectedStatus")))

    client.meta.events.register("before-parameter-build.codeartifact", record)
    summary = retention.apply_retention(client, "acme", "releases", keep=3)

    assert calls == [
        ("DeletePackageVersions", 100, "Disposed"),
        ("DeletePackageVersions", 20, "Disposed"),
        ("DisposePackageVersions", 100, "Archived"),
        ("DisposePackageVersions", 50, "Archived"),
        ("UpdatePackageVersionsStatus", 100, "Published"),
        ("UpdatePackageVersionsStatus", 100, "Published"),
        ("UpdatePackageVersionsStatus", 50, "Published"),
    ]
    assert (len(summary["deleted"]), len(summary["disposed"]), len(summary["archived"])) == (120, 150, 250)
    after = statuses(client)
    assert {version: status for (_, _, _, version), status in after.items() if status == "Published"} == {
        "1.0.250": "Published",
        "1.0.251": "Published",
        "1.0.252": "Published",
    }
    assert sum(status == "Archived" for status in after.values()) == 250
    assert sum(status == "Disposed" for status in after.values()) == 150
    assert len(after) == 403


class RacingClient:
    """A client through which someone else changes a version right before the first archive call."""

    def __init__(self, client: Any, race: Callable[[], None]) -> None:
        self._client = client
        self._race: Optional[Callable[[], None]] = race

    def __getattr__(self, name: str) -> Any:
        return getattr(self._client, name)

    def update_package_versions_status(self, **kwargs: Any) -> Any:
        if self._race is not None:
            race, self._race = self._race, None
            race()
        return self._client.update_package_versions_status(**kwargs)


def test_failed_versions_are_reported_and_the_rest_of_the_batch_still_applied(
    codeartifact_mock: Any, client: Any
) -> None:
    seed(codeartifact_mock, [SEED[0]])  # left-pad 1.0.0 .. 1.4.0, all Published

    def unlist_oldest() -> None:
        client.update_package_versions_status(
            domain="acme",
            repository="releases",
            format="npm",
            package="left-pad",
            versions=["1.0.0"],
            targetStatus="Unlisted",
        )

    summary = retention.apply_retention(RacingClient(client, unlist_oldest), "acme", "releases", keep=3)

    assert summary["failed"] == [
        {
            "format": "npm",
            "namespace": None,
            "package": "left-pad",
            "version": "1.0.0",
            "action": "archive",
            "errorCode": "MISMATCHED_STATUS",
            "errorMessage": "current status: Unlisted, expected status: Published",
        }
    ]
    assert refs(summary["archived"]) == keys((LP, "1.1.0"))
    assert statuses(client) == {
        ("npm", None, "left-pad", "1.0.0"): "Unlisted",
        ("npm", None, "left-pad", "1.1.0"): "Archived",
        ("npm", None, "left-pad", "1.2.0"): "Published",
        ("npm", None, "left-pad", "1.3.0"): "Published",
        ("npm", None, "left-pad", "1.4.0"): "Published",
    }


def test_keep_zero_archives_every_published_version(codeartifact_mock: Any, client: Any) -> None:
    seed(codeartifact_mock, [SEED[2]])  # acme-client: 0.9.0 Archived, 1.0.0 and 1.1.0 Published

    summary = retention.apply_retention(client, "acme", "releases", keep=0)

    assert summary["kept"] == []
    assert statuses(client) == {
        ("pypi", None, "acme-client", "0.9.0"): "Disposed",
        ("pypi", None, "acme-client", "1.0.0"): "Archived",
        ("pypi", None, "acme-client", "1.1.0"): "Archived",
    }
    with pytest.raises(ValueError, match="keep"):
        retention.apply_retention(client, "acme", "releases", keep=-1)


def test_domain_owner_reaches_another_accounts_domain(codeartifact_mock: Any, client: Any) -> None:
    seed(codeartifact_mock, [SEED[0]], account_id="111122223333")
    # another account's domain is closed to the job until its owner's domain policy allows what it does
    with pytest.raises(client.exceptions.AccessDeniedException, match="codeartifact:ListPackages"):
        retention.apply_retention(client, "acme", "releases", keep=3, domain_owner="111122223333")
    owner_allows(codeartifact_mock, client, "111122223333", "acme", retention.REQUIRED_ACTIONS)

    summary = retention.apply_retention(client, "acme", "releases", keep=3, domain_owner="111122223333")

    assert refs(summary["archived"]) == keys((LP, "1.0.0"), (LP, "1.1.0"))
    assert statuses(client, domainOwner="111122223333")[("npm", None, "left-pad", "1.1.0")] == "Archived"
    # the next runs dispose, then delete: the policy allows every step
    for step in ("disposed", "deleted"):
        summary = retention.apply_retention(client, "acme", "releases", keep=3, domain_owner="111122223333")
        assert (refs(summary[step]), summary["failed"]) == (keys((LP, "1.0.0"), (LP, "1.1.0")), [])


def test_main_prints_the_before_and_after_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert retention.main() == 0

    out = capsys.readouterr().out
    rows = {}
    for line in out.splitlines():
        cells = line.rstrip(" *").split()
        if len(cells) == 5 and cells[0] in {"npm", "pypi", "maven"}:
            rows[(f"{cells[0]} {cells[1]}", cells[2])] = (cells[3], cells[4])
    assert rows[("npm left-pad", "1.0.0")] == ("Published", "Archived")
    assert rows[("npm left-pad", "1.5.0")] == ("Published", "Published")
    assert rows[("npm @acme/ui", "2.0.0")] == ("Disposed", "(deleted)")
    assert rows[("npm @acme/ui", "2.1.0")] == ("Archived", "Disposed")
    assert rows[("npm @acme/ui", "2.2.0")] == ("Unlisted", "Archived")
    assert rows[("pypi acme-client", "0.9.0")] == ("Archived", "Disposed")
    assert rows[("maven com.acme:core", "2.1.0")] == ("Unfinished", "Unfinished")
    assert len(rows) == sum(len(versions) for *_, versions in retention.DEMO_PACKAGES)
    assert "failed 0" in out


def test_the_script_runs_and_exits_zero() -> None:
    done = subprocess.run(
        [sys.executable, str(EXAMPLE)], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "(deleted)" in done.stdout


def test_back_dated_versions_are_kept_by_publish_time(codeartifact_mock: Any, client: Any) -> None:
    """The job keeps the newest by publishedTime: neither the order of seeding nor of version numbers."""
    january = datetime(2024, 1, 1, tzinfo=timezone.utc)
    # (version, days after January 1st it was published), seeded in this order
    history = [("2.0.0", 40), ("1.0.0", 90), ("3.0.0", 10), ("1.5.0", 60), ("0.9.0", 30), ("2.5.0", 50)]
    for version, days in history:
        codeartifact_mock.add_package_version(
            "acme", "releases", "npm", "left-pad", version, published_time=january + timedelta(days=days)
        )
    codeartifact_mock.add_package_version("acme", "releases", "npm", "left-pad", "0.1.0")  # published now

    summary = retention.apply_retention(client, "acme", "releases", keep=3)

    assert [ref["version"] for ref in summary["kept"]] == ["0.1.0", "1.0.0", "1.5.0"]
    assert refs(summary["archived"]) == keys((LP, "2.5.0"), (LP, "2.0.0"), (LP, "0.9.0"), (LP, "3.0.0"))
    assert (
        client.list_package_versions(domain="acme", repository="releases", format="npm", package="left-pad")[
            "defaultDisplayVersion"
        ]
        == "0.1.0"
    )
