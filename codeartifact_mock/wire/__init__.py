"""The wire layer: HTTP request <-> (operation, parameters) and result/error <-> HTTP response.

Driven entirely by botocore's CodeArtifact service model; knows nothing of the backend's rules.
"""

from .botocore_model import operation, routes, service_model
from .parse import parse_request
from .serialize import WireResponse, serialize_error, serialize_result
from .validate import validate

__all__ = [
    "WireResponse",
    "operation",
    "parse_request",
    "routes",
    "serialize_error",
    "serialize_result",
    "service_model",
    "validate",
]
