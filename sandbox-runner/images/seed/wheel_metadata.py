"""Core metadata for the wheels: requirements, versions and METADATA text.

Runs with the interpreter of python:3.11-slim, whose pip vendors `packaging`.
"""

from __future__ import annotations

import re

from pip._vendor.packaging.requirements import Requirement
from pip._vendor.packaging.utils import canonicalize_name
from pip._vendor.packaging.version import InvalidVersion, Version

# Header fields this module writes itself; every other field is kept as it is.
_OWN_FIELDS = {"metadata-version", "name", "version", "requires-dist", "provides-extra"}


def requirements_from_requires_txt(text: str) -> tuple[list[str], list[str]]:
    """setuptools' requires.txt ("[extra:marker]" sections) as Requires-Dist values and extras."""
    requires: list[str] = []
    extras: list[str] = []
    extra, marker = "", ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            extra, _, marker = line[1:-1].partition(":")
            if extra and extra not in extras:
                extras.append(extra)
            continue
        requires.append(_with_markers(line, marker, extra))
    return requires, extras


def _with_markers(line: str, section_marker: str, extra: str) -> str:
    requirement, _, own_marker = line.partition(";")
    markers = [f"({m.strip()})" for m in (own_marker, section_marker) if m.strip()]
    if extra:
        markers.append(f'extra == "{extra}"')
    text = requirement.strip() + (f"; {' and '.join(markers)}" if markers else "")
    return str(Requirement(text))


def requirements_from_metadata(headers: list[tuple[str, str]]) -> tuple[list[str], list[str]]:
    requires = [str(Requirement(v)) for k, v in headers if k.lower() == "requires-dist"]
    extras = [v for k, v in headers if k.lower() == "provides-extra"]
    return requires, extras


def apply_overrides(requires: list[str], override: dict) -> list[str]:
    """Adds the base requirements Debian's metadata lost and relaxes pins Debian itself does not keep."""
    replace = {canonicalize_name(k): v for k, v in override.get("replace", {}).items()}
    result = []
    for text in requires:
        req = Requirement(text)
        name = canonicalize_name(req.name)
        if name in replace and req.marker is None:
            result.append(str(Requirement(replace.pop(name))))
        else:
            result.append(text)
    if replace:
        raise RuntimeError(f"override replaces requirements that are not there: {sorted(replace)}")
    present = {canonicalize_name(Requirement(t).name) for t in result if Requirement(t).marker is None}
    for text in override.get("add", []):
        req = Requirement(text)
        if canonicalize_name(req.name) in present:
            raise RuntimeError(f"override adds {req.name}, which the metadata already requires")
        result.append(str(req))
    return result


def base_requirements(requires: list[str], environment: dict[str, str]) -> list[Requirement]:
    """The requirements pip installs without extras, for the given environment."""
    out = []
    for text in requires:
        req = Requirement(text)
        if req.marker is None or req.marker.evaluate({**environment, "extra": ""}):
            out.append(req)
    return out


def debian_upstream_version(debian_version: str) -> str:
    """1:1.24.2-1+deb12u1 -> 1.24.2; 1.2.1+dfsg-1 -> 1.2.1; 0.14.0-1.1~deb12u1 -> 0.14.0."""
    version = re.sub(r"^\d+:", "", debian_version)
    version = re.sub(r"-[^-]*$", "", version)
    return re.sub(r"[+~](dfsg|ds|repack|really|debian)[^+~]*$", "", version)


def wheel_version(metadata_version: str, debian_version: str) -> str:
    """The PEP 440 version a wheel carries: upstream's, cross-checked against Debian's."""
    upstream = debian_upstream_version(debian_version)
    try:
        version = Version(metadata_version)
    except InvalidVersion:
        version = Version(upstream)  # raises when neither is usable
    if version != Version(upstream):
        raise RuntimeError(f"metadata says {metadata_version}, Debian's {debian_version} says {upstream}")
    return str(version)


def parse_metadata(text: str) -> tuple[list[tuple[str, str]], str]:
    """RFC 822 style headers (with continuation lines) and the body after them."""
    head, _, body = text.partition("\n\n")
    headers: list[tuple[str, str]] = []
    for line in head.splitlines():
        if line[:1] in (" ", "\t") and headers:
            key, value = headers[-1]
            headers[-1] = (key, f"{value}\n{line}")
        elif ": " in line or line.endswith(":"):
            key, _, value = line.partition(":")
            headers.append((key, value.strip() if "\n" not in value else value))
    return headers, body


def render_metadata(
    headers: list[tuple[str, str]], body: str, name: str, version: str, requires: list[str], extras: list[str]
) -> str:
    lines = ["Metadata-Version: 2.1", f"Name: {name}", f"Version: {version}"]
    lines += [f"{k}: {v}" for k, v in headers if k.lower() not in _OWN_FIELDS]
    lines += [f"Provides-Extra: {e}" for e in extras]
    lines += [f"Requires-Dist: {r}" for r in requires]
    text = "\n".join(lines) + "\n"
    return text + ("\n" + body if body.strip() else "")
