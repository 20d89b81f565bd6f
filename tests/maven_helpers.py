"""Maven files built in the test: a POM, a JAR holding one class-less resource, and maven-metadata.xml."""

from __future__ import annotations

import io
import zipfile
from typing import Optional

POM = """<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>{group}</groupId>
  <artifactId>{artifact}</artifactId>
  <version>{version}</version>
  <packaging>jar</packaging>
{extra}</project>
"""


def pom(group: str, artifact: str, version: str, extra: str = "") -> bytes:
    return POM.format(group=group, artifact=artifact, version=version, extra=extra).encode()


def jar(artifact: str, version: str) -> bytes:
    """A small JAR (a zip with a manifest and one resource); the bytes differ per version."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        stamp = (2020, 1, 1, 0, 0, 0)
        archive.writestr(zipfile.ZipInfo("META-INF/MANIFEST.MF", stamp), "Manifest-Version: 1.0\r\n\r\n")
        archive.writestr(zipfile.ZipInfo(f"{artifact}.properties", stamp), f"version={version}\n")
    return buffer.getvalue()


def metadata(group: str, artifact: str, versions: list[str], release: Optional[str] = None) -> bytes:
    """A package-level ``maven-metadata.xml`` as mvn writes it."""
    latest = release or versions[-1]
    items = "".join(f"      <version>{version}</version>\n" for version in versions)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<metadata>\n  <groupId>{group}</groupId>\n'
        f"  <artifactId>{artifact}</artifactId>\n  <versioning>\n    <latest>{latest}</latest>\n"
        f"    <release>{latest}</release>\n    <versions>\n{items}    </versions>\n"
        "    <lastUpdated>20240102030405</lastUpdated>\n  </versioning>\n</metadata>\n"
    ).encode()


def snapshot_metadata(
    group: str, artifact: str, snapshot: str, stamp: str, files: tuple[str, ...] = ("jar", "pom")
) -> bytes:
    """A SNAPSHOT's own ``maven-metadata.xml`` as mvn 3 writes it, naming the build ``stamp``
    (``20240102.030405-1``) and its files: extensions, or ``<classifier>:<extension>``."""
    timestamp, number = stamp.split("-")
    value = f"{snapshot[: -len('-SNAPSHOT')]}-{stamp}"
    entries = ""
    for file in files:
        classifier, _, extension = file.rpartition(":")
        entries += (
            "      <snapshotVersion>\n"
            + (f"        <classifier>{classifier}</classifier>\n" if classifier else "")
            + f"        <extension>{extension}</extension>\n        <value>{value}</value>\n"
            "        <updated>20240102030405</updated>\n      </snapshotVersion>\n"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<metadata modelVersion="1.1.0">\n'
        f"  <groupId>{group}</groupId>\n  <artifactId>{artifact}</artifactId>\n"
        f"  <version>{snapshot}</version>\n  <versioning>\n    <snapshot>\n"
        f"      <timestamp>{timestamp}</timestamp>\n      <buildNumber>{number}</buildNumber>\n"
        "    </snapshot>\n    <lastUpdated>20240102030405</lastUpdated>\n"
        f"    <snapshotVersions>\n{entries}    </snapshotVersions>\n  </versioning>\n</metadata>\n"
    ).encode()
