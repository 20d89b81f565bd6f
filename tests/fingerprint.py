"""A deterministic fingerprint of the mock's whole in-memory state, to prove a rejected call changed nothing.

The walk is generic: it follows ``__slots__`` (and ``__dict__``) recursively from the store's partitions, so
attributes that other parts of the project add to the entities (policies, tags, package groups, external
connections, origins...) are covered without being listed here. Two rules keep it honest:

- private slots of the entities in ``backend.entities`` hold caches or lazily built values (hashes, the
  default display version, assets kept as a recipe until first read): a read may fill them in, which is
  not a change of state, so they are skipped and the entities' public properties (``assets``...) are read
  instead. Every private slot elsewhere (the ordered indexes' sequence numbers and holes) is state.
- an object reached a second time (``Repository.domain`` points back up) is recorded as a reference to its
  first position, which keeps cycles finite and still notices a re-pointed reference.
"""

from __future__ import annotations

import hashlib
import threading
from datetime import datetime
from enum import Enum
from typing import Any, Optional

from codeartifact_mock import activation
from codeartifact_mock.backend import Store, entities

_MODEL_MODULE = entities.__name__
_LOCK_TYPES = (type(threading.Lock()), type(threading.RLock()))


def store_fingerprint(store: Optional[Store] = None) -> str:
    """The SHA-256 of the canonical rendering of every partition of ``store`` (default: the shared one)."""
    store = activation.store if store is None else store
    with store.lock:
        rendered = _render(store._partitions, {}, [0])  # the partitions are the whole state
    return hashlib.sha256(repr(rendered).encode()).hexdigest()


def _render(value: Any, seen: dict[int, int], counter: list[int]) -> Any:
    if value is None or isinstance(value, (bool, int, float, str, Enum)):
        return value
    if isinstance(value, (bytes, bytearray)):
        return ("bytes", len(value), hashlib.sha256(value).hexdigest())
    if isinstance(value, datetime):
        return ("datetime", value.isoformat())
    if isinstance(value, _LOCK_TYPES) or (callable(value) and not hasattr(value, "__slots__")):
        return ("opaque", type(value).__name__)
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, [_render(item, seen, counter) for item in value])
    if isinstance(value, (set, frozenset)):
        return ("set", sorted(repr(_render(item, seen, counter)) for item in value))
    if isinstance(value, dict):  # insertion order is part of the state (listing order)
        return ("dict", [(_render(k, seen, counter), _render(v, seen, counter)) for k, v in value.items()])
    return _render_object(value, seen, counter)


def _render_object(value: Any, seen: dict[int, int], counter: list[int]) -> Any:
    identity = id(value)
    if identity in seen:
        return ("ref", seen[identity])
    seen[identity] = counter[0]
    counter[0] += 1
    cls = type(value)
    fields: list[tuple[str, Any]] = []
    names = _slot_names(cls) + tuple(sorted(getattr(value, "__dict__", ())))
    for name in names:
        if not hasattr(value, name):  # a slot never assigned
            fields.append((name, ("unset",)))
            continue
        fields.append((name, _render(getattr(value, name), seen, counter)))
    return (cls.__qualname__, fields)


_SLOT_NAMES: dict[type, tuple[str, ...]] = {}


def _slot_names(cls: type) -> tuple[str, ...]:
    """Every slot of ``cls`` and its bases, less the memoised private ones of the model's entities."""
    known = _SLOT_NAMES.get(cls)
    if known is None:
        names: list[str] = []
        for klass in cls.__mro__:
            slots = klass.__dict__.get("__slots__", ())
            names.extend([slots] if isinstance(slots, str) else slots)
        if cls.__module__ == _MODEL_MODULE:  # read through the public properties instead of the caches
            names = [name for name in names if not name.startswith("_")]
            names += [
                name
                for klass in cls.__mro__
                for name, member in vars(klass).items()
                if isinstance(member, property) and not name.startswith("_")
            ]
        known = _SLOT_NAMES[cls] = tuple(
            name for name in dict.fromkeys(names) if name not in ("__dict__", "__weakref__")
        )
    return known
