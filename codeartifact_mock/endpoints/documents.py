"""Documents a client sends (JSON, XML, a gzipped tarball), read so that a hostile one gets a 400 (an
``EndpointError``) in bounded time and memory, whatever format it came in.

- ``json_document``: JSON nested at most ``JSON_DEPTH`` levels. The stdlib's parser recurses once per level
  and raises ``RecursionError`` past the interpreter's limit, a limit that depends on how deep the caller's
  stack already is (a test calling through ``requests`` in process is deeper than a server thread), so a
  document that only just parsed in one place could fail to be written back out in another. A fixed bound
  far below the limit holds the same everywhere.
- ``xml_document``: XML read by expat, the encoding taken from the document's byte order mark or declaration,
  refused when it has a DOCTYPE: no entity can then be declared, so none can expand or be fetched. This is
  what ``defusedxml`` does (handlers refusing DOCTYPE and entity declarations on the stdlib's expat), done
  here directly: defusedxml reaches expat by re-importing ElementTree without its C accelerator, and brings
  a dependency for these few lines.
- ``tarball_member``: one file of a gzipped tarball, found in one streaming pass over the whole archive that
  refuses one that is not gzip, is cut short, or unpacks to more than ``UNPACKED_LIMIT`` bytes (a gzip bomb
  costs that much decompression at most, and little memory); nothing is written to disk.

And ``text_value``: a member of such a document taken as text only when it is a non-empty string.
"""

from __future__ import annotations

import gzip
import io
import json
import tarfile
import zlib
from typing import Any, NoReturn, Optional
from xml.etree import ElementTree
from xml.parsers import expat

from .http import EndpointError

# npm's manifests nest a few levels ("exports" maps the most); the interpreter's recursion limit is 1,000.
JSON_DEPTH = 100
# What an archive may unpack to: the server's default request body limit again. Reaching it costs a fraction
# of a second of decompression; the packages tests publish unpack to kilobytes.
UNPACKED_LIMIT = 64 * 1024 * 1024
MEMBER_LIMIT = 16 * 1024 * 1024  # the one file read whole (a package.json is a few KB)
HEADER_LIMIT = 1024 * 1024  # a long name's or pax record's header, which tarfile also reads whole


def json_document(body: bytes, what: str) -> Any:
    """``body`` parsed as JSON, nested at most ``JSON_DEPTH`` levels."""
    try:
        document = json.loads(body)
    except RecursionError:
        raise EndpointError(400, f"Bad request: {what} nests deeper than {JSON_DEPTH} levels") from None
    except ValueError:  # UnicodeDecodeError is one
        raise EndpointError(400, f"Bad request: {what} is not JSON") from None
    if not _nests_within(document, JSON_DEPTH):
        raise EndpointError(400, f"Bad request: {what} nests deeper than {JSON_DEPTH} levels")
    return document


def text_value(value: Any) -> Optional[str]:
    """``value``, a member of a client's JSON document, if it is a non-empty string; else None."""
    return value if isinstance(value, str) and value else None


def _nests_within(document: Any, limit: int) -> bool:
    """Whether no array or object in ``document`` is more than ``limit`` levels deep (without recursion)."""
    pending = [(document, 1)]
    while pending:
        value, depth = pending.pop()
        children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else None
        if children is None:
            continue
        if depth > limit:
            return False
        pending.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return True


class _Doctype(Exception):
    """Raised from expat's handlers: the document declares a DOCTYPE or an entity."""


def _refuse(*_declaration: Any) -> NoReturn:
    raise _Doctype


