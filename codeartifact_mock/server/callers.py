"""Who a server request is from: the access key id of its SigV4 ``Authorization`` header (read, never
verified), mapped to a principal with ``add_access_key``; an unknown key, or none, is the server's own
principal."""

from __future__ import annotations

import re
from typing import Optional

from ..backend import Store
from ..iam.principals import Principal, default_principal

# A "Credential=", the run after it up to a "/", "," or blank, and that character (none at the end).
_CREDENTIAL = re.compile(r"Credential=([^/,\s]*)(.?)", re.DOTALL)


def caller_of(store: Store, account_id: str, authorization: Optional[str]) -> Principal:
    """The principal of a request to a server answering as ``account_id``."""
    access_keys = store.access_keys
    if access_keys and authorization:
        key = _access_key(authorization)
        mapped = None if key is None else access_keys.get(key)
        if mapped is not None:
            return mapped
    return default_principal(account_id)


def _access_key(authorization: str) -> Optional[str]:
    """The first run after a "Credential=" that a "/" ends: the access key id of a SigV4 header.

    Each run is read once, in time linear in the header: a "Credential=" inside a run ends where that run
    does, so it is found (or not) with the first. A search starting again at each one read the run to its
    end each time: "Credential=" repeated through a 64 KB header took 5 s, holding the interpreter.
    """
    for found in _CREDENTIAL.finditer(authorization):
        if found.group(1) and found.group(2) == "/":
            return found.group(1)
    return None
