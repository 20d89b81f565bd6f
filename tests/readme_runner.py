"""Runs one README block in this fresh interpreter, as a user would: ``python readme_runner.py script FILE``
runs FILE as a script, ``python readme_runner.py pytest FILE`` runs it as a pytest test module.

Nothing is imported before the block but the standard library (so "create a client before importing
codeartifact_mock" is true as written), and a socket guard refuses, and reports, any attempt to reach
anything but loopback: the exit status is 3 if there was one, even if the block swallowed the error.
A pytest module must pass with at least one test and nothing skipped, failed or in error (exit status 4).
"""

from __future__ import annotations

import ipaddress
import os
import runpy
import sys
from typing import Any

_attempts: list[str] = []


def _is_loopback(host: Any) -> bool:
    if host is None:
        return True
    host = host.decode() if isinstance(host, bytes) else str(host)
    if host in ("localhost", "localhost.localdomain", "ip6-localhost"):
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


def _guard(event: str, args: tuple[Any, ...]) -> None:
    if event == "socket.connect":
        address = args[1]
        if isinstance(address, tuple) and not _is_loopback(address[0]):
            _attempts.append(f"connect to {address!r}")
            raise ConnectionRefusedError(f"a README example tried to reach the network: {address!r}")
    elif event == "socket.getaddrinfo" and not _is_loopback(args[0]):
        _attempts.append(f"DNS look-up of {args[0]!r}")
        raise ConnectionRefusedError(f"a README example tried to resolve {args[0]!r}")


class _Outcomes:
    """A pytest plugin counting test outcomes."""

    def __init__(self) -> None:
        self.passed = 0
        self.other: list[str] = []

    def pytest_runtest_logreport(self, report: Any) -> None:
        if report.passed and report.when == "call":
            self.passed += 1
        elif not report.passed:
            self.other.append(f"{report.nodeid} {report.when}: {report.outcome}")

    def pytest_collectreport(self, report: Any) -> None:
        if not report.passed:
            self.other.append(f"collecting {report.nodeid}: {report.outcome}")


def main(mode: str, path: str) -> int:
    sys.addaudithook(_guard)
    status = 0
    if mode == "script":
        runpy.run_path(path, run_name="__main__")
    else:
        import pytest

        outcomes = _Outcomes()
        # Hypothesis is this suite's own tool, no README block uses it: its plugin would triple start-up.
        arguments = ["-q", "-p", "no:cacheprovider", "-p", "no:hypothesispytest"]
        pytest.main([path, *arguments, f"--rootdir={os.path.dirname(path)}"], [outcomes])
        if outcomes.passed == 0 or outcomes.other:
            print(f"pytest: {outcomes.passed} passed; {outcomes.other or 'no test ran'}", file=sys.stderr)
            status = 4
    sys.stdout.flush()
    if _attempts:
        print("tried to reach the network: " + "; ".join(_attempts), file=sys.stderr)
        return 3
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
