"""The real twine and pip against ``ca.serve()``: boto3 in process, the package managers as subprocesses.

Marked ``real_client``: CI runs them once, in its default environment. pip runs with ``--isolated``, no cache,
no keyring and ``PIP_CONFIG_FILE`` set to an empty file, so no configuration of the machine's can make it
pass for the wrong reason (spec section 4); twine gets an empty ``.pypirc``.
"""

from __future__ import annotations

import base64
import importlib.util
import itertools
import os
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Optional
from urllib.parse import urlsplit, urlunsplit

import pytest
from endpoint_env import RepositoryEnv
from pypi_helpers import python_environment, run_pip, run_twine, write_distributions
from server_helpers import AWS

from codeartifact_mock import ThreadedCodeArtifactServer, mock_codeartifact

pytestmark = [
    pytest.mark.real_client,
    pytest.mark.skipif(importlib.util.find_spec("twine") is None, reason="twine is not installed"),
]
OWNER = "123456789012"


class Clients(RepositoryEnv):
    FORMAT = "pypi"

    def __init__(self, ca: Any, server: Any, home: Path) -> None:
        super().__init__(ca, server)
        self.home = home
        self.env = python_environment(home)

    def build(self, name: str, version: str, extra: bytes = b"") -> list[Path]:
        return write_distributions(self.home / "dist" / version, name, version, sdist_extra=extra)

    def twine(self, *files: Path, verbose: bool = False) -> subprocess.CompletedProcess[str]:
        """``twine upload`` of ``files``; ``verbose`` prints the body of an error (the mock's message)."""
        return run_twine(self.url, self.token, list(files), self.env, verbose)

    def pip(
        self, *args: str, token: Any = ..., cache: Optional[Path] = None
    ) -> subprocess.CompletedProcess[str]:
        """``pip <args>`` with no cache, or with ``cache`` as its cache (pip keeps nothing of a plain-HTTP
        host's answers unless that host is trusted: the mock's is, then)."""
        token = self.token if token is ... else token
        index = self.url + "simple/"
        if token is not None:
            index = index.replace("://", f"://aws:{token}@", 1)
        return run_pip(*args, index=index, environment=self.env, cache=cache)

    def file_url(self, version: str, filename: str) -> str:
        return (self.url + f"simple/tool/{version}/{filename}").replace("://", f"://aws:{self.token}@", 1)

    def versions(self) -> dict[str, str]:
        listing = self.client.list_package_versions(
            domain="acme", repository="releases", format="pypi", package="tool"
        )
        return {v["version"]: v["status"] for v in listing["versions"]}


@pytest.fixture
def clients(tmp_path: Path) -> Iterator[Clients]:
    with mock_codeartifact() as ca, ca.serve() as server:
        yield Clients(ca, server, tmp_path)


def test_twine_and_pip_through_the_statuses(clients: Clients, tmp_path: Path) -> None:
    coordinates = dict(domain="acme", repository="releases", format="pypi", package="tool")
    whl, tar = clients.build("tool", "1.0")
    uploaded = clients.twine(whl, tar)
    assert uploaded.returncode == 0, uploaded.stdout + uploaded.stderr
    assert clients.versions() == {"1.0": "Published"}
    assets = clients.client.list_package_version_assets(**coordinates, packageVersion="1.0")["assets"]
    assert sorted(a["name"] for a in assets) == sorted([whl.name, tar.name])

    downloaded = clients.pip("download", "-d", str(tmp_path / "d1"), "tool==1.0")
    assert downloaded.returncode == 0, downloaded.stdout + downloaded.stderr
    assert (tmp_path / "d1" / whl.name).read_bytes() == whl.read_bytes()
    installed = clients.pip("install", "--target", str(tmp_path / "site"), "tool==1.0")
    assert installed.returncode == 0, installed.stdout + installed.stderr
    assert (tmp_path / "site" / "tool" / "__init__.py").read_text() == "VERSION = '1.0'\n"

    # Unlisted: pip cannot find it by name, but its file URL still downloads
    clients.client.update_package_versions_status(**coordinates, versions=["1.0"], targetStatus="Unlisted")
    assert clients.pip("download", "-d", str(tmp_path / "d2"), "tool==1.0").returncode != 0
    by_url = clients.pip("download", "-d", str(tmp_path / "d3"), clients.file_url("1.0", whl.name))
    assert by_url.returncode == 0, by_url.stdout + by_url.stderr

    # Archived: the file URL is 404 too
    clients.client.update_package_versions_status(**coordinates, versions=["1.0"], targetStatus="Archived")
    assert (
        clients.pip("download", "-d", str(tmp_path / "d4"), clients.file_url("1.0", whl.name)).returncode != 0
    )
    assert [c.status for c in clients.ca.calls if c.operation == "ReadFromRepository"][-1] == 404

    # Disposed: no assets, and still 404
    clients.client.dispose_package_versions(**coordinates, versions=["1.0"])
    assert clients.client.list_package_version_assets(**coordinates, packageVersion="1.0")["assets"] == []
    assert clients.pip("download", "-d", str(tmp_path / "d5"), "tool==1.0").returncode != 0

    # Deleted: twine can publish that version again
    clients.client.delete_package_versions(**coordinates, versions=["1.0"])
    again = clients.twine(whl)
    assert again.returncode == 0, again.stdout + again.stderr
    assert clients.versions() == {"1.0": "Published"}


