"""The CodeArtifact service model, loaded once from botocore's own data files.

Everything the wire layer knows about routes, shapes and constraints comes from here, so a botocore
upgrade that changes the model changes the mock with it.
"""

from __future__ import annotations

import functools

from botocore import xform_name
from botocore.loaders import Loader
from botocore.model import OperationModel, ServiceModel

SERVICE_NAME = "codeartifact"


@functools.cache
def service_model() -> ServiceModel:
    return ServiceModel(Loader().load_service_model(SERVICE_NAME, "service-2"), SERVICE_NAME)


@functools.cache
def operation(name: str) -> OperationModel:
    return service_model().operation_model(name)


@functools.cache
def routes() -> dict[tuple[str, str], str]:
    """(HTTP method, path) -> operation name. Every CodeArtifact operation has a unique pair."""
    table: dict[tuple[str, str], str] = {}
    for name in service_model().operation_names:
        http = service_model().operation_model(name).http
        table[(http["method"], http["requestUri"].split("?")[0])] = name
    return table


@functools.cache
def python_names(operation_name: str) -> dict[str, str]:
    """Input member name -> the backend method's snake_case keyword (``domainOwner`` -> ``domain_owner``)."""
    shape = operation(operation_name).input_shape
    members = shape.members if shape is not None else {}
    return {member: xform_name(member) for member in members}
