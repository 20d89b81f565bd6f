"""Typed service errors: each carries the AWS error code and the members of its error shape.

The wire layer turns any of these into the HTTP error response the service model describes
(status code, ``x-amzn-ErrorType`` header, JSON body), so botocore raises the matching
``client.exceptions.<Code>`` for the user.
"""

from __future__ import annotations

from typing import Any, Optional


class ServiceError(Exception):
    """An error the real service would answer with. ``fields`` are the error shape's other members."""

    code = "InternalServerException"

    def __init__(self, message: str, **fields: Any) -> None:
        super().__init__(message)
        self.message = message
        self.fields = {name: value for name, value in fields.items() if value is not None}


class ValidationError(ServiceError):
    code = "ValidationException"

    def __init__(self, message: str, reason: str = "FIELD_VALIDATION_FAILED") -> None:
        super().__init__(message, reason=reason)


class ResourceNotFoundError(ServiceError):
    code = "ResourceNotFoundException"

    def __init__(self, message: str, resource_type: str, resource_id: str) -> None:
        super().__init__(message, resourceType=resource_type, resourceId=resource_id)


class ConflictError(ServiceError):
    code = "ConflictException"

    def __init__(self, message: str, resource_type: Optional[str] = None, resource_id: Optional[str] = None):
        super().__init__(message, resourceType=resource_type, resourceId=resource_id)


class ServiceQuotaExceededError(ServiceError):
    code = "ServiceQuotaExceededException"

    def __init__(self, message: str, resource_type: Optional[str] = None, resource_id: Optional[str] = None):
        super().__init__(message, resourceType=resource_type, resourceId=resource_id)


class AccessDeniedError(ServiceError):
    code = "AccessDeniedException"


class ThrottlingError(ServiceError):
    code = "ThrottlingException"

    def __init__(self, message: str, retry_after_seconds: Optional[int] = None) -> None:
        super().__init__(message, retryAfterSeconds=retry_after_seconds)


class InternalServerError(ServiceError):
    code = "InternalServerException"
