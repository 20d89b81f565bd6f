"""The real twine and pip through a repository graph (upstreams spec section 8): versions published
upstream install downstream and are kept there, a seeded ``public:pypi`` serves ``pip install`` through
``app -> pypi-store``, origin controls and package groups change what pip can fetch, dependency confusion
is stopped, and publishing what is reachable upstream is a 409 in twine's form.

Marked ``real_client``. pip runs isolated: ``--isolated``, no cache, no keyring, ``PIP_CONFIG_FILE`` an
empty file and ``HOME`` a temporary directory; twine gets an empty ``.pypirc``.
"""

from __future__ import annotations

import importlib.util
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Optional

import pytest
from pypi_helpers import python_environment, run_pip, run_twine, wheel, write_distributions
from upstream_env import DOMAIN, Graph, dependency_confusion, internal, public_registry_through_a_store

from codeartifact_mock import mock_codeartifact

pytestmark = [
    pytest.mark.real_client,
    pytest.mark.skipif(importlib.util.find_spec("twine") is None, reason="twine is not installed"),
]


class Python(Graph):
    """The graph on a server, with pip and twine run as subprocesses in ``home``."""

    def __init__(self, ca: Any, server: Any, home: Path) -> None:
        super().__init__(ca, server)
        self.home = home
        self.env = python_environment(home)
        self.runs = 0

    def twine(self, repository: str, name: str, version: str) -> subprocess.CompletedProcess[str]:
        files = write_distributions(self.home / "dist" / name / version, name, version)
        return run_twine(self.url(repository, "pypi"), self.token, files, self.env)

    def published(self, repository: str, name: str, version: str) -> None:
        uploaded = self.twine(repository, name, version)
        assert uploaded.returncode == 0, uploaded.stdout + uploaded.stderr

    @staticmethod
    def pinned(name: str, version: str) -> str:
        return f"{name}=={version}"

    def install(self, repository: str, requirement: str) -> Optional[str]:
        """``pip install --target`` through ``repository``: the version installed, None when pip failed."""
        self.runs += 1
        target = self.home / f"site-{self.runs}"
        index = self.url(repository, "pypi").replace("://", f"://aws:{self.token}@", 1) + "simple/"
        completed = run_pip(
            "install", "--target", str(target), requirement, index=index, environment=self.env
        )
        if completed.returncode != 0:
            return None
        module = requirement.split("=")[0].split("<")[0].replace("-", "_")
        text = (target / module / "__init__.py").read_text()
        return text.split("'")[1]  # VERSION = '<version>'

    def public(self, name: str, version: str) -> None:
        """``public:pypi`` publishes ``name`` ``version`` (an installable wheel)."""
        filename, content = wheel(name, version)
        self.ca.add_public_package_version("public:pypi", name, version, assets={filename: content})


@pytest.fixture
def python(tmp_path: Path) -> Iterator[Python]:
    with mock_codeartifact() as ca, ca.serve() as server:
        yield Python(ca, server, tmp_path)


def test_published_upstream_installs_downstream_and_is_kept_at_the_ends_of_a_chain(python: Python) -> None:
    python.repository("upstream")
    python.repository("middle", "upstream")
    python.repository("downstream", "middle")
    python.published("upstream", "tool", "1.0")
    assert python.install("downstream", "tool") == "1.0"
    assert python.versions("downstream", "pypi", "tool") == {"1.0": ("Published", internal("upstream"))}
    assert python.versions("middle", "pypi", "tool") == {}
    # the whole version is kept, not only the file pip took
    assert python.assets("downstream", "pypi", "tool", "1.0") == python.assets(
        "upstream", "pypi", "tool", "1.0"
    )
    assert len(python.assets("downstream", "pypi", "tool", "1.0")) == 2
    # the copy survives the upstream's version
    python.delete("upstream", "pypi", "tool", ["1.0"])
    assert python.install("downstream", "tool==1.0") == "1.0"


def test_twine_gets_409_for_a_version_reachable_upstream_and_publishes_past_upstream_block(
    python: Python,
) -> None:
    python.repository("upstream")
    python.repository("downstream", "upstream")
    python.published("upstream", "tool", "1.0")
    refused = python.twine("downstream", "tool", "1.0")
    assert refused.returncode != 0
    assert "409" in refused.stdout + refused.stderr
    python.published("downstream", "tool", "2.0")  # another version publishes
    assert python.versions("downstream", "pypi", "tool") == {"2.0": ("Published", internal("downstream"))}
    # upstream BLOCK (the default of a package published first): nothing upstream is reachable
    assert python.restrictions("downstream", "pypi", "tool") == {"publish": "ALLOW", "upstream": "BLOCK"}
    python.published("downstream", "tool", "1.0")
    assert python.install("downstream", "tool==1.0") == "1.0"
    assert python.versions("downstream", "pypi", "tool")["1.0"][1] == internal("downstream")


def test_a_seeded_public_pypi_serves_pip_through_app_and_pypi_store(python: Python) -> None:
    public_registry_through_a_store(python, "pypi", "public:pypi", "requests", "2.31.0", "2.32.0")


def test_dependency_confusion_with_pip(python: Python) -> None:
    python.repository("pypi-store", connection="public:pypi")
    python.repository("app", "pypi-store")
    dependency_confusion(python, "pypi", "1.0", "99.0")


def test_internal_upstream_modes_change_what_pip_can_fetch(python: Python) -> None:
    python.repository("upstream")
    python.repository("app", "upstream")
    python.published("upstream", "acme-tool", "1.0")

    def mode(pattern: str, value: str, allowed: Optional[str] = None) -> None:
        python.group_mode(pattern, "INTERNAL_UPSTREAM", value, allowed)

    mode("/pypi/*", "ALLOW")
    mode("/pypi//acme~", "BLOCK")
    assert python.install("app", "acme-tool") is None
    mode("/pypi//acme~", "ALLOW_SPECIFIC_REPOSITORIES", allowed="upstream")  # not the one that keeps it
    assert python.install("app", "acme-tool") is None
    mode("/pypi/*", "BLOCK")
    mode("/pypi//acme~", "INHERIT")  # from /pypi/*: BLOCK
    assert python.install("app", "acme-tool") is None
    mode("/pypi/*", "ALLOW")  # INHERIT now gives ALLOW
    assert python.install("app", "acme-tool") == "1.0"
    assert python.versions("app", "pypi", "acme-tool") == {"1.0": ("Published", internal("upstream"))}
    # app's package now decides (its own configuration wins over the group): start app afresh
    python.api.delete_package(domain=DOMAIN, repository="app", format="pypi", package="acme-tool")
    python.published("upstream", "acme-tool", "2.0")
    mode("/pypi//acme~", "ALLOW_SPECIFIC_REPOSITORIES", allowed="app")
    assert python.install("app", "acme-tool") == "2.0"
