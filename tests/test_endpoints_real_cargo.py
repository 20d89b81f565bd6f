"""The real cargo against ``ca.serve()``: ``cargo publish``, a dependent crate's build, the statuses.

Marked ``real_client``: CI runs them once. Every test has its own ``CARGO_HOME`` (see ``cargo_helpers``)
declaring the mock as registry ``mock`` (the token in ``CARGO_REGISTRIES_MOCK_TOKEN``), crates.io replaced by
an empty local directory (no test crate depends on anything but the mock's crates). Crates are tiny and
share one target directory per test: the machine is small and shared.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Optional

import pytest
from cargo_helpers import NEEDS_CARGO, cargo_environment, cargo_home, lock_entries, run_cargo
from endpoint_env import RepositoryEnv

from codeartifact_mock import mock_codeartifact

pytestmark = NEEDS_CARGO


class Cargo(RepositoryEnv):
    """The mock, its server, and a ``CARGO_HOME`` of the test's own (``forget`` empties its caches)."""

    FORMAT = "cargo"

    def __init__(self, ca: Any, server: Any, root: Path) -> None:
        super().__init__(ca, server)
        self.root = root
        self.home = cargo_home(root / "cargo-home", {"mock": self.url}, root / "nowhere")
        self.env = cargo_environment(self.home, {})
        self.env.update(CARGO_TARGET_DIR=str(root / "target"), CARGO_INCREMENTAL="0")  # one for its builds

    def run(self, *args: str, cwd: Path, token: Any = ...) -> subprocess.CompletedProcess[str]:
        env = dict(self.env)
        sent = self.token if token is ... else token
        if sent is not None:
            env["CARGO_REGISTRIES_MOCK_TOKEN"] = sent
        return run_cargo(*args, cwd=cwd, environment=env)

    def ok(self, *args: str, cwd: Path, token: Any = ...) -> str:
        completed = self.run(*args, cwd=cwd, token=token)
        assert completed.returncode == 0, completed.stdout + completed.stderr
        return completed.stdout + completed.stderr

    def fails(self, *args: str, cwd: Path, token: Any = ...) -> str:
        completed = self.run(*args, cwd=cwd, token=token)
        output = completed.stdout + completed.stderr
        assert completed.returncode != 0, output
        return output

    def forget(self) -> None:
        """Drop what cargo keeps of the registry (index cache, downloaded crates): the next build fetches."""
        shutil.rmtree(self.home / "registry", ignore_errors=True)

    def library(self, name: str, version: str, manifest: str = "", source: Optional[str] = None) -> Path:
        """A library crate the test writes: ``hello()`` says which version it is."""
        directory = self.root / "crates" / f"{name}-{version}"
        (directory / "src").mkdir(parents=True)
        (directory / "Cargo.toml").write_text(
            f'[package]\nname = "{name}"\nversion = "{version}"\nedition = "2021"\n{manifest}'
        )
        code = source or f'pub fn hello() -> &\'static str {{ "{name} {version}" }}\n'
        (directory / "src" / "lib.rs").write_text(code)
        return directory

    def publish(self, directory: Path, verify: bool = False) -> str:
        """``cargo publish``; with ``verify``, cargo builds the packaged crate first (offline, as the crate
        depends on nothing outside the mock)."""
        checks = () if verify else ("--no-verify",)
        return self.ok("publish", "--registry", "mock", *checks, "--allow-dirty", cwd=directory)

    def application(self, name: str, requirement: str) -> Path:
        """A binary crate depending on ``greet`` from the mock that prints ``greet::hello()``."""
        directory = self.root / "apps" / name
        (directory / "src").mkdir(parents=True)
        (directory / "Cargo.toml").write_text(
            f'[package]\nname = "{name}"\nversion = "0.1.0"\nedition = "2021"\npublish = false\n\n'
            f'[dependencies]\ngreet = {{ version = "{requirement}", registry = "mock" }}\n'
        )
        (directory / "src" / "main.rs").write_text('fn main() { println!("{}", greet::hello()); }\n')
        return directory

    def downloads(self, crate: str, version: str) -> list[int]:
        path = f"api/v1/crates/{crate}/{version}/download"
        return [c.status for c in self.ca.calls if c.params.get("path", "").endswith(path)]


@pytest.fixture
def cargo(tmp_path: Path) -> Iterator[Cargo]:
    with mock_codeartifact() as ca, ca.serve() as server:
        yield Cargo(ca, server, tmp_path)


