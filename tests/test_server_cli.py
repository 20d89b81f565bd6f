"""The real AWS CLI (v1, from the ``test`` extra) against server mode, with the user guide's own commands.

Every documented command of "Update package version status" (seed 002) that shows a sample output is run as
``aws codeartifact ... --endpoint-url <server>`` and its printed JSON compared with that output, as is the
CLI reference example (seed 003). Deviations from the printed commands, all forced by the service model or
by typos in the page: ``--domain my-domain`` (the model's domain pattern rejects ``my_domain``), ``--domain``
for the dispose examples' ``—domain``, and 4.1.0's revision with the "v" the single-version example dropped.
The server answers as the documented account 111122223333; versions are seeded through the control API with
the documented revisions pinned, so outputs match byte for byte.

Each ``aws`` run costs most of a second of interpreter start-up, so the commands here are the documented
ones plus one publish/download round trip, and nothing more.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import awscli
import pytest
from server_helpers import AWS, aws_cli, client, control

from codeartifact_mock import ThreadedCodeArtifactServer

pytestmark = pytest.mark.skipif(not AWS.exists(), reason="the AWS CLI (awscli, in the test extra) is missing")

OWNER = "111122223333"
R_OZ8 = "+Oz8skWbwY3k8M6SrNIqNj6bVH/ax+CxvkJx+No5j8I="
R_25 = "25/UjBleHs1DZewk+zozoeqH/R80Rc9gL1P8vbzVMJ4="
R_E3 = "E3lhBp0RObRTut4pkjV5c1AQGkgSA7Oxtil6hMMzelc="
R_CIQE5 = "Ciqe5/9yicvkJT13b5/LdLpCyE6fqA7poa9qp+FilPs="

CHALK = "--domain my-domain --domain-owner 111122223333 --repository my_repo --format npm --package chalk"
UPDATE = f"update-package-versions-status {CHALK}"
DISPOSE = f"dispose-package-versions {CHALK}"


@pytest.fixture(scope="module")
def server() -> Iterator[ThreadedCodeArtifactServer]:
    with ThreadedCodeArtifactServer(account_id=OWNER) as running:
        yield running


@pytest.fixture
def aws(server: ThreadedCodeArtifactServer, tmp_path: Path) -> Any:
    """Run ``aws codeartifact <command>`` against the server (fresh state) and return its parsed output."""
    assert control(server, "reset").status == 200
    return aws_cli(server, tmp_path)


def seed_chalk(
    server: ThreadedCodeArtifactServer, revisions: dict[str, str], status: str = "Published"
) -> None:
    for version, revision in revisions.items():
        document = {
            "domain": "my-domain",
            "repository": "my_repo",
            "format": "npm",
            "package": "chalk",
            "version": version,
            "status": status,
            "revision": revision,
        }
        assert control(server, "package-versions", document).json() == {"revision": revision}


def mismatched_status(current: str, expected: str) -> dict[str, str]:
    return {
        "errorCode": "MISMATCHED_STATUS",
        "errorMessage": f"current status: {current}, expected status: {expected}",
    }


def test_archive_one_version(server: ThreadedCodeArtifactServer, aws: Any) -> None:
    seed_chalk(server, {"4.1.0": R_OZ8})

    output = aws(f"{UPDATE} --versions 4.1.0 --target-status Archived")

    assert output == {
        "successfulVersions": {"4.1.0": {"revision": R_OZ8, "status": "Archived"}},
        "failedVersions": {},
    }


def test_archive_two_versions(server: ThreadedCodeArtifactServer, aws: Any) -> None:
    seed_chalk(server, {"4.1.0": R_25, "4.1.1": R_OZ8})

    output = aws(f"{UPDATE} --versions 4.1.0 4.1.1 --target-status Archived")

    assert output == {
        "successfulVersions": {
            "4.1.0": {"revision": R_25, "status": "Archived"},
            "4.1.1": {"revision": R_OZ8, "status": "Archived"},
        },
        "failedVersions": {},
    }


def test_version_revisions_shorthand(server: ThreadedCodeArtifactServer, aws: Any) -> None:
    seed_chalk(server, {"4.0.0": R_E3, "4.1.0": R_25}, status="Archived")

    output = aws(
        f'{UPDATE} --version-revisions "4.1.0={R_25},4.0.0={R_E3}"'
        " --versions 4.1.0 4.0.0 --target-status Published"
    )

    assert output == {
        "successfulVersions": {
            "4.0.0": {"revision": R_E3, "status": "Published"},
            "4.1.0": {"revision": R_25, "status": "Published"},
        },
        "failedVersions": {},
    }


def test_expected_status_mismatch(server: ThreadedCodeArtifactServer, aws: Any) -> None:
    seed_chalk(server, {"4.0.0": R_E3, "4.1.0": R_25})

    output = aws(f"{UPDATE} --versions 4.1.0 4.0.0 --target-status Archived --expected-status Unlisted")

    assert output == {
        "successfulVersions": {},
        "failedVersions": {
            "4.0.0": mismatched_status("Published", "Unlisted"),
            "4.1.0": mismatched_status("Published", "Unlisted"),
        },
    }


def test_revision_mismatch_skips_the_other_version(server: ThreadedCodeArtifactServer, aws: Any) -> None:
    seed_chalk(server, {"4.0.0": R_E3, "4.1.0": R_25})
    wrong = "25/UjBleHs1DZewk+zozoeqH/R80Rc9gL1P8vbzVMJ="

    output = aws(
        f'{UPDATE} --version-revisions "4.1.0={wrong},4.0.0={R_E3}"'
        " --versions 4.1.0 4.0.0 --target-status Archived"
    )

    assert output == {
        "successfulVersions": {},
        "failedVersions": {
            "4.0.0": {"errorCode": "SKIPPED", "errorMessage": "version 4.0.0 is skipped"},
            "4.1.0": {
                "errorCode": "MISMATCHED_REVISION",
                "errorMessage": f"current revision: {R_25}, expected revision: {wrong}",
            },
        },
    }


def test_dispose_with_expected_status(server: ThreadedCodeArtifactServer, aws: Any) -> None:
    seed_chalk(server, {"4.0.0": R_E3})

    refused = aws(f"{DISPOSE} --versions 4.0.0 --expected-status Unlisted")
    disposed = aws(f"{DISPOSE} --versions 4.0.0 --expected-status Published")

    assert refused == {
        "successfulVersions": {},
        "failedVersions": {"4.0.0": mismatched_status("Published", "Unlisted")},
    }
    assert disposed == {
        "successfulVersions": {"4.0.0": {"revision": R_E3, "status": "Disposed"}},
        "failedVersions": {},
    }


def test_maven_namespace(server: ThreadedCodeArtifactServer, aws: Any) -> None:
    """The page shows no output for this one: the version's own revision comes back, Archived."""
    revision = server.add_package_version(
        "my-domain", "my_repo", "maven", "log4j", "2.13.1", namespace="org.apache.logging.log4j"
    )

    output = aws(
        "update-package-versions-status --domain my-domain --domain-owner 111122223333 --repository my_repo"
        " --format maven --namespace org.apache.logging.log4j --package log4j"
        " --versions 2.13.1 --target-status Archived"
    )

    assert output == {
        "successfulVersions": {"2.13.1": {"revision": revision, "status": "Archived"}},
        "failedVersions": {},
    }


