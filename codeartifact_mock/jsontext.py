"""JSON text of output documents: one prebuilt encoder, and values that carry their own encoding.

Encoding dominates the cost of a large response on CPython 3.11, whose C encoder spends about 0.4 µs on
every small dict. An entity rendered the same way call after call (a version summary in a listing) can be
encoded once: ``Encoded`` is a read-only dict holding its JSON text, and ``encode_document`` splices that
text in where such values (or lists of them) are members of the document.
"""

from __future__ import annotations

import datetime
import functools
import json
import json.encoder
from collections.abc import Iterator, Mapping
from typing import Any, Callable, NoReturn, Optional, cast


def _epoch_seconds(value: Any) -> float:
    """The encoder's hook: timestamps travel as epoch seconds, rest-json's default format."""
    if isinstance(value, datetime.datetime):
        return value.timestamp()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def _chunk_encoder() -> Callable[[Any, int], Any]:
    """``json.dumps(document, separators=(",", ":"), default=_epoch_seconds)``'s chunks, set up once.

    ``JSONEncoder.encode`` builds the C encoder anew on every call; build it once, where CPython has one.
    Response documents are never circular, so the circular-reference check is off.
    """
    make_c_encoder = getattr(json.encoder, "c_make_encoder", None)
    if make_c_encoder is None:
        encoder = json.JSONEncoder(separators=(",", ":"), default=_epoch_seconds, check_circular=False)
        return encoder.iterencode  # type: ignore[return-value]  # (called with _one_shot=0, as C is)
    return make_c_encoder(  # type: ignore[no-any-return]
        None, _epoch_seconds, json.encoder.encode_basestring_ascii, None, ":", ",", False, False, True
    )


_encode_chunks = _chunk_encoder()


def to_json(document: Any) -> str:
    return "".join(_encode_chunks(document, 0))


json_string: Callable[[str], str] = json.encoder.encode_basestring_ascii  # a str as to_json writes it


def is_plain(text: str) -> bool:
    """Whether ``to_json`` writes every character of ``text`` as itself (so ``json_string`` may be skipped).

    Printable ASCII other than a quote or a backslash; tested on many strings joined, in C.
    """
    return text.isascii() and text.isprintable() and '"' not in text and "\\" not in text


class Encoded(dict):  # type: ignore[type-arg]  # str -> any JSON value, as every output structure
    """An output structure with its JSON text, made once; read-only, so the text cannot go stale.

    Everything that reads a dict reads it (the C encoder too: it is a ``dict``). Mutating it raises.
    """

    __slots__ = ("json",)

    def __init__(self, members: Mapping[str, Any]) -> None:
        super().__init__(members)
        self.json: str = to_json(members)

    def __reduce__(self) -> tuple[Any, ...]:  # copy and pickle rebuild it whole, never item by item
        return Encoded, (dict(self),)

    def _read_only(self, *_: Any, **__: Any) -> NoReturn:
        raise TypeError("an Encoded output structure is read-only: copy it with dict(...) to change it")

    __setitem__ = __delitem__ = _read_only
    clear = pop = popitem = setdefault = update = __ior__ = _read_only  # type: ignore[assignment]


class EncodedMap(Mapping[str, Any]):
    """A read-only output map given as its JSON text, whose entries are built only if something reads them.

    A successful batch's answer has up to 100 successfulVersions entries that nothing but the serializer
    reads, and it sends the text: building a hundred dicts nobody reads would cost more than the rest of
    the call. Any read builds the entries once, with ``build(*args)``, made from the very values of the
    text: the text must be exactly ``to_json`` of what it returns (test it). It is not a dict, so the
    encoder refuses it, loudly, anywhere the text is not spliced in.
    """

    __slots__ = ("_args", "_build", "_entries", "json")

    def __init__(self, text: str, build: Callable[..., dict[str, Any]], *args: Any) -> None:
        self.json = text
        self._build: Optional[Callable[..., dict[str, Any]]] = build  # called with ``args`` (no closure)
        self._args = args
        self._entries: Optional[dict[str, Any]] = None

    def _read(self) -> dict[str, Any]:
        entries = self._entries
        if entries is None:
            entries = self._entries = cast(Callable[..., dict[str, Any]], self._build)(*self._args)
            self._build = self._args = None  # type: ignore[assignment]
        return entries

    def __getitem__(self, key: str) -> Any:
        return self._read()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._read())

    def __len__(self) -> int:
        return len(self._read())

    def __repr__(self) -> str:
        return f"EncodedMap({self._read()!r})"

    def __reduce__(self) -> tuple[Any, ...]:  # copy and pickle keep the text and the entries it was made from
        return EncodedMap, (self.json, functools.partial(dict, self._read()))


_CARRY_TEXT = (Encoded, EncodedMap)


def _text_of(value: Any) -> str:
    """The JSON text of a member of a document that carries some: ``Encoded`` or ``EncodedMap``, a list of
    ``Encoded``, or plain."""
    if value.__class__ in _CARRY_TEXT:
        text: str = value.json
        return text
    if value.__class__ is list and value and value[0].__class__ is Encoded:
        try:
            return "[" + ",".join([item.json for item in value]) + "]"
        except AttributeError:  # a list mixing Encoded and plain values: the encoder reads both alike
            pass
    return to_json(value)


def encode_document(document: Mapping[str, Any]) -> str:
    """``to_json(document)``, with the text of ``Encoded`` members (and lists of them) spliced in, or the
    document's own text if it carries some."""
    if document.__class__ in _CARRY_TEXT:
        text: str = document.json  # type: ignore[attr-defined]
        return text
    for value in document.values():
        if value.__class__ in _CARRY_TEXT or (
            value.__class__ is list and value and value[0].__class__ is Encoded
        ):
            break
    else:  # nothing to splice in
        return to_json(document)
    members = [f"{json_string(name)}:{_text_of(value)}" for name, value in document.items()]
    return "{" + ",".join(members) + "}"
