"""Which account a mock or server answers as: the one given, else ``MOTO_ACCOUNT_ID``, else 123456789012.

``MOTO_ACCOUNT_ID`` is moto's own setting, so code that asks STS who it is under moto's ``mock_aws`` and
passes that as ``domainOwner`` finds the domains it created. It is read when a mock or server starts, not
when it is made, as moto reads it on each call. Every account id, given or read, must be what the API's
``AccountId`` shape allows (12 digits); anything else is a ``ValueError`` worded as AWS words the
``ValidationException``.
"""

from __future__ import annotations

import os
from typing import Optional

from .activation import DEFAULT_ACCOUNT_ID
from .wire import service_model
from .wire.validate import validation_message, value_problems

ENVIRONMENT_VARIABLE = "MOTO_ACCOUNT_ID"


def checked_account_id(account_id: object, where: str = "accountId") -> str:
    """``account_id`` itself if it is a valid account id; otherwise ``ValueError`` naming it at ``where``."""
    errors = value_problems(service_model().shape_for("AccountId"), account_id, where)
    if errors:
        raise ValueError(validation_message(errors))
    return account_id  # type: ignore[return-value]  # (a str: the check found no type error)


def default_account_id() -> str:
    """``MOTO_ACCOUNT_ID`` as it is set now (checked), else 123456789012."""
    configured = os.environ.get(ENVIRONMENT_VARIABLE)
    return DEFAULT_ACCOUNT_ID if configured is None else checked_account_id(configured, ENVIRONMENT_VARIABLE)


def account_in_force(given: Optional[str]) -> str:
    """The account that a mock or server made with ``account_id=given`` (checked) takes if it starts now."""
    return default_account_id() if given is None else given