def test_twine_reports_409_for_other_bytes(clients: Clients) -> None:
    whl, tar = clients.build("tool", "1.0")
    assert clients.twine(whl, tar).returncode == 0
    _whl, changed = clients.build("tool", "1.0", extra=b"\0")  # the same sdist name, other bytes
    refused = clients.twine(changed)
    assert refused.returncode != 0
    assert "409" in refused.stdout + refused.stderr


def test_twine_prints_why_a_file_of_another_project_is_refused(clients: Clients) -> None:
    whl, _tar = clients.build("tool", "1.0")
    other = whl.rename(whl.with_name("other-1.0-py3-none-any.whl"))  # the metadata inside still says tool
    refused = clients.twine(other, verbose=True)
    assert refused.returncode != 0
    assert "400 Bad Request" in refused.stdout + refused.stderr
    assert "Start filename for 'tool' with 'tool'." in refused.stdout + refused.stderr
    assert clients.client.list_packages(domain="acme", repository="releases")["packages"] == []


def test_pip_without_a_valid_token_fails_with_401(clients: Clients, tmp_path: Path) -> None:
    whl, tar = clients.build("tool", "1.0")
    assert clients.twine(whl, tar).returncode == 0
    for token in (None, "wrong"):
        failed = clients.pip("download", "-d", str(tmp_path / "d"), "tool==1.0", token=token)
        assert failed.returncode != 0
        assert [c.status for c in clients.ca.calls if c.operation == "ReadFromRepository"][-1] == 401
    clients.ca.expire_tokens()
    assert clients.pip("download", "-d", str(tmp_path / "d"), "tool==1.0").returncode != 0
    assert clients.ca.calls[-1].status == 401


@pytest.mark.skipif(not AWS.exists(), reason="the AWS CLI (test extra) is not installed")
def test_aws_codeartifact_login_dry_run_configures_pip_for_the_server(tmp_path: Path) -> None:
    with ThreadedCodeArtifactServer() as server:
        server.add_package_version("acme", "releases", "pypi", "tool", "1.0")
        empty = tmp_path / "empty"
        empty.write_text("")
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        env.update(
            AWS_ACCESS_KEY_ID="testing",
            AWS_SECRET_ACCESS_KEY="testing",
            AWS_DEFAULT_REGION="us-east-1",
            AWS_CONFIG_FILE=str(empty),
            AWS_SHARED_CREDENTIALS_FILE=str(empty),
            AWS_EC2_METADATA_DISABLED="true",
        )
        command = [str(AWS), "codeartifact", "login", "--tool", "pip", "--domain", "acme", "--repository"]
        command += ["releases", "--endpoint-url", server.url, "--dry-run"]
        completed = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
        assert completed.returncode == 0, completed.stderr
        printed = completed.stdout
        assert f"@127.0.0.1:{server.port}/pypi/d/acme-{OWNER}/releases/simple/" in printed
        index = printed.split()[-1]  # "pip config set global.index-url <url>"
        with urllib.request.urlopen(_with_credentials(index + "tool/"), timeout=10) as page:
            assert b"tool-1.0-py3-none-any.whl" in page.read()  # the wheel seeding made


def _with_credentials(url: str) -> urllib.request.Request:
    """A request for a URL with ``user:password@`` in it, sent as Basic (urllib does not do it itself)."""
    split = urlsplit(url)
    credentials = base64.b64encode(f"{split.username}:{split.password}".encode()).decode()
    bare = urlunsplit(split._replace(netloc=f"{split.hostname}:{split.port}"))
    return urllib.request.Request(bare, headers={"Authorization": f"Basic {credentials}"})