def test_publish_build_and_the_statuses(cargo: Cargo) -> None:
    cargo.publish(cargo.library("greet", "0.1.0"), verify=True)
    cargo.publish(cargo.library("greet", "0.1.1"))
    app = cargo.application("app", "0.1")
    assert cargo.ok("run", "-q", cwd=app).strip() == "greet 0.1.1"
    (locked,) = lock_entries(app, "greet")
    asset = cargo.client.get_package_version_asset(
        domain="acme",
        repository="releases",
        format="cargo",
        package="greet",
        packageVersion="0.1.1",
        asset="greet-0.1.1.crate",
    )["asset"].read()
    assert locked["version"] == "0.1.1"
    assert locked["source"] == f"sparse+{cargo.url}"
    assert locked["checksum"] == hashlib.sha256(asset).hexdigest()  # the index's cksum, as Cargo checked it
    # the first request carries no token; the 401's challenge makes Cargo send it verbatim
    config = [c for c in cargo.ca.calls if c.params.get("path", "").endswith("/config.json")]
    assert [c.status for c in config[:2]] == [401, 200]

    # Unlisted: a fresh resolution skips it (yanked in the index) while the lockfile build still fetches it
    cargo.status("greet", "0.1.1", "Unlisted")
    fresh = cargo.application("fresh", "0.1")
    cargo.ok("generate-lockfile", cwd=fresh)
    assert [entry["version"] for entry in lock_entries(fresh, "greet")] == ["0.1.0"]
    cargo.forget()
    assert cargo.ok("run", "-q", "--locked", cwd=app).strip() == "greet 0.1.1"
    assert cargo.downloads("greet", "0.1.1") == [200, 200]

    # Archived: gone from the index, and the download is 404: the locked build fails
    cargo.status("greet", "0.1.1", "Archived")
    cargo.forget()
    output = cargo.fails("build", "--locked", cwd=app)
    assert 'failed to select a version for the requirement `greet = "^0.1"` (locked to 0.1.1)' in output
    assert cargo.ok("run", "-q", cwd=fresh).strip() == "greet 0.1.0"  # the other version still builds


def test_seeded_crates_build(cargo: Cargo) -> None:
    """``add_package_version`` without assets stores a ``.crate`` cargo unpacks and builds, its dependencies
    resolved from the index line made from the seed's ``dependencies``."""
    cargo.ca.add_package_version("acme", "releases", "cargo", "base", "1.4.0")
    for version in ("0.1.0", "0.2.0"):
        cargo.ca.add_package_version(
            "acme",
            "releases",
            "cargo",
            "greet",
            version,
            summary="Greets",
            dependencies=[{"package": "base", "versionRequirement": "^1", "dependencyType": "normal"}],
        )
    app = cargo.application("app", ">=0.1, <1")
    (app / "src" / "main.rs").write_text('fn main() { println!("{}", greet::VERSION); }\n')
    assert cargo.ok("run", "-q", cwd=app).strip() == "0.2.0"
    assert [(entry["name"], entry["version"]) for entry in lock_entries(app, "base")] == [("base", "1.4.0")]
    cargo.status("greet", "0.2.0", "Archived")  # a seeded version follows the statuses as a published one
    fresh = cargo.application("fresh", ">=0.1, <1")
    (fresh / "src" / "main.rs").write_text('fn main() { println!("{}", greet::VERSION); }\n')
    assert cargo.ok("run", "-q", cwd=fresh).strip() == "0.1.0"


def test_what_cargo_publish_sends_is_what_the_api_shows(cargo: Cargo) -> None:
    cargo.publish(cargo.library("greet", "1.0.0"))
    manifest = (
        'description = "Fancy greetings"\nlicense = "MIT OR Apache-2.0"\n'
        'homepage = "https://example.invalid/fancy"\nrepository = "https://example.invalid/fancy.git"\n'
        'readme = "README.md"\n\n'
        '[dependencies]\ngreet = { version = "1", registry = "mock" }\n\n'
        '[dev-dependencies]\ngreeter = { package = "greet", version = "1.0", registry = "mock" }\n\n'
        '[build-dependencies]\ngreet = { version = "=1.0.0", registry = "mock" }\n'
    )
    source = "pub fn fancy() -> String { greet::hello().into() }\n"
    fancy = cargo.library("Fancy_Greet", "0.2.0", manifest, source)
    (fancy / "README.md").write_text("# Fancy_Greet\n\nThe readme.\n")
    cargo.publish(fancy)

    where = {"domain": "acme", "repository": "releases", "format": "cargo", "package": "Fancy_Greet"}
    version = {**where, "packageVersion": "0.2.0"}
    described = cargo.client.describe_package_version(**version)["packageVersion"]
    assert (described["displayName"], described["status"]) == ("Fancy_Greet", "Published")
    assert (described["summary"], described["homePage"], described["sourceCodeRepository"]) == (
        "Fancy greetings",
        "https://example.invalid/fancy",
        "https://example.invalid/fancy.git",
    )
    assert described["licenses"] == [{"name": "MIT OR Apache-2.0"}]
    assert cargo.client.get_package_version_readme(**version)["readme"] == "# Fancy_Greet\n\nThe readme.\n"
    dependencies = cargo.client.list_package_version_dependencies(**version)["dependencies"]
    assert sorted((d["package"], d["dependencyType"], d["versionRequirement"]) for d in dependencies) == [
        ("greet", "build", "=1.0.0"),
        ("greet", "dev", "^1.0"),
        ("greet", "normal", "^1"),
    ]
    (asset,) = cargo.client.list_package_version_assets(**version)["assets"]
    assert asset["name"] == "Fancy_Greet-0.2.0.crate"
    assert cargo.client.list_packages(domain="acme", repository="releases")["packages"][1]["package"] == (
        "Fancy_Greet"
    )

    # Cargo asks for the index file in lower case (fa/nc/fancy_greet) and builds against the crate
    app = cargo.root / "apps" / "uses-fancy"
    (app / "src").mkdir(parents=True)
    (app / "Cargo.toml").write_text(
        '[package]\nname = "uses-fancy"\nversion = "0.1.0"\nedition = "2021"\npublish = false\n\n'
        '[dependencies]\nFancy_Greet = { version = "0.2", registry = "mock" }\n'
    )
    (app / "src" / "main.rs").write_text('fn main() { println!("{}", Fancy_Greet::fancy()); }\n')
    assert cargo.ok("run", "-q", cwd=app).strip() == "greet 1.0.0"
    index = [c for c in cargo.ca.calls if c.params.get("path", "").endswith("/fa/nc/fancy_greet")]
    # (404 while cargo publish looked before the crate existed; a 304 when Cargo revalidated the index file it
    # had fetched, by its ETag: found at that path all the same)
    statuses = [call.status for call in index]
    assert 200 in statuses and statuses[-1] in (200, 304), statuses


