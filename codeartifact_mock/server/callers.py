"""Who a server request is from: the access key id of its SigV4 ``Authorization`` header (read, never
verified), mapped to a principal with ``add_access_key``; an unknown key, or none, is the server's own
principal."""

from __future__ import annotations

import re
from typing import Optional

from ..backend import Store
from ..iam.principals import Principal, default_principal

_ACCESS_KEY = re.compile(r"Credential=([^/,\s]+)/")


def caller_of(store: Store, account_id: str, authorization: Optional[str]) -> Principal:
    """The principal of a request to a server answering as ``account_id``."""
    access_keys = store.access_keys
    if access_keys and authorization:
        found = _ACCESS_KEY.search(authorization)
        mapped = None if found is None else access_keys.get(found.group(1))
        if mapped is not None:
            return mapped
    return default_principal(account_id)