def test_cli_reference_example(server: ThreadedCodeArtifactServer, aws: Any) -> None:
    """Seed 003, with its abbreviated ``--repo``."""
    server.add_package_version("test-domain", "test-repo", "npm", "test-package", "4.0.0", revision=R_CIQE5)

    output = aws(
        "update-package-versions-status --domain test-domain --repo test-repo --format npm"
        " --package test-package --versions 4.0.0 --target-status Archived"
    )

    assert output == {
        "successfulVersions": {"4.0.0": {"revision": R_CIQE5, "status": "Archived"}},
        "failedVersions": {},
    }


def test_cli_associate_external_connection_example(server: ThreadedCodeArtifactServer, aws: Any) -> None:
    """The AWS CLI's own example for associate-external-connection, shipped with awscli, run as printed (in
    its region): the output matches, its ``"status": "AVAILABLE"`` included, the service's spelling rather
    than botocore's enum ``Available``. The example has no ``createdTime``, which the service now sends."""
    example = (
        Path(awscli.__file__).parent / "examples/codeartifact/associate-external-connection.rst"
    ).read_text()
    printed = json.loads(example.split("Output::", 1)[1].split("For more information", 1)[0])
    west = client(server, "us-west-2")
    west.create_domain(domain="test-domain")
    west.create_repository(domain="test-domain", repository="test-repo")

    output = aws(
        "associate-external-connection --repository test-repo --domain test-domain"
        " --external-connection public:npmjs --region us-west-2"
    )

    del output["repository"]["createdTime"]
    assert output == printed
    assert output["repository"]["externalConnections"][0]["status"] == "AVAILABLE"


def test_publish_a_file_then_download_it(
    server: ThreadedCodeArtifactServer, aws: Any, tmp_path: Path
) -> None:
    content = b"#!/bin/sh\necho hello\n" * 100
    (tmp_path / "cli.sh").write_bytes(content)
    sha256 = hashlib.sha256(content).hexdigest()
    client(server).create_domain(domain="my-domain")
    client(server).create_repository(domain="my-domain", repository="my_repo")
    package = "--domain my-domain --repository my_repo --format generic --namespace tools --package cli"

    published = aws(
        f"publish-package-version {package} --package-version 1.0.0"
        f" --asset-content cli.sh --asset-name cli.sh --asset-sha256 {sha256}"
    )
    downloaded = aws(f"get-package-version-asset {package} --package-version 1.0.0 --asset cli.sh copy.sh")

    assert published["status"] == "Published"
    assert published["asset"]["hashes"]["SHA-256"] == sha256
    assert published["asset"]["size"] == len(content)
    assert downloaded == {
        "assetName": "cli.sh",
        "packageVersion": "1.0.0",
        "packageVersionRevision": published["versionRevision"],
    }
    assert (tmp_path / "copy.sh").read_bytes() == content
