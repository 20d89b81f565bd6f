"""The suite's network guard for the commands its tests run: put this folder on ``PYTHONPATH``.

A name under ``.invalid`` fails to resolve at once, as RFC 6761 asks resolvers to answer (the machine's own
resolver may instead ask a DNS server); any other look-up or connection beyond loopback is refused, as
``conftest`` refuses it in the test process.
"""

from __future__ import annotations

import ipaddress
import socket
import sys
from typing import Any


def _is_loopback(host: Any) -> bool:
    if host is None or host in ("localhost", b"localhost"):
        return True
    text = host.decode() if isinstance(host, bytes) else str(host)
    try:
        return ipaddress.ip_address(text.split("%")[0]).is_loopback
    except ValueError:
        return False


def _guard(event: str, args: tuple[Any, ...]) -> None:
    if event == "socket.getaddrinfo" and not _is_loopback(args[0]):
        name = args[0].decode() if isinstance(args[0], bytes) else str(args[0])
        if name.rstrip(".").endswith(".invalid"):
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        raise ConnectionRefusedError(f"a test's command tried to resolve a network host: {name!r}")
    if event == "socket.connect" and isinstance(args[1], tuple) and not _is_loopback(args[1][0]):
        raise ConnectionRefusedError(f"a test's command tried to reach the network: {args[1]!r}")


sys.addaudithook(_guard)
