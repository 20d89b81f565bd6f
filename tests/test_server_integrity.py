"""Nothing is half-written or resurrected: what the server holds stays whole under races and long runs.

- An ``npm publish`` racing DeleteRepository + CreateRepository of its repository either succeeds whole (the
  version stored with its ``latest`` tag) or fails with nothing stored, round after round.
- Deleting an npm version drops the dist-tags that named it: publishing that version again brings back
  no tag nobody set.
- A token is tied to the domain it was issued for, not to its name: once the domain is deleted the token is
  a 401 at the endpoints, and stays one when a domain of the same name is created again.
- Expired tokens are dropped as new ones are issued, so a long run keeps the table of tokens bounded (and
  a deleted domain is not kept alive by its token); a dropped token is still answered "expired".
- The recorded calls keep no asset bytes, and hold only the most recent ``max_calls`` (the total is kept).
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import random
import signal
import subprocess
import threading
import time
import types
from collections import Counter
from collections.abc import Iterator
from typing import Any, Optional

import boto3
import pytest
import requests
from endpoint_env import RepositoryEnv, in_process_repository
from npm_helpers import manifest, publish_document, tarball
from pypi_helpers import Answer, http, upload_form, wheel
from server_helpers import SERVER_COMMAND, command_environment, control, request
from server_helpers import client as server_client

from codeartifact_mock import ThreadedCodeArtifactServer, activation, mock_codeartifact
from codeartifact_mock.backend import authorization_tokens
from codeartifact_mock.backend.authorization_tokens import SWEEP_FLOOR
from codeartifact_mock.backend.entities import Domain

RACE_ROUNDS = 48
# A tarball large enough that reading the publish (JSON, base64, the integrity hashes) takes a while: the
# window in which the repository can be deleted and created again.
RACE_FILE = random.Random(24).randbytes(1 << 20)
TOOL = {"domain": "acme", "repository": "releases", "format": "npm", "package": "tool"}
GENERIC = {"domain": "acme", "repository": "releases", "format": "generic", "namespace": "t", "package": "a"}
PYPI_TOOL = {"domain": "acme", "repository": "releases", "format": "pypi", "package": "tool"}
AWS_PYPI = "https://acme-123456789012.d.codeartifact.us-east-1.amazonaws.com/pypi/releases/"  # in process


class Env(RepositoryEnv):
    FORMAT = "npm"

    def publish(self, name: str, version: str, tag: str = "latest", token: Optional[str] = None) -> Answer:
        """``npm publish`` of ``name@version`` (a small tarball), tagging it ``tag``."""
        return self.put(name, publish_document(manifest(name, version), tag=tag), token)

    def put(self, name: str, document: Any, token: Optional[str] = None) -> Answer:
        body = document if isinstance(document, bytes) else json.dumps(document).encode()
        headers = {"Authorization": f"Bearer {token or self.token}", "Content-Type": "application/json"}
        return http("PUT", self.url + name, body=body, headers=headers)

    def stored(self) -> list[str]:
        """The versions of ``tool`` in ``releases`` as ListPackageVersions lists them (none: no package)."""
        try:
            listed = self.client.list_package_versions(**TOOL)
        except self.client.exceptions.ResourceNotFoundException:
            return []
        return [entry["version"] for entry in listed["versions"]]

    def request_tag(self, method: str, tag: str, version: Optional[str] = None) -> Answer:
        """``npm dist-tag add tool@<version> <tag>`` (PUT) or ``npm dist-tag rm tool <tag>`` (DELETE)."""
        body = None if version is None else json.dumps(version).encode()
        headers = {"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"}
        return http(method, self.url + f"-/package/tool/dist-tags/{tag}", body=body, headers=headers)

    def delete_versions(self, versions: list[str]) -> None:
        answer = self.client.delete_package_versions(**TOOL, versions=versions)
        assert answer["failedVersions"] == {}

    def dist_tags(self) -> dict[str, str]:
        """``tool``'s dist-tags, as ``npm dist-tag ls`` reads them (none: no package)."""
        answer = http(
            "GET", self.url + "-/package/tool/dist-tags", headers={"Authorization": f"Bearer {self.token}"}
        )
        if answer.status == 404:
            return {}
        assert answer.status == 200, answer.body
        tags: dict[str, str] = json.loads(answer.body)
        return tags


@pytest.fixture
def env() -> Iterator[Env]:
    with mock_codeartifact() as ca, ca.serve() as server:
        yield Env(ca, server)


# -- the repository deleted and created again while a publish is read ------------------------------------


