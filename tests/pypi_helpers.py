"""Python distributions built in the test (no network, no build backend), twine's upload by hand, and the real
pip and twine run as subprocesses against the mock's index.

A real run is isolated: pip with ``--isolated``, no keyring and ``PIP_CONFIG_FILE`` an empty file, twine
with that empty file as its ``.pypirc``, ``HOME`` in the test's directory and none of this process's
``PIP_*``, ``TWINE_*`` or ``PYTHON*`` settings, so no configuration of the machine's can make a test pass
for the wrong reason.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import io
import os
import subprocess
import sys
import tarfile
import urllib.error
import urllib.request
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple, Optional
from urllib.parse import urlsplit

METADATA = """Metadata-Version: 2.1
Name: {name}
Version: {version}
Summary: {summary}
Home-page: https://example.invalid/{name}
License: MIT
Requires-Python: >=3.8
{requires}
{description}
"""


def _metadata(name: str, version: str, summary: str, requires: list[str], description: str) -> str:
    lines = "".join(f"Requires-Dist: {requirement}\n" for requirement in requires)
    return METADATA.format(
        name=name, version=version, summary=summary, requires=lines.rstrip("\n"), description=description
    )


def wheel(
    name: str, version: str, *, summary: str = "A test package", requires: Optional[list[str]] = None
) -> tuple[str, bytes]:
    """A pure-Python wheel: one module, METADATA, WHEEL and RECORD."""
    dist = name.replace("-", "_")
    info = f"{dist}-{version}.dist-info"
    files = {
        f"{dist}/__init__.py": f"VERSION = {version!r}\n".encode(),
        f"{info}/METADATA": _metadata(name, version, summary, requires or [], "The readme.").encode(),
        f"{info}/WHEEL": b"Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = []
    for path, data in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.append(f"{path},sha256={digest},{len(data)}")
    record.append(f"{info}/RECORD,,")
    files[f"{info}/RECORD"] = ("\n".join(record) + "\n").encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path, data in files.items():
            archive.writestr(zipfile.ZipInfo(path, (2020, 1, 1, 0, 0, 0)), data)
    return f"{dist}-{version}-py3-none-any.whl", buffer.getvalue()


def sdist(name: str, version: str, *, summary: str = "A test package") -> tuple[str, bytes]:
    """A source distribution: PKG-INFO and a module in ``<name>-<version>/``."""
    dist = name.replace("-", "_")
    root = f"{dist}-{version}"
    files = {
        f"{root}/PKG-INFO": _metadata(name, version, summary, [], "The readme.").encode(),
        f"{root}/{dist}/__init__.py": f"VERSION = {version!r}\n".encode(),
    }
    return f"{root}.tar.gz", tar_gz(files)


def tar_gz(files: dict[str, bytes], mtime: int = 1577836800) -> bytes:
    """A gzipped tar of ``files`` (path -> bytes), each file dated ``mtime``: the same bytes every time for
    the same input (the gzip header's time is 0)."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        for path, data in files.items():
            member = tarfile.TarInfo(path)
            member.size, member.mtime = len(data), mtime
            archive.addfile(member, io.BytesIO(data))
    return gzip.compress(buffer.getvalue(), mtime=0)


def upload_form(
    name: str, version: str, filename: str, content: bytes, **fields: object
) -> tuple[str, bytes]:
    """twine's ``multipart/form-data`` body for one file: (content type, body)."""
    values: dict[str, object] = {
        ":action": "file_upload",
        "protocol_version": "1",
        "metadata_version": "2.1",
        "name": name,
        "version": version,
        "filetype": "bdist_wheel" if filename.endswith(".whl") else "sdist",
        "sha256_digest": hashlib.sha256(content).hexdigest(),
        "blake2_256_digest": hashlib.blake2b(content, digest_size=32).hexdigest(),
    }
    values.update(fields)
    boundary = "----test-boundary-7f3a"
    parts = []
    for key, value in values.items():
        for item in value if isinstance(value, list) else [value]:
            if item is None:
                continue
            head = f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n'
            parts.append(head.encode() + str(item).encode() + b"\r\n")
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="content"; filename="{filename}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    )
    parts.append(head.encode() + content + b"\r\n")
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    return f"multipart/form-data; boundary={boundary}", body


class Answer(NamedTuple):
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> list[str]:
        return [value for key, value in self.headers if key.lower() == name.lower()]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def http(
    method: str,
    url: str,
    *,
    token: Optional[str] = None,
    body: Optional[bytes] = None,
    headers: Optional[dict[str, str]] = None,
) -> Answer:
    """One request with urllib (Basic ``aws:<token>`` when given); any status is returned, not raised."""
    sent = dict(headers or {})
    if token is not None:
        sent["Authorization"] = "Basic " + base64.b64encode(f"aws:{token}".encode()).decode()
    request = urllib.request.Request(url, data=body, method=method, headers=sent)
    try:
        with _opener.open(request, timeout=10) as response:
            return Answer(response.status, list(response.headers.items()), response.read())
    except urllib.error.HTTPError as error:
        return Answer(error.code, list(error.headers.items()), error.read())


def write_distributions(directory: Path, name: str, version: str, sdist_extra: bytes = b"") -> list[Path]:
    """The wheel and the sdist of ``name`` ``version`` written in ``directory`` (``sdist_extra`` appended to
    the sdist's bytes): their paths."""
    directory.mkdir(parents=True, exist_ok=True)
    files = []
    for filename, content in (wheel(name, version), sdist(name, version)):
        path = directory / filename
        path.write_bytes(content + sdist_extra if filename.endswith(".tar.gz") else content)
        files.append(path)
    return files


def python_environment(home: Path) -> dict[str, str]:
    """The environment of a real pip or twine run: this one without its ``PIP_``, ``TWINE_`` and ``PYTHON``
    settings, ``HOME`` in ``home`` and ``PIP_CONFIG_FILE`` an empty file there (twine's ``.pypirc`` too)."""
    empty = home / "empty.conf"
    empty.write_text("")
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "TWINE_", "PYTHON"))}
    environment.update(HOME=str(home), PIP_CONFIG_FILE=str(empty), PYTHONDONTWRITEBYTECODE="1")
    return environment


