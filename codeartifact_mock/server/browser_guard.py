"""What keeps a web page, in a browser on the same machine, from driving the server.

The server checks no credentials, so any process that can send it a request can read and change its state.
Package managers, SDKs and the AWS CLI are such processes, and welcome. A web page is not, but a browser
sends requests for it: a page can POST a simple (``text/plain``) request to any address, and through DNS
rebinding (its own host name made to resolve to 127.0.0.1) can even read the answers. Two headers tell
such a request apart, and no package manager, SDK or CLI sends either problem:

- ``Host``: a browser names the host of the page's URL. A request whose ``Host`` is not a name or address
  the server answers to (loopback names and addresses, the address it is bound to, every address when it is
  bound to all of them, and the names it was given) is refused with 421 Misdirected Request, RFC 9110's
  status for "this server will not answer for that host". That stops DNS rebinding, whose requests name
  the attacker's host.
- ``Origin``: a browser names the page's origin on every cross-origin request and every POST. A request
  whose ``Origin`` is not the server's own (``http://`` and the ``Host`` it was sent to) is refused with 403
  Forbidden. That stops a page of another origin from POSTing to it at all.
- ``Sec-Fetch-Site``: browsers (Chrome 76, Firefox 90, Safari 16.4 and later) say on every request, a
  ``GET`` of an ``<img>`` without ``Origin`` included, whether it comes from another site. Such a request
  cannot read the answer, but it would be recorded in ``calls`` and use up an injected error: a request
  marked ``cross-site`` or ``same-site`` is refused with 403 too. ``none`` (an address typed in, a bookmark)
  and ``same-origin`` are answered, so a developer can look at ``/_codeartifact_mock/calls`` in a browser.

A request with neither header (HTTP/1.0 clients, raw tests) is answered: no browser sends one without
``Host``. The port in ``Host`` is not checked: behind a port forward (``docker -p 8080:5000``, ``ssh -L``) a
client names the port it connected to, and DNS rebinding is about the name.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from typing import Optional, Union

# And every name under it, which browsers resolve to loopback themselves (RFC 6761).
LOOPBACK_NAME = "localhost"

# host[:port], or [IPv6 address][:port]; the name is not checked here (an IP literal or any name).
_HOST = re.compile(r"(?:\[(?P<v6>[^\]]*)\]|(?P<name>[^:\[\]]*))(?::(?P<port>\d{1,5}))?")

_Address = Union[ipaddress.IPv4Address, ipaddress.IPv6Address]
_DECIDED_LIMIT = 64
_OTHER_SITES = ("cross-site", "same-site")  # Sec-Fetch-Site values of a request from another site's page


class BrowserGuard:
    """Decides whether a request's ``Host`` and ``Origin`` headers are the server's own (see the module).

    ``bound`` is the numeric address the server listens on; ``names`` the host names it answers to besides
    loopback ones (its ``--host`` if that was a name, and every ``--allowed-host``).
    """

    def __init__(self, bound: str, names: Iterable[str]) -> None:
        self._bound = ipaddress.ip_address(bound)
        self._names = frozenset(_normalized(name) for name in names)
        # Host values already decided: a client sends the same one on every request, and deciding it anew
        # (ipaddress's parse) was 5% of a small request. Bounded, since the values are the clients' choice.
        self._decided: dict[str, bool] = {}

    def refusal(self, hosts: list[str], origins: list[str], sites: list[str]) -> Optional[tuple[int, str]]:
        """The status and message to refuse a request with these ``Host``, ``Origin`` and ``Sec-Fetch-Site``
        header values, or None to answer it."""
        if len(hosts) > 1:
            return 400, "A request must not have more than one Host header"
        host = hosts[0].strip() if hosts else None
        if host is not None and not self.answers_to(host):
            return 421, (
                f"This server does not answer for the host {host!r} (Host header): it answers for localhost,"
                " loopback addresses and the address it listens on. A name it should answer for too is"
                " given with --allowed-host (allowed_hosts=[...] for ThreadedCodeArtifactServer)"
            )
        if origins:
            origin = origins[0].strip()
            if len(origins) > 1 or host is None or origin.lower() != f"http://{host}".lower():
                return 403, _from_a_page(f"the Origin {origin!r} is not this server's own")
        foreign = [site for site in sites if site.strip().lower() in _OTHER_SITES]
        if foreign:
            return 403, _from_a_page(
                f"the browser says it comes from another site (Sec-Fetch-Site: {foreign[0]})"
            )
        return None

    def answers_to(self, host: str) -> bool:
        """Whether a ``Host`` header (``name``, ``name:port``, ``[v6]:port``) names one of the server's."""
        decided = self._decided.get(host)
        if decided is None:
            decided = self._decide(host)
            if len(self._decided) < _DECIDED_LIMIT:
                self._decided[host] = decided
        return decided

    def _decide(self, host: str) -> bool:
        parts = _HOST.fullmatch(host)
        if parts is None:
            return False
        address: Optional[_Address]
        if parts["v6"] is not None:
            address = _address(parts["v6"])
            if not isinstance(address, ipaddress.IPv6Address):
                return False
            if address.ipv4_mapped is not None:
                address = address.ipv4_mapped  # [::ffff:127.0.0.1] is 127.0.0.1
        else:
            name = _normalized(parts["name"])
            if name == LOOPBACK_NAME or name.endswith("." + LOOPBACK_NAME) or name in self._names:
                return True
            address = _address(name)
            if address is None:
                return False  # a name that is not the server's
        # An address cannot be rebound, so every address the server listens on is its own: all of them when
        # it is bound to the unspecified address (0.0.0.0, ::).
        return address.is_loopback or address == self._bound or self._bound.is_unspecified


def _from_a_page(why: str) -> str:
    return (
        f"Requests from web pages are refused: {why}. codeartifact-mock checks no credentials, so it answers"
        " programs on this machine (package managers, SDKs, the AWS CLI), never a page of another origin"
    )


def is_loopback(address: str) -> bool:
    """Whether a numeric address is a loopback one: only this machine can reach a server bound to it."""
    parsed = _address(address)
    return parsed is not None and parsed.is_loopback


def _normalized(name: str) -> str:
    """A host name as compared: lower case, without the trailing dot of a fully qualified name."""
    return name.lower().rstrip(".")


def _address(name: str) -> Optional[_Address]:
    """``name`` as an IP address, or None for a name."""
    try:
        return ipaddress.ip_address(name)
    except ValueError:
        return None