def _imported_version(site: Path, module: str) -> str:
    """``<module>.__version__`` as a fresh interpreter imports it from ``site``."""
    probe = f"import {module}; print({module}.__version__)"
    env = {**os.environ, "PYTHONPATH": str(site)}
    completed = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=60
    )
    assert completed.returncode == 0, completed.stderr
    return completed.stdout.strip()


def test_pip_installs_seeded_versions(clients: Clients, tmp_path: Path) -> None:
    clients.ca.add_package_version("acme", "releases", "pypi", "Acme_Client", "1.0", summary="The client")
    clients.ca.add_package_version("acme", "releases", "pypi", "acme-client", "1.1.0rc1")
    clients.ca.add_package_version("acme", "releases", "pypi", "acme-client", "1.1")
    for requirement, version in (
        ("acme-client==1.0", "1.0"),
        ("ACME.client", "1.1"),
        ("acme_client>1.0", "1.1"),
    ):
        site = tmp_path / f"site-{version}-{len(requirement)}"
        installed = clients.pip("install", "--target", str(site), requirement)
        assert installed.returncode == 0, installed.stdout + installed.stderr
        assert _imported_version(site, "acme_client") == version
    pre = clients.pip("install", "--target", str(tmp_path / "pre"), "--pre", "acme-client==1.1.0rc1")
    assert pre.returncode == 0, pre.stdout + pre.stderr
    shown = subprocess.run(
        [sys.executable, "-m", "pip", "show", "--disable-pip-version-check", "acme-client"],
        env={**clients.env, "PYTHONPATH": str(tmp_path / "site-1.0-16")},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "Summary: The client" in shown.stdout, shown.stdout + shown.stderr


def test_what_a_retention_job_leaves_installable(clients: Clients, tmp_path: Path) -> None:
    """Fifty seeded versions; the forty oldest archived, five of the rest unlisted: pip installs exactly the
    five still listed by name, an unlisted one by its file's URL, and no archived one at all."""
    coordinates = dict(domain="acme", repository="releases", format="pypi", package="tool")
    versions = [f"1.0.{number}" for number in range(50)]
    for version in versions:
        clients.ca.add_package_version("acme", "releases", "pypi", "tool", version)
    clients.client.update_package_versions_status(
        **coordinates, versions=versions[:40], targetStatus="Archived"
    )
    clients.client.update_package_versions_status(
        **coordinates, versions=versions[40:45], targetStatus="Unlisted"
    )

    sites = iter(tmp_path / f"site-{number}" for number in itertools.count())

    def installs(*args: str, site: Path = tmp_path / "latest") -> bool:
        return clients.pip("install", "--target", str(site), *args).returncode == 0

    assert installs("tool") and _imported_version(tmp_path / "latest", "tool") == "1.0.49"
    installable = [version for version in versions[38:] if installs(f"tool=={version}", site=next(sites))]
    assert installable == versions[45:]
    assert installs(clients.file_url("1.0.42", "tool-1.0.42-py3-none-any.whl"), site=next(sites))
    assert not installs(clients.file_url("1.0.7", "tool-1.0.7-py3-none-any.whl"), site=next(sites))


def test_a_warm_pip_cache_revalidates_and_gets_304s(clients: Clients, tmp_path: Path) -> None:
    """pip's HTTP cache keeps each answer's ETag and sends it back as If-None-Match (pip asks for the page
    with ``Cache-Control: max-age=0``, so it always revalidates): the page and the wheel come back 304 and
    pip uses its cached wheel; a new version is a 200 again."""
    clients.ca.add_package_version("acme", "releases", "pypi", "tool", "1.0")
    cache = tmp_path / "pip-cache"

    def answers(into: str) -> tuple[str, list[int]]:
        before = len([c for c in clients.ca.calls if c.params.get("package") == "tool"])
        completed = clients.pip("download", "-d", str(tmp_path / into), "tool", cache=cache)
        assert completed.returncode == 0, completed.stdout + completed.stderr
        after = [c for c in clients.ca.calls if c.params.get("package") == "tool"][before:]
        return completed.stdout, [call.status for call in after]

    first, statuses = answers("first")
    assert statuses == [200, 200] and "Downloading tool-1.0" in first
    again, statuses = answers("again")
    assert statuses == [304, 304] and "Using cached tool-1.0" in again
    wheel = "tool-1.0-py3-none-any.whl"
    assert (tmp_path / "again" / wheel).read_bytes() == (tmp_path / "first" / wheel).read_bytes()
    clients.ca.add_package_version("acme", "releases", "pypi", "tool", "2.0")
    _output, statuses = answers("newer")
    assert statuses == [200, 200] and (tmp_path / "newer" / "tool-2.0-py3-none-any.whl").exists()