def run_twine(
    url: str, token: str, files: list[Path], environment: Mapping[str, str], verbose: bool = False
) -> subprocess.CompletedProcess[str]:
    """``twine upload`` of ``files`` to ``url`` as ``aws``; ``verbose`` prints the body of an error (the
    mock's message)."""
    command = [sys.executable, "-m", "twine", "upload", "--non-interactive", "--disable-progress-bar"]
    command += ["--verbose"] if verbose else []
    command += ["--config-file", environment["PIP_CONFIG_FILE"], "--repository-url", url]
    command += ["-u", "aws", "-p", token, *map(str, files)]
    return subprocess.run(command, env=environment, capture_output=True, text=True, timeout=120)


def run_pip(
    command: str, *args: str, index: str, environment: Mapping[str, str], cache: Optional[Path] = None
) -> subprocess.CompletedProcess[str]:
    """``pip <command> <args>`` from ``index`` alone, no dependencies, with no cache, or with ``cache`` as
    its cache (pip keeps nothing of a plain-HTTP host's answers unless that host is trusted: the index's
    is, then)."""
    caching = ["--no-cache-dir"]
    if cache is not None:
        caching = ["--cache-dir", str(cache), "--trusted-host", urlsplit(index).netloc.rpartition("@")[2]]
    line = [sys.executable, "-m", "pip", command, "--isolated", *caching]
    line += ["--disable-pip-version-check", "--no-input", "--keyring-provider", "disabled"]
    line += ["--index-url", index, "--no-deps", *args]
    return subprocess.run(line, env=environment, capture_output=True, text=True, timeout=120)
