"""JSON text of output documents: one prebuilt encoder, and values that carry their own encoding.

Encoding dominates the cost of a large response on CPython 3.11, whose C encoder spends about 0.4 µs on
every small dict. An entity rendered the same way call after call (a version summary in a listing) can be
encoded once: ``Encoded`` is a read-only dict holding its JSON text, and ``encode_document`` splices that
text in where such values (or lists of them) are members of the document.
"""

from __future__ import annotations

import datetime
import json
import json.encoder
from collections.abc import Mapping
from typing import Any, Callable, NoReturn


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

    @classmethod
    def made_with(cls, members: Mapping[str, Any], text: str) -> Encoded:
        """An Encoded whose text the caller built from the very values in ``members``, where one template
        costs half of what the encoder does. The text must be exactly ``to_json(members)``: test it."""
        encoded = cls.__new__(cls)
        dict.__init__(encoded, members)
        encoded.json = text
        return encoded

    def __reduce__(self) -> tuple[Any, ...]:  # copy and pickle rebuild it whole, never item by item
        return Encoded, (dict(self),)

    def _read_only(self, *_: Any, **__: Any) -> NoReturn:
        raise TypeError("an Encoded output structure is read-only: copy it with dict(...) to change it")

    __setitem__ = __delitem__ = _read_only
    clear = pop = popitem = setdefault = update = __ior__ = _read_only  # type: ignore[assignment]


def _text_of(value: Any) -> str:
    """The JSON text of a member of a document that carries some: ``Encoded``, a list of them, or plain."""
    if value.__class__ is Encoded:
        text: str = value.json
        return text
    if value.__class__ is list and value and value[0].__class__ is Encoded:
        try:
            return "[" + ",".join([item.json for item in value]) + "]"
        except AttributeError:  # a list mixing Encoded and plain values: the encoder reads both alike
            pass
    return to_json(value)


def encode_document(document: dict[str, Any]) -> str:
    """``to_json(document)``, with the text of ``Encoded`` members (and lists of them) spliced in."""
    for value in document.values():
        if value.__class__ is Encoded or (
            value.__class__ is list and value and value[0].__class__ is Encoded
        ):
            break
    else:  # nothing to splice in (to_json written out: every response comes here)
        return "".join(_encode_chunks(document, 0))
    members = [f"{json_string(name)}:{_text_of(value)}" for name, value in document.items()]
    return "{" + ",".join(members) + "}"