def test_publishing_again_and_unsupported_commands_fail_clearly(cargo: Cargo) -> None:
    library = cargo.library("greet", "1.0.0")
    cargo.publish(library)
    # Cargo sees the version listed in the index and refuses by itself; once Unlisted (yanked, which Cargo
    # does not count) or Archived (gone from the index) it uploads, and the server's 409 refuses
    publish = ("publish", "--registry", "mock", "--no-verify", "--allow-dirty")
    assert "crate greet@1.0.0 already exists on `mock` index" in cargo.fails(*publish, cwd=library)
    for status in ("Unlisted", "Archived"):
        cargo.status("greet", "1.0.0", status)
        output = cargo.fails(*publish, cwd=library)
        refused = f"Package version 'greet@1.0.0' has status {status}: it cannot be published again"
        assert f"(status 409 Conflict): {refused}" in output, output
    for command, arguments in (
        ("yank", ("yank", "greet@1.0.0", "--registry", "mock")),
        ("owner", ("owner", "--list", "greet", "--registry", "mock")),
        ("search", ("search", "greet", "--registry", "mock")),
    ):
        output = cargo.fails(*arguments, cwd=cargo.root)
        status = "405 Method Not Allowed" if command == "yank" else "404 Not Found"
        assert f"(status {status}): codeartifact does not support cargo {command}" in output, output


def test_no_token_or_a_wrong_token_fails_with_401(cargo: Cargo) -> None:
    cargo.publish(cargo.library("greet", "1.0.0"))
    app = cargo.application("app", "1")
    for token in ("wrong-token", None):
        cargo.forget()  # else Cargo knows from its cached config.json that it needs a token, and asks nothing
        before = len(cargo.ca.calls)
        output = cargo.fails("generate-lockfile", cwd=app, token=token)
        problem = "no token found" if token is None else "token rejected"
        assert f"{problem} for `mock`, please run `cargo login --registry mock`" in output, output
        statuses = [c.status for c in cargo.ca.calls[before:] if c.operation == "ReadFromRepository"]
        assert statuses and set(statuses) == {401}, (statuses, output)
    assert not (app / "Cargo.lock").exists()
    cargo.ok("generate-lockfile", cwd=app)  # with the right token it resolves
    assert [entry["version"] for entry in lock_entries(app, "greet")] == ["1.0.0"]


def test_a_warm_index_cache_revalidates_and_gets_304s(cargo: Cargo) -> None:
    """Cargo keeps each index file's ETag in its CARGO_HOME and sends it back as If-None-Match: an unchanged
    index file comes back 304 (a 304 is only ever the answer to the current ETag); a new version is a 200."""
    cargo.ca.add_package_version("acme", "releases", "cargo", "greet", "0.1.0")
    app = cargo.application("warm", "0.1")

    def index_answers() -> list[int]:
        before = len([c for c in cargo.ca.calls if c.params.get("package") == "greet"])
        cargo.ok("generate-lockfile", cwd=app)
        return [c.status for c in cargo.ca.calls if c.params.get("package") == "greet"][before:]

    assert index_answers() == [200]
    assert index_answers() == [304]
    cargo.ca.add_package_version("acme", "releases", "cargo", "greet", "0.1.1")
    assert index_answers() == [200]
    assert [entry["version"] for entry in lock_entries(app, "greet")] == ["0.1.1"]
    assert index_answers() == [304]
