"""Who is calling: an IAM principal named by its ARN, and how a policy's ``Principal`` element names one.

A call is made by a user (``arn:aws:iam::111122223333:user/ci``), a role (``...:role/ci``), a role session
(``arn:aws:sts::111122223333:assumed-role/ci/build-42``), a federated user, or an account's root user
(``arn:aws:iam::111122223333:root``). Its account is the one in the ARN; ``aws:PrincipalArn`` is the ARN
itself, except for a role session, whose ``aws:PrincipalArn`` is its role's (as IAM's request context has it).
"""

from __future__ import annotations

import enum
import functools
import re
from typing import NamedTuple, Optional

DEFAULT_USER = "mock-user"
_ACCOUNT = r"(?P<account>[0-9]{12})"
_NAME = r"[\w+=,.@-]+"
_PRINCIPAL_ARN = re.compile(
    rf"arn:(?P<partition>aws[a-z-]*):(?:iam::{_ACCOUNT}:(?:root|(?P<kind>user|role)/(?:{_NAME}/)*(?P<name>{_NAME}))"
    rf"|sts::(?P<sts_account>[0-9]{{12}}):(?:assumed-role/(?P<role>{_NAME})/{_NAME}|federated-user/{_NAME}))",
    re.ASCII,
)


class Principal(NamedTuple):
    """A calling principal."""

    arn: str
    account: str
    principal_arn: str  # aws:PrincipalArn: a role session's role, otherwise ``arn`` itself
    role: Optional[str]  # the role's name, for a role or one of its sessions


def principal(arn: str) -> Principal:
    """The principal ``arn`` names; ``ValueError`` for anything that is not a principal's ARN."""
    match = _PRINCIPAL_ARN.fullmatch(arn) if isinstance(arn, str) else None
    if match is None:
        raise ValueError(
            f"{arn!r} is not the ARN of an IAM principal: expected arn:aws:iam::<account>:user/<name>, "
            "...:role/<name>, ...:root, or arn:aws:sts::<account>:assumed-role/<role>/<session>"
        )
    account = match.group("account") or match.group("sts_account")
    session_role = match.group("role")
    if session_role is not None:  # an assumed-role session: aws:PrincipalArn is its role
        role_arn = f"arn:{match.group('partition')}:iam::{account}:role/{session_role}"
        return Principal(arn, account, role_arn, session_role)
    return Principal(arn, account, arn, match.group("name") if match.group("kind") == "role" else None)


@functools.lru_cache(maxsize=64)
def default_principal(account_id: str) -> Principal:
    """The mock's own principal in ``account_id``, used when a call names no other: the user its AccessDenied
    messages have always named. It is held to the same rules as any other principal."""
    arn = f"arn:aws:iam::{account_id}:user/{DEFAULT_USER}"
    return Principal(arn, account_id, arn, None)


class Match(enum.Enum):
    """How a policy's ``Principal`` entry names a caller."""

    NONE = 0
    ACCOUNT = 1  # through its account (an account id or root ARN): delegated to the account's own policies
    PRINCIPAL = 2  # the principal itself, its role, or everyone (``*``)


class PrincipalEntry:
    """One value of a ``Principal`` element: ``*``, an account id, an account's root ARN, or the ARN of a
    user, role, role session or federated user. Service, federated and canonical-user principals never call
    the mock, so they match no one."""

    __slots__ = ("_account", "_arn", "_everyone", "_role")

    def __init__(self, kind: str, value: str, where: str) -> None:
        self._everyone = kind == "AWS" and value == "*"
        self._account: Optional[str] = None  # "the account": an id or a root ARN
        self._arn: Optional[str] = None
        self._role: Optional[tuple[str, str]] = None  # (account, role name): the role and its sessions
        if kind != "AWS" or self._everyone:
            return
        if re.fullmatch(r"[0-9]{12}", value):
            self._account = value
            return
        try:
            named = principal(value)
        except ValueError:
            raise ValueError(
                f"{where}: invalid principal {value!r}: a principal is '*', an account id, or the ARN of an "
                "account's root, a user, a role or a role session (no wildcards within an ARN)"
            ) from None
        if value.endswith(":root"):
            self._account = named.account
        elif named.role is not None and ":assumed-role/" not in value:
            self._role = (named.account, named.role)
        else:
            self._arn = value

    def match(self, caller: Principal) -> Match:
        if self._everyone:
            return Match.PRINCIPAL
        if self._account is not None:
            return Match.ACCOUNT if caller.account == self._account else Match.NONE
        if self._role is not None:
            return Match.PRINCIPAL if (caller.account, caller.role) == self._role else Match.NONE
        return Match.PRINCIPAL if caller.arn == self._arn else Match.NONE
