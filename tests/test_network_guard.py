"""The suite's own guard: a test that tries to leave the machine is stopped, and fails."""

from __future__ import annotations

import socket

import conftest
import pytest


def _forget_attempts(before: int) -> list[str]:
    attempts = conftest._violations[before:]
    del conftest._violations[before:]  # this test provoked them on purpose
    return attempts


def test_dns_lookup_of_a_remote_host_is_refused() -> None:
    before = len(conftest._violations)
    with pytest.raises(ConnectionRefusedError):
        socket.getaddrinfo("codeartifact.us-east-1.amazonaws.com", 443)
    assert _forget_attempts(before) == ["DNS look-up of 'codeartifact.us-east-1.amazonaws.com'"]


def test_connect_to_a_remote_address_is_refused() -> None:
    before = len(conftest._violations)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock, pytest.raises(ConnectionRefusedError):
        sock.connect(("192.0.2.10", 443))
    assert _forget_attempts(before) == ["connect to ('192.0.2.10', 443)"]


def test_loopback_is_allowed() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        with socket.create_connection(server.getsockname(), timeout=5):
            pass
