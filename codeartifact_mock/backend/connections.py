"""External connections: the public repositories a CodeArtifact repository can connect to, and where a
version entered the domain (a repository, or one of these connections).

The names are those the service model documents for AssociateExternalConnection (a test checks the two
lists agree); each serves one package format (user guide, "Connect a CodeArtifact repository to a public
repository").
"""

from __future__ import annotations

from .entities import Package, PackageVersion
from .errors import ValidationError

EXTERNAL_CONNECTIONS: dict[str, str] = {
    "public:npmjs": "npm",
    "public:pypi": "pypi",
    "public:maven-central": "maven",
    "public:maven-googleandroid": "maven",
    "public:maven-gradleplugins": "maven",
    "public:maven-commonsware": "maven",
    "public:maven-clojars": "maven",
    "public:nuget-org": "nuget",
    "public:ruby-gems-org": "ruby",
    "public:crates-io": "cargo",
}

# The status of every connection, as the service sends it. botocore's enum (ExternalConnectionStatus) says
# "Available", but the real service answers in upper case: AWS's own AWS CLI example for
# associate-external-connection prints "AVAILABLE", and the Terraform AWS provider's acceptance test, run
# against the real service, asserts external_connections.0.status == "AVAILABLE". Outputs are not checked
# against the model's enums (only inputs are), so this value goes over the wire as it is.
EXTERNAL_CONNECTION_STATUS = "AVAILABLE"


def is_external(entry_point: str) -> bool:
    """True for an external connection name: repository names cannot contain a colon."""
    return ":" in entry_point


def connection_format(name: str) -> str:
    """The package format an external connection serves; ValidationError for a name AWS does not offer."""
    fmt = EXTERNAL_CONNECTIONS.get(name)
    if fmt is None:
        raise ValidationError(
            f"Invalid external connection name: {name}. "
            f"Valid external connections are: {', '.join(EXTERNAL_CONNECTIONS)}"
        )
    return fmt


def origin_type(version: PackageVersion) -> str:
    return "EXTERNAL" if version.origin is not None and is_external(version.origin) else "INTERNAL"


def first_version_restrictions(package: Package, version: PackageVersion) -> None:
    """A new package's origin restrictions follow how its first version arrived (user guide, "Editing
    package origin controls"): ingested from a public source, publish=BLOCK and upstream=ALLOW; otherwise
    the defaults of a direct publish, publish=ALLOW and upstream=BLOCK."""
    if origin_type(version) == "EXTERNAL":
        package.publish, package.upstream = "BLOCK", "ALLOW"