def test_a_publish_racing_the_repository_being_replaced_is_whole_or_nothing(env: Env) -> None:
    """Each round: ``releases`` holds ``tool@0.9.0`` (tagged latest) or nothing; one thread publishes
    ``tool@1.0.0`` through the server while another deletes ``releases`` and creates it again, empty.
    Whatever the interleaving, the publish succeeded into the old repository (gone with it), succeeded into
    the new one (stored there, tagged ``latest``), or failed (404: no repository then) with nothing stored."""
    package = manifest("tool", "1.0.0")
    big = json.dumps(publish_document(package, tarball(package, {"package/data.bin": RACE_FILE}))).encode()
    outcomes: Counter[str] = Counter()
    for round_number in range(RACE_ROUNDS):
        env.client.delete_repository(domain="acme", repository="releases")
        env.client.create_repository(domain="acme", repository="releases")
        if round_number % 2:  # every other round, the old repository already holds the package
            assert env.publish("tool", "0.9.0").status == 201
        # The replacement starts 0 to 14 ms after the publish is sent: before, while and after it is read.
        answer = _publish_while_replaced(env, big, delay=round_number // 2 % 8 * 0.002)
        stored, tags = env.stored(), env.dist_tags()
        if answer.status == 201 and stored:  # published into the new repository: whole
            whole = (stored, tags) == (["1.0.0"], {"latest": "1.0.0"})
        elif answer.status == 201:  # published into the old repository, then deleted with it
            whole = tags == {}
        else:  # no repository when it was answered
            whole = answer.status == 404 and (stored, tags) == ([], {})
        verdict = "" if whole else "HALF-WRITTEN: "
        outcomes[f"{verdict}{answer.status}, versions {stored}, dist-tags {tags}"] += 1
    print(dict(outcomes))
    assert not [outcome for outcome in outcomes if outcome.startswith("HALF")], dict(outcomes)


def _publish_while_replaced(env: Env, body: bytes, delay: float) -> Answer:
    """PUT ``body`` to ``tool`` in one thread while another, ``delay`` seconds later, deletes ``releases``
    and creates it again; the publish's answer."""
    start = threading.Barrier(2)
    answers: list[Answer] = []

    def publish() -> None:
        start.wait()
        answers.append(env.put("tool", body))

    def replace() -> None:
        start.wait()
        time.sleep(delay)
        env.client.delete_repository(domain="acme", repository="releases")
        env.client.create_repository(domain="acme", repository="releases")

    threads = [threading.Thread(target=publish), threading.Thread(target=replace)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "stuck"
    (answer,) = answers
    return answer


# -- dist-tags go with the versions they name ------------------------------------------------------------


def test_deleting_a_version_drops_the_dist_tags_that_named_it(env: Env) -> None:
    """As npm's registry does on unpublish: publishing that version again later brings no tag back."""
    for version, tag in (("1.0.0", "latest"), ("2.0.0", "beta"), ("3.0.0", "latest")):
        assert env.publish("tool", version, tag).status == 201
    assert env.request_tag("PUT", "next", "2.0.0").status == 201
    assert env.dist_tags() == {"latest": "3.0.0", "beta": "2.0.0", "next": "2.0.0"}

    env.delete_versions(["2.0.0", "3.0.0"])

    assert env.dist_tags() == {}  # latest named 3.0.0: no version is latest until one is tagged
    # with no latest tag, the default display version is the most recently published
    assert env.client.list_package_versions(**TOOL)["defaultDisplayVersion"] == "1.0.0"
    assert env.publish("tool", "2.0.0", "next").status == 201
    assert env.dist_tags() == {"latest": "2.0.0", "next": "2.0.0"}  # beta stays gone
    assert env.publish("tool", "3.0.0", "rc").status == 201
    assert env.dist_tags() == {"latest": "2.0.0", "next": "2.0.0", "rc": "3.0.0"}


def test_a_disposed_or_archived_version_keeps_its_tag_hidden_until_it_is_deleted(env: Env) -> None:
    assert env.publish("tool", "1.0.0").status == 201
    assert env.publish("tool", "2.0.0", "beta").status == 201
    env.client.update_package_versions_status(**TOOL, versions=["2.0.0"], targetStatus="Archived")
    assert env.dist_tags() == {"latest": "1.0.0"}
    env.client.update_package_versions_status(**TOOL, versions=["2.0.0"], targetStatus="Published")
    assert env.dist_tags() == {"latest": "1.0.0", "beta": "2.0.0"}  # restored, tag and all
    env.client.dispose_package_versions(**TOOL, versions=["2.0.0"])
    assert env.dist_tags() == {"latest": "1.0.0"}
    assert env.publish("tool", "2.0.0").status == 409  # a Disposed version is not published again

    env.delete_versions(["2.0.0"])
    assert env.publish("tool", "2.0.0", "next").status == 201

    assert env.dist_tags() == {"latest": "1.0.0", "next": "2.0.0"}


def test_deleting_the_package_drops_its_dist_tags(env: Env) -> None:
    assert env.publish("tool", "1.0.0").status == 201
    assert env.publish("tool", "2.0.0", "beta").status == 201
    env.client.delete_package(**TOOL)

    assert env.publish("tool", "2.0.0", "next").status == 201

    assert env.dist_tags() == {"latest": "2.0.0", "next": "2.0.0"}


# -- tokens die with their domain -------------------------------------------------------------------------


def test_a_token_dies_with_its_domain_and_stays_dead_when_the_name_comes_back(env: Env) -> None:
    old_token = env.token
    assert env.publish("tool", "1.0.0").status == 201
    env.client.delete_repository(domain="acme", repository="releases")
    env.client.delete_domain(domain="acme")

    gone = env.publish("tool", "1.0.1", token=old_token)
    assert gone.status == 401, gone.body  # the token's domain is gone: not a 404 of its repository
    assert json.loads(gone.body) == {
        "error": "The authorization token was issued for domain acme owned by 123456789012, "
        "which has since been deleted"
    }
    assert gone.header("WWW-Authenticate") == ['Bearer realm="acme/releases"', 'Basic realm="acme/releases"']
    with pytest.raises(env.client.exceptions.ResourceNotFoundException):
        env.client.get_authorization_token(domain="acme")

    env.client.create_domain(domain="acme")
    env.client.create_repository(domain="acme", repository="releases")
    for method, path in (("PUT", "tool"), ("GET", "tool"), ("GET", "-/ping")):
        body = json.dumps(publish_document(manifest("tool", "1.0.2"))).encode() if method == "PUT" else None
        answer = http(method, env.url + path, body=body, headers={"Authorization": f"Bearer {old_token}"})
        assert answer.status == 401, (method, path, answer.body)  # the new acme is not the token's
    assert env.stored() == []

    new_token = env.client.get_authorization_token(domain="acme")["authorizationToken"]
    assert env.publish("tool", "1.0.2", token=new_token).status == 201
    assert env.stored() == ["1.0.2"]
    env.ca.expire_tokens()
    assert env.publish("tool", "1.0.3", token=new_token).status == 401


def test_a_token_from_before_a_reset_opens_nothing_created_after_it(env: Env) -> None:
    old_token = env.token
    env.ca.reset()
    env.client.create_domain(domain="acme")
    env.client.create_repository(domain="acme", repository="releases")

    answer = env.publish("tool", "1.0.0", token=old_token)

    assert answer.status == 401
    assert json.loads(answer.body) == {"error": "The authorization token is not valid"}
    assert env.stored() == []


# -- expired tokens are dropped: a long run keeps the table bounded -----------------------------------------


def _read(token: str) -> requests.Response:
    return requests.get(AWS_PYPI + "simple/tool/", auth=("aws", token), timeout=10)


def test_a_long_run_of_tokens_issued_and_expired_keeps_the_table_bounded() -> None:
    with mock_codeartifact() as ca:
        ca.add_package_version("acme", "releases", "pypi", "tool", "1.0", assets=dict([wheel("tool", "1.0")]))
        ca.add_package_version("gone", "releases", "npm", "chalk", "4.1.0")
        client = boto3.client("codeartifact", region_name="us-east-1")
        first = client.get_authorization_token(domain="acme")["authorizationToken"]
        gone = client.get_authorization_token(domain="gone")["authorizationToken"]
        client.delete_repository(domain="gone", repository="releases")
        client.delete_domain(domain="gone")
        tokens = activation.store.authorization_tokens
        last = ""
        kept = []
        for _ in range(50):  # 1,000 tokens issued, every 20 of them expired
            for _ in range(20):
                last = client.get_authorization_token(domain="acme")["authorizationToken"]
            ca.expire_tokens()
            kept.append(len(tokens))

        assert max(kept) <= SWEEP_FLOOR, kept
        assert tokens.grant(first) is None and tokens.grant(gone) is None  # dropped
        assert tokens.grant(last) is not None  # expired, not yet dropped
        # with its grant, the deleted domain it kept alive is gone
        gc.collect()
        assert not [found for found in gc.get_objects() if isinstance(found, Domain) and found.name == "gone"]
        # a dropped token is still "expired", as one still remembered is; one never issued is "not valid"
        for expired in (first, last):
            answer = _read(expired)
            assert (answer.status_code, answer.text) == (401, "The authorization token has expired\n")
        forged = first[:-8] + ("BBBBBBBB" if first.endswith("AAAAAAAA") else "AAAAAAAA")
        for never_issued in (forged, "token", first + ".", first.rpartition(".")[0]):
            answer = _read(never_issued)
            assert (answer.status_code, answer.text) == (401, "The authorization token is not valid\n")
        valid = client.get_authorization_token(domain="acme")["authorizationToken"]
        assert _read(valid).status_code == 200


def test_tokens_are_dropped_once_their_lifetime_has_run_out(monkeypatch: pytest.MonkeyPatch) -> None:
    """Not only those ``expire_tokens()`` ended: the sweep asks each grant's expiry, and keeps the rest."""
    with mock_codeartifact():
        client = boto3.client("codeartifact", region_name="us-east-1")
        client.create_domain(domain="acme")
        long_lived = [client.get_authorization_token(domain="acme")["authorizationToken"] for _ in range(10)]
        # sixteen minutes from now, for the table: past the shortest lifetime, 900 s
        later = time.time() + 16 * 60
        monkeypatch.setattr(authorization_tokens, "time", types.SimpleNamespace(time=lambda: later))
        tokens = activation.store.authorization_tokens
        for _ in range(500):
            client.get_authorization_token(domain="acme", durationSeconds=900)
            assert len(tokens) <= SWEEP_FLOOR

        assert all(tokens.grant(token) is not None for token in long_lived)


# -- recorded calls: no asset bytes, a ring of the most recent -------------------------------------------


def _holders(marker: bytes) -> list[str]:
    """The types of the objects in the process holding bytes that contain ``marker`` (and more)."""
    gc.collect()
    return [
        type(holder).__name__
        for holder in gc.get_objects()
        for held in gc.get_referents(holder)
        if isinstance(held, (bytes, bytearray)) and len(held) > len(marker) and marker in held
    ]


def _publish_and_download(client: Any, token: str, marker: bytes) -> None:
    """Publish files carrying ``marker`` through the API and through ``requests`` in process, and download
    one; nothing of them stays in this function's frame."""
    content = marker * 100
    sha256 = hashlib.sha256(content).hexdigest()
    client.publish_package_version(
        **GENERIC, packageVersion="1.0", assetName="a.bin", assetContent=content, assetSHA256=sha256
    )
    filename, content = wheel("tool", "1.0", summary=marker.decode())
    content_type, body = upload_form("tool", "1.0", filename, content)
    auth = ("aws", token)
    posted = requests.post(AWS_PYPI, data=body, headers={"Content-Type": content_type}, auth=auth, timeout=5)
    assert posted.status_code == 200
    assert requests.get(AWS_PYPI + f"simple/tool/1.0/{filename}", auth=auth, timeout=5).content == content


def test_a_disposed_versions_bytes_are_kept_nowhere() -> None:
    """Not in ``calls`` (which keeps the size and SHA-256), not in what ``responses`` records in process."""
    with mock_codeartifact() as ca:
        client, token = in_process_repository()
        marker = os.urandom(16).hex().encode()
        _publish_and_download(client, token, marker)
        assert _holders(marker)  # the versions hold them

        client.dispose_package_versions(**GENERIC, versions=["1.0"])
        client.dispose_package_versions(**PYPI_TOOL, versions=["1.0"])

        assert _holders(marker) == []
        (published,) = [call for call in ca.calls if call.operation == "PublishPackageVersion"][:1]
        assert published.params["bytesTransferredIn"] == 3200
        assert published.params["assetSHA256"] == hashlib.sha256(marker * 100).hexdigest()


def test_a_server_keeps_the_most_recent_max_calls_and_counts_them_all() -> None:
    with ThreadedCodeArtifactServer(max_calls=2) as server:
        api = server_client(server)
        for index in range(5):
            api.create_domain(domain=f"d{index}")

        answer = request(server, "GET", "/_codeartifact_mock/calls").json()

        assert [call["params"]["domain"] for call in answer["calls"]] == ["d3", "d4"]
        assert (answer["callsTotal"], answer["maxCalls"]) == (5, 2)
        assert (len(server.calls), server.calls_total) == (2, 5)
        assert control(server, "reset").status == 200
        assert request(server, "GET", "/_codeartifact_mock/calls").json() == {
            "calls": [],
            "callsTotal": 0,
            "maxCalls": 2,
        }
    with ThreadedCodeArtifactServer(max_calls=None) as server:
        assert request(server, "GET", "/_codeartifact_mock/calls").json()["maxCalls"] is None


@pytest.mark.skipif(not SERVER_COMMAND.exists(), reason="the console script is not installed")
def test_the_server_command_takes_max_calls() -> None:
    process = subprocess.Popen(
        [str(SERVER_COMMAND), "--port", "0", "--max-calls", "1"],
        env=command_environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = process.stdout.readline() if process.stdout else ""
        assert line.startswith("codeartifact-mock-server listening on http://127.0.0.1:"), line
        base = line.rsplit(" ", 1)[-1].strip()
        for _ in range(3):
            assert http("POST", base + "/v1/domains").status == 200
        answer = json.loads(http("GET", base + "/_codeartifact_mock/calls").body)
        assert (len(answer["calls"]), answer["callsTotal"], answer["maxCalls"]) == (1, 3, 1)
    finally:
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=10)
    assert process.returncode == 0, stderr
