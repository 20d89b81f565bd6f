"""The real pip, twine and npm under the domain and repository policies (issue 27), against ``ca.serve()``.

A Deny on ReadFromRepository makes pip and npm fail; a role of another account reads ``releases`` once the
domain policy lets it get a token and the repository policy lets it read, and cannot publish. The set-ups are
those of the real-client endpoint tests (``Clients`` for PyPI, ``Npm`` for npm). Marked ``real_client``.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError
from npm_helpers import NEEDS_NPM
from owner_policies import policy_document
from test_endpoints_real_clients import Clients
from test_endpoints_real_npm import Npm

from codeartifact_mock import mock_codeartifact

pytestmark = pytest.mark.real_client
OWNER = "123456789012"
CI = "arn:aws:iam::210987654321:role/ci"
NEEDS_TWINE = pytest.mark.skipif(importlib.util.find_spec("twine") is None, reason="twine is not installed")


def _statement(effect: str, principal: Any, action: str) -> dict[str, Any]:
    return {"Effect": effect, "Principal": principal, "Action": f"codeartifact:{action}", "Resource": "*"}


def _let_ci_read(ca: Any, api: Any) -> str:
    """The owner's domain and repository policies for CI, then CI's token, asked for as CI."""
    api.put_domain_permissions_policy(
        domain="acme",
        policyDocument=policy_document(_statement("Allow", {"AWS": CI}, "GetAuthorizationToken")),
    )
    api.put_repository_permissions_policy(
        domain="acme",
        repository="releases",
        policyDocument=policy_document(_statement("Allow", {"AWS": CI}, "ReadFromRepository")),
    )
    with ca.as_principal(CI):
        return str(api.get_authorization_token(domain="acme", domainOwner=OWNER)["authorizationToken"])


DENY_READ = policy_document(_statement("Deny", "*", "ReadFromRepository"))


@pytest.fixture
def clients(tmp_path: Path) -> Iterator[Clients]:
    with mock_codeartifact() as ca, ca.serve() as server:
        yield Clients(ca, server, tmp_path)


@NEEDS_TWINE
def test_pip_fails_under_a_deny_on_read_from_repository(clients: Clients, tmp_path: Path) -> None:
    assert clients.twine(*clients.build("tool", "1.0")).returncode == 0
    assert clients.pip("download", "-d", str(tmp_path / "before"), "tool==1.0").returncode == 0

    clients.client.put_repository_permissions_policy(
        domain="acme", repository="releases", policyDocument=DENY_READ
    )

    failed = clients.pip("download", "-vv", "-d", str(tmp_path / "after"), "tool==1.0")  # -vv: why it failed
    assert failed.returncode != 0
    assert "/simple/tool/: 403 Client Error: Forbidden" in failed.stdout + failed.stderr
    assert [c.status for c in clients.ca.calls if c.operation == "ReadFromRepository"][-1] == 403


@NEEDS_TWINE
def test_a_cross_account_role_installs_with_pip_and_cannot_upload_with_twine(
    clients: Clients, tmp_path: Path
) -> None:
    whl, tar = clients.build("tool", "1.0")
    assert clients.twine(whl, tar).returncode == 0
    with clients.ca.as_principal(CI), pytest.raises(ClientError, match="no resource-based policy allows"):
        clients.client.get_authorization_token(domain="acme", domainOwner=OWNER)

    token = _let_ci_read(clients.ca, clients.client)

    installed = clients.pip("install", "--target", str(tmp_path / "site"), "tool==1.0", token=token)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    assert (tmp_path / "site" / "tool" / "__init__.py").read_text() == "VERSION = '1.0'\n"
    clients.token = token  # twine uploads with CI's token
    refused = clients.twine(*clients.build("tool", "2.0"))
    assert refused.returncode != 0
    assert "403" in refused.stdout + refused.stderr
    assert [(c.operation, c.status, c.principal) for c in clients.ca.calls][-1] == (
        "PublishPackageVersion",
        403,
        CI,
    )


@pytest.fixture
def npm(tmp_path: Path) -> Iterator[Npm]:
    with mock_codeartifact() as ca, ca.serve() as server:
        yield Npm(ca, server, tmp_path)


@NEEDS_NPM
def test_a_cross_account_role_installs_with_npm_and_cannot_publish(npm: Npm) -> None:
    npm.ok("publish", cwd=npm.package("tool", "1.0.0"))
    token = _let_ci_read(npm.ca, npm.client)
    npm.configs[token] = npm.config(token)

    app = npm.project("app")
    npm.ok("install", "tool@1.0.0", cwd=app, token=token)
    assert (app / "node_modules" / "tool" / "index.js").read_text() == 'module.exports = "1.0.0";\n'
    npm.fails("E403", "publish", cwd=npm.package("tool", "2.0.0"), token=token)
    assert {(c.operation, c.principal) for c in npm.ca.calls if c.status == 403} == {
        ("PublishPackageVersion", CI)
    }


@NEEDS_NPM
def test_npm_fails_under_a_deny_on_read_from_repository(npm: Npm) -> None:
    npm.ok("publish", cwd=npm.package("tool", "1.0.0"))
    npm.client.put_repository_permissions_policy(
        domain="acme", repository="releases", policyDocument=DENY_READ
    )

    output = npm.fails("E403", "install", "tool@1.0.0", cwd=npm.project("app"))

    assert "with an explicit deny in a resource-based policy" in output
