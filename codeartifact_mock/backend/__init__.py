"""The in-memory CodeArtifact backend: pure domain logic, no HTTP and no botocore."""

from __future__ import annotations

from .backend import Backend
from .errors import (
    AccessDeniedError,
    ConflictError,
    InternalServerError,
    ResourceNotFoundError,
    ServiceError,
    ServiceQuotaExceededError,
    ThrottlingError,
    ValidationError,
)
from .store import Store

__all__ = [
    "AccessDeniedError",
    "Backend",
    "ConflictError",
    "InternalServerError",
    "ResourceNotFoundError",
    "ServiceError",
    "ServiceQuotaExceededError",
    "Store",
    "ThrottlingError",
    "ValidationError",
]
