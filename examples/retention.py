"""A CodeArtifact retention job, and a demo of it running against codeartifact-mock.

``apply_retention`` is the kind of script a team runs nightly against a real repository. Every run moves each
version at most one step down the lifecycle, so nothing is destroyed the first night it falls out of
retention:

- the newest ``keep`` Published versions of every package stay Published;
- older Published versions, and all Unlisted ones, are archived (still restorable with
  UpdatePackageVersionsStatus);
- versions that were already Archived when the run started are disposed (their assets are deleted);
- versions that were already Disposed when the run started are deleted.

Unfinished versions (a publish still in progress) are left alone. Every call passes ``expectedStatus``, so a
version someone changed since it was listed is reported as failed instead of being acted on blindly.
A version that falls out of retention is archived on the first run, disposed on the second and deleted on
the third; after that a run changes nothing.

Run against another account's domain (``domain_owner``), the job needs that domain's owner to allow its
principal the actions in ``REQUIRED_ACTIONS`` in the domain's (or the repository's) permissions policy, and
its own identity policy to allow them too: across accounts both must, and the mock holds every caller to
that, its own default principal included. Run as a principal of the owner's account, it needs only its
identity policy.

Run the demo with ``python examples/retention.py``: it seeds a repository inside ``with mock_codeartifact()``,
runs the job and prints the statuses before and after. No AWS account or network is used.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any, Literal, Optional, TypedDict

import boto3

from codeartifact_mock import mock_codeartifact

BATCH_SIZE = 100  # the API rejects more than 100 versions in one call
# Every action the job calls, for the policies that let its principal run it.
REQUIRED_ACTIONS = (
    "codeartifact:ListPackages",
    "codeartifact:ListPackageVersions",
    "codeartifact:UpdatePackageVersionsStatus",
    "codeartifact:DisposePackageVersions",
    "codeartifact:DeletePackageVersions",
)


class VersionRef(TypedDict):
    format: str
    namespace: Optional[str]
    package: str
    version: str


class Failure(VersionRef):
    action: str  # "archive", "dispose" or "delete"
    errorCode: str
    errorMessage: str


Step = Literal["archived", "disposed", "deleted"]


class RetentionSummary(TypedDict):
    kept: list[VersionRef]
    archived: list[VersionRef]
    disposed: list[VersionRef]
    deleted: list[VersionRef]
    failed: list[Failure]


def apply_retention(
    client: Any, domain: str, repository: str, keep: int = 3, *, domain_owner: Optional[str] = None
) -> RetentionSummary:
    """Apply the policy to every package of ``repository``; return what was done to which version."""
    if keep < 0:
        raise ValueError("keep must be zero or more")
    scope: dict[str, str] = {"domain": domain, "repository": repository}
    if domain_owner is not None:
        scope["domainOwner"] = domain_owner
    summary: RetentionSummary = {"kept": [], "archived": [], "disposed": [], "deleted": [], "failed": []}
    for package in _packages(client, scope):
        statuses = _versions_newest_first(client, scope, package)
        published = [version for version, status in statuses if status == "Published"]
        kept, expired = published[:keep], published[keep:]
        unlisted = [version for version, status in statuses if status == "Unlisted"]
        archived = [version for version, status in statuses if status == "Archived"]
        disposed = [version for version, status in statuses if status == "Disposed"]
        summary["kept"] += [_ref(package, version) for version in kept]
        # Oldest step first, so each version moves one step per run, judged on its status at the start.
        _act(client, scope, package, "delete", disposed, "Disposed", summary)
        _act(client, scope, package, "dispose", archived, "Archived", summary)
        _act(client, scope, package, "archive", expired, "Published", summary)
        _act(client, scope, package, "archive", unlisted, "Unlisted", summary)
    return summary


def _packages(client: Any, scope: dict[str, str]) -> Iterator[dict[str, str]]:
    """Every package of every format, as the coordinates the version APIs take."""
    for page in client.get_paginator("list_packages").paginate(**scope):
        for summary in page["packages"]:
            package = {"format": summary["format"], "package": summary["package"]}
            if "namespace" in summary:
                package["namespace"] = summary["namespace"]
            yield package


def _versions_newest_first(
    client: Any, scope: dict[str, str], package: dict[str, str]
) -> list[tuple[str, str]]:
    pages = client.get_paginator("list_package_versions").paginate(
        **scope, **package, sortBy="PUBLISHED_TIME"
    )
    return [(version["version"], version["status"]) for page in pages for version in page["versions"]]


# action: (client method, extra arguments, summary key)
_ACTIONS: dict[str, tuple[str, dict[str, str], Step]] = {
    "archive": ("update_package_versions_status", {"targetStatus": "Archived"}, "archived"),
    "dispose": ("dispose_package_versions", {}, "disposed"),
    "delete": ("delete_package_versions", {}, "deleted"),
}


def _act(
    client: Any,
    scope: dict[str, str],
    package: dict[str, str],
    action: str,
    versions: list[str],
    expected_status: str,
    summary: RetentionSummary,
) -> None:
    """Apply ``action`` to ``versions`` in batches of at most 100, recording successes and failures.

    A batch is all-or-nothing: when one version fails, the others come back SKIPPED. Those are sent again
    without the versions that failed on their own, so one changed version does not hold back the rest.
    """
    method_name, extra, step = _ACTIONS[action]
    method = getattr(client, method_name)
    for start in range(0, len(versions), BATCH_SIZE):
        batch = versions[start : start + BATCH_SIZE]
        while batch:
            response = method(**scope, **package, **extra, versions=batch, expectedStatus=expected_status)
            summary[step] += [_ref(package, version) for version in response["successfulVersions"]]
            failed: dict[str, dict[str, str]] = response["failedVersions"]
            own = {version for version, error in failed.items() if error["errorCode"] != "SKIPPED"}
            retry = [version for version in batch if version in failed and version not in own]
            if not own:  # skipped with no culprit: nothing to leave out, so report instead of looping
                own, retry = set(failed), []
            for version in batch:
                if version in own:
                    summary["failed"].append(_failure(package, version, action, failed[version]))
            batch = retry


def _ref(package: dict[str, str], version: str) -> VersionRef:
    return {
        "format": package["format"],
        "namespace": package.get("namespace"),
        "package": package["package"],
        "version": version,
    }


def _failure(package: dict[str, str], version: str, action: str, error: dict[str, str]) -> Failure:
    return {
        "format": package["format"],
        "namespace": package.get("namespace"),
        "package": package["package"],
        "version": version,
        "action": action,
        "errorCode": error["errorCode"],
        "errorMessage": error["errorMessage"],
    }


# --- the demo ----------------------------------------------------------------------------------------------

DOMAIN, REPOSITORY = "acme", "releases"

# (format, namespace, package, [(version, status)] in publish order, oldest first)
DEMO_PACKAGES: list[tuple[str, Optional[str], str, list[tuple[str, str]]]] = [
    ("npm", None, "left-pad", [(f"1.{minor}.0", "Published") for minor in range(6)]),
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
    ("npm", None, "tiny-utils", [("0.1.0", "Published"), ("0.2.0", "Published")]),
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
]


def _label(fmt: str, namespace: Optional[str], package: str) -> str:
    if namespace is None:
        return f"{fmt} {package}"
    return f"{fmt} @{namespace}/{package}" if fmt == "npm" else f"{fmt} {namespace}:{package}"


def _status_table(client: Any) -> dict[tuple[str, str], str]:
    """(package label, version) -> status, for every version now in the demo repository."""
    table: dict[tuple[str, str], str] = {}
    scope = {"domain": DOMAIN, "repository": REPOSITORY}
    for package in _packages(client, scope):
        label = _label(package["format"], package.get("namespace"), package["package"])
        versions = client.list_package_versions(**scope, **package)["versions"]
        for version in versions:
            table[(label, version["version"])] = version["status"]
    return table


def main() -> int:
    with mock_codeartifact() as ca:
        for fmt, namespace, package, versions in DEMO_PACKAGES:
            for version, status in versions:
                ca.add_package_version(
                    DOMAIN, REPOSITORY, fmt, package, version, namespace=namespace, status=status
                )
        client = boto3.client("codeartifact", region_name="us-east-1")

        before = _status_table(client)
        summary = apply_retention(client, DOMAIN, REPOSITORY, keep=3)
        after = _status_table(client)

    print(f"Retention on {DOMAIN}/{REPOSITORY}, keeping the 3 newest Published versions of each package\n")
    rows = [("package", "version", "before", "after")]
    rows += [
        (label, version, status, after.get((label, version), "(deleted)"))
        for (label, version), status in before.items()
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(4)]
    for number, row in enumerate(rows):
        changed = number > 0 and row[2] != row[3]
        line = "  ".join(cell.ljust(width) for cell, width in zip(row, widths)) + ("  *" if changed else "")
        print(line.rstrip())
        if number == 0:
            print("  ".join("-" * width for width in widths))
    print()
    print(
        f"kept {len(summary['kept'])}, archived {len(summary['archived'])}, "
        f"disposed {len(summary['disposed'])}, deleted {len(summary['deleted'])}, "
        f"failed {len(summary['failed'])}"
    )
    for failure in summary["failed"]:
        print(f"  {failure['action']} {failure['package']} {failure['version']}: {failure['errorMessage']}")
    return 1 if summary["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