def xml_document(body: bytes, what: str) -> ElementTree.Element:
    """``body`` parsed by expat into an ElementTree, tags without their namespace (``{uri}project`` is
    ``project``); 400 when it is not well-formed XML or has a DOCTYPE or an entity declaration."""
    builder = ElementTree.TreeBuilder()
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    parser.StartDoctypeDeclHandler = _refuse
    parser.EntityDeclHandler = _refuse
    parser.UnparsedEntityDeclHandler = _refuse
    parser.ExternalEntityRefHandler = _refuse
    parser.StartElementHandler = lambda tag, attributes: builder.start(tag.rpartition("}")[2], attributes)
    parser.EndElementHandler = lambda tag: builder.end(tag.rpartition("}")[2])
    parser.CharacterDataHandler = builder.data
    try:
        parser.Parse(body, True)
        return builder.close()
    except _Doctype:
        raise EndpointError(400, f"Bad request: {what} must not have a DOCTYPE or entities") from None
    except (expat.ExpatError, ValueError):
        raise EndpointError(400, f"Bad request: {what} is not well-formed XML") from None


class _TooLarge(Exception):
    """Raised by ``_Capped``: the archive unpacks to more than its limit."""


class _Capped(io.RawIOBase):
    """A stream's reader that refuses to read more than ``limit`` bytes in all."""

    def __init__(self, stream: Any, limit: int) -> None:
        super().__init__()
        self.stream, self.left = stream, limit

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.stream.read(min(len(buffer), self.left + 1))
        if len(data) > self.left:
            raise _TooLarge
        self.left -= len(data)
        buffer[: len(data)] = data
        return len(data)


class _Header(tarfile.TarInfo):
    """A member's header that refuses a long-name or pax header larger than ``HEADER_LIMIT``: tarfile reads
    one whole into memory, and its size is the sender's to claim."""

    _EXTENDED = (
        tarfile.GNUTYPE_LONGNAME,
        tarfile.GNUTYPE_LONGLINK,
        tarfile.XHDTYPE,
        tarfile.XGLTYPE,
        tarfile.SOLARIS_XHDTYPE,
    )

    def _proc_member(self, archive: tarfile.TarFile) -> tarfile.TarInfo:
        if self.type in self._EXTENDED and self.size > HEADER_LIMIT:
            raise tarfile.HeaderError(f"an extended header of {self.size} bytes")
        return super()._proc_member(archive)  # type: ignore[misc,no-any-return]


def tarball_member(content: bytes, path: str, what: str, inside: Optional[str] = None) -> Optional[bytes]:
    """The file at ``path`` in the gzipped tarball ``content`` (None when it holds none), after reading the
    whole archive; 400 when it is not a whole gzipped tarball, unpacks to more than ``UNPACKED_LIMIT`` bytes,
    or that file is larger than ``MEMBER_LIMIT``, and, with ``inside`` (a directory ending in ``/``), when a
    member lies outside it (a ``.crate`` holds only ``<name>-<version>/``)."""
    found: Optional[bytes] = None
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(content), mode="rb") as unpacked:
            stream = io.BufferedReader(_Capped(unpacked, UNPACKED_LIMIT))
            # mode "r|": one pass forward, as over a socket (no seeking back to a member)
            with tarfile.open(fileobj=stream, mode="r|", tarinfo=_Header) as archive:
                for member in archive:
                    if inside is not None and not member.name.startswith(inside):
                        outside = f"{member.name!r} in {what} is outside {inside}"
                        raise EndpointError(400, f"Bad request: {outside}")
                    if member.name != path or not member.isfile():
                        continue
                    if member.size > MEMBER_LIMIT:
                        raise EndpointError(
                            400, f"Bad request: {path} in {what} is larger than {MEMBER_LIMIT} bytes"
                        )
                    extracted = archive.extractfile(member)
                    found = None if extracted is None else extracted.read()
            while stream.read(64 * 1024):  # the rest of the gzip stream: a cut-short one fails here
                pass
    except _TooLarge:
        raise EndpointError(400, f"Bad request: {what} unpacks to more than {UNPACKED_LIMIT} bytes") from None
    except (tarfile.TarError, EOFError, OSError, zlib.error):  # OSError: gzip.BadGzipFile is one
        raise EndpointError(400, f"Bad request: {what} is not a whole gzipped tarball") from None
    return found
