"""Whether a mock is active, the one in-memory state every active mock shares, and who is calling.

Activations are counted: the state is emptied when the outermost mock starts and again when it stops, so a
decorator used inside a fixture sees the fixture's state, and consecutive tests never see each other's.
The credential guard (``botocore_credentials``) is engaged when the first mock starts and released when the
last one stops.
"""

from __future__ import annotations

import threading
from typing import Optional

from . import botocore_credentials
from .backend import Store
from .backend.store import DEFAULT_MAX_CALLS
from .iam.principals import Principal

DEFAULT_ACCOUNT_ID = "123456789012"

store = Store()
_lock = threading.Lock()
# (activating mock, its account id), innermost last. Read directly by the interception handlers, which run
# on every botocore call (mutated only here, under the lock).
active: list[tuple[object, str]] = []
# (``as_principal`` block, its principal), innermost last: in-process calls from any thread are the
# innermost's (none: the innermost mock's own principal). Read directly by the interception handler.
principals: list[tuple[object, Principal]] = []


def start(owner: object, account_id: str, max_calls: Optional[int] = DEFAULT_MAX_CALLS) -> None:
    """``owner`` is active from now on, as ``account_id``. The outermost activation empties the state and
    sets how many recorded calls it keeps (``max_calls``): nested ones share that state as it is."""
    with _lock:
        if not active:
            store.max_calls = max_calls
            store.reset()
            botocore_credentials.engage(is_active)
        active.append((owner, account_id))


def stop(owner: object) -> None:
    with _lock:
        innermost = max(i for i, (activator, _) in enumerate(active) if activator is owner)
        del active[innermost]
        if not active:
            store.reset()
            botocore_credentials.release()


def is_active() -> bool:
    return bool(active)


def push_principal(owner: object, principal: Principal) -> None:
    with _lock:
        principals.append((owner, principal))


def pop_principal(owner: object) -> None:
    """Remove ``owner``'s innermost entry: blocks may end out of order when threads share the stack."""
    with _lock:
        innermost = max(i for i, (entered, _) in enumerate(principals) if entered is owner)
        del principals[innermost]
