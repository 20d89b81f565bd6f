"""Conditional GETs at the repository endpoints, for every format (RFC 9110 sections 8.8.3, 13.1.2 and
15.4.5): every 200 to a GET or HEAD carries an ``ETag``, and a GET or HEAD whose ``If-None-Match`` names the
current one is answered ``304 Not Modified``, with no body, so that warm npm and pip caches revalidate what
they hold instead of downloading it again.

The router does it for every answer (``validated``): a 200 whose format named no validator gets the SHA-256
of its body as its tag, and any 200 whose tag the request's If-None-Match names becomes a 304. So a format
(Cargo's index files, say) is right with no code of its own. A format names a validator where that is
cheaper than hashing what it sends, and nothing more:

- ``document``: a document made from what the repository shows of a package (a PEP 503 page, an npm
  packument, version manifest or dist-tags list, a ``maven-metadata.xml``) is named by
  ``resolution.validator`` (the domain's graph and groups, and the package's change stamp in each place of
  the repository's search) and by its ``form``: the document's kind and whatever else it is made from (the
  URL its links are built from, the npm packument's ``Accept``), so that two documents of one URL never share
  a tag. Whether the request already holds it is decided from that, before anything is made or looked up:
  ``NotModified`` is raised, and the router answers the 304. A 304 then costs the same for a packument of
  1,000 versions as for one of one.
- ``file``: a file (a wheel, a tarball, a jar, and each checksum file of one) is named by its content's
  SHA-256, which the asset keeps: the tag hashing its body would give, without hashing it again. Its 304 is
  decided once the file is found, so that a file no longer downloadable (Archived) is a 404 whatever the
  request holds.

Comparison is RFC 9110's weak comparison, as If-None-Match requires: ``W/"x"`` names ``"x"``; the field may
list several tags, or be ``*`` (any current representation: every 200). Other methods ignore it.

A document's tag is the 64-bit ``hash`` of its validator and form (with the key below): what tells two
states of one URL apart, as the stamps themselves do (in CPython two validators differing in one stamp never
hash alike: its tuple hash mixes each element by a bijective round), at a fifth of what a keyed BLAKE2 of
their ``repr`` costs (0.6 against 2.7 µs, a tenth of a 304's whole answer). The stamps are numbers of this
process (``entities.new_stamp``); another process counts from 1 again, and the same stamps there can name
other documents. So a key drawn when the module is imported goes into every document's tag: a tag given out
by one server process never matches in another, and a client's cache kept across a restart downloads once
more rather than trusting a stale copy. A content hash is the same in every process.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Hashable
from typing import Optional

from ..backend.entities import Asset, PackageKey
from .http import Context, EndpointResponse, Headers

_KEY = secrets.token_bytes(16)  # this process's: see the module's docstring
_64_BITS = (1 << 64) - 1
_ENTITY_TAG = re.compile(r'(?:W/)?"([^"]*)"')  # RFC 9110's entity-tag: [W/] DQUOTE *etagc DQUOTE
# What a 304 carries of the 200 it stands for (RFC 9110 section 15.4.5), by lower-cased name.
_KEPT_BY_304 = frozenset(("etag", "vary", "cache-control", "content-location", "expires", "date"))


class NotModified(Exception):
    """The request holds the current representation already: the router answers 304 with ``headers``."""

    def __init__(self, headers: Headers) -> None:
        super().__init__("Not Modified")
        self.headers = headers

    def response(self) -> EndpointResponse:
        return EndpointResponse(304, self.headers, b"")


def document(context: Context, key: PackageKey, form: Hashable, vary: Optional[str] = None) -> Headers:
    """The validator headers of a document about package ``key`` in ``form`` as the repository serves it now:
    its ``ETag`` (and ``Vary``, naming the request headers the document depends on besides its URL). Raises
    ``NotModified`` when the request's If-None-Match names that tag already."""
    validator = context.backend.validator(context.repository, key)
    tag = f'"{hash((_KEY, validator, form)) & _64_BITS:016x}"'
    headers = [("ETag", tag)] if vary is None else [("ETag", tag), ("Vary", vary)]
    if context.none_match and names(context.none_match, tag, star=False):
        raise NotModified(headers)
    return headers


def file(asset: Asset) -> Headers:
    """The validator headers of a file, or of a checksum file of it: its content's SHA-256 (kept by the
    asset: what ``validated`` would compute from the body, without reading it again)."""
    return [("ETag", f'"{asset.sha256}"')]


def names(field: str, tag: str, star: bool = True) -> bool:
    """Whether If-None-Match ``field`` names the entity tag ``tag`` (weak comparison: ``W/`` is ignored on
    either side), or is ``*`` (when ``star``: it names any current representation)."""
    if field == tag:  # what clients send: the tag they were given, alone
        return True
    if star and field.strip() == "*":
        return True
    opaque = (tag[2:] if tag.startswith("W/") else tag)[1:-1]
    return any(found.group(1) == opaque for found in _ENTITY_TAG.finditer(field))


def validated(none_match: str, response: EndpointResponse) -> EndpointResponse:
    """``response`` to a GET or HEAD whose If-None-Match is ``none_match`` ("" for none): a 200 with an
    ``ETag`` (its body's SHA-256 if the format named no validator), or a 304 in its place when the field
    names that tag (or is ``*``), with the 200's validator headers and no body."""
    if response.status != 200:
        return response  # (a precondition is ignored where the answer would not be a 2xx: section 13.2.1)
    tag = next((value for name, value in response.headers if name.lower() == "etag"), None)
    if tag is None:
        tag = f'"{hashlib.sha256(response.body).hexdigest()}"'
        response = response._replace(headers=[("ETag", tag), *response.headers])
    if not none_match or not names(none_match, tag):
        return response
    return EndpointResponse(304, [(n, v) for n, v in response.headers if n.lower() in _KEPT_BY_304], b"")
