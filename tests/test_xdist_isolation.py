"""Parallel test runs (pytest-xdist): every worker is its own process, so every worker has its own mock state.

The pair below creates the same domain name with different contents and checks that each test sees only its
own. Run serially or anywhere in a parallel run it just does that. ``test_the_pair_overlaps_in_two_workers``
runs the pair alone under ``-n 2``, where xdist hands one test to each worker, with a file barrier
(``PAIR_BARRIER``) that makes both hold their state at the same time: both have created before either looks,
and both have looked before either stops its mock.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import boto3
import pytest

from codeartifact_mock import CodeArtifactMock

PAIR_BARRIER = "CODEARTIFACT_MOCK_TEST_PAIR_BARRIER"  # a directory; set only by the overlap test's inner run
SIDES = ("left", "right")
ROOT = Path(__file__).resolve().parent.parent


def _meet(side: str, stage: str) -> None:
    """Say this side reached ``stage``, then wait for the other side to reach it too (inner run only)."""
    barrier = os.environ.get(PAIR_BARRIER)
    if not barrier:
        return
    here = {"worker": os.environ.get("PYTEST_XDIST_WORKER"), "pid": os.getpid()}
    (Path(barrier) / f"{stage}-{side}").write_text(json.dumps(here))
    partner = Path(barrier) / f"{stage}-{SIDES[1 - SIDES.index(side)]}"
    deadline = time.monotonic() + 30
    while not partner.exists():
        if time.monotonic() > deadline:
            pytest.fail(f"the other test never reached {stage!r}: the pair did not run in parallel")
        time.sleep(0.01)


@pytest.mark.parametrize("side", SIDES)
def test_same_domain_name_shows_only_this_tests_state(side: str, codeartifact_mock: CodeArtifactMock) -> None:
    codeartifact_mock.add_package_version("twin", f"repo-{side}", "pypi", f"pkg-{side}", "1.0.0")
    _meet(side, "created")

    client = boto3.client("codeartifact", region_name="us-east-1")
    repositories = client.list_repositories_in_domain(domain="twin")["repositories"]
    packages = client.list_packages(domain="twin", repository=f"repo-{side}")["packages"]
    assert [r["name"] for r in repositories] == [f"repo-{side}"]
    assert [p["package"] for p in packages] == [f"pkg-{side}"]
    assert client.describe_domain(domain="twin")["domain"]["repositoryCount"] == 1
    _meet(side, "checked")


def test_the_pair_overlaps_in_two_workers(tmp_path: Path) -> None:
    pytest.importorskip("xdist")
    env = {name: value for name, value in os.environ.items() if not name.startswith("PYTEST_")}
    env[PAIR_BARRIER] = str(tmp_path)
    pair = f"{Path(__file__).relative_to(ROOT)}::test_same_domain_name_shows_only_this_tests_state"
    command = [sys.executable, "-m", "pytest", "-n", "2", "-p", "no:cacheprovider", pair]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout
    arrivals = [json.loads((tmp_path / f"created-{side}").read_text()) for side in SIDES]
    assert sorted(arrival["worker"] for arrival in arrivals) == ["gw0", "gw1"]
    assert arrivals[0]["pid"] != arrivals[1]["pid"]
