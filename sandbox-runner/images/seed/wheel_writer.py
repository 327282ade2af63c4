"""Writes a wheel (PEP 427) from a staging directory of files to install.

Byte-for-byte reproducible: entries sorted, timestamps fixed, modes normalised.
"""

from __future__ import annotations

import base64
import hashlib
import re
import stat
import zipfile
from pathlib import Path

_FIXED_TIME = (2020, 1, 1, 0, 0, 0)
GENERATOR = "dockyard build-wheels 1"


def escape_name(name: str) -> str:
    """The distribution part of a wheel's file and .dist-info names."""
    return re.sub(r"[-_.]+", "_", name).lower()


def record_hash(data: bytes) -> str:
    digest = hashlib.sha256(data).digest()
    return "sha256=" + base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def wheel_file_text(tag: str, purelib: bool) -> str:
    return (
        "Wheel-Version: 1.0\n"
        f"Generator: {GENERATOR}\n"
        f"Root-Is-Purelib: {'true' if purelib else 'false'}\n"
        f"Tag: {tag}\n"
    )


def write_wheel(
    staging: Path, out_dir: Path, name: str, version: str, tag: str, meta_files: dict[str, str]
) -> Path:
    """meta_files maps .dist-info file names (METADATA, WHEEL, ...) to their text; RECORD is added here."""
    escaped = escape_name(name)
    dist_info = f"{escaped}-{version}.dist-info"
    wheel_path = out_dir / f"{escaped}-{version}-{tag}.whl"

    entries: list[tuple[str, bytes, int]] = []
    for path in sorted(p for p in staging.rglob("*") if p.is_file()):
        mode = 0o755 if path.stat().st_mode & stat.S_IXUSR else 0o644
        entries.append((path.relative_to(staging).as_posix(), path.read_bytes(), mode))
    for file_name in sorted(meta_files):
        entries.append((f"{dist_info}/{file_name}", meta_files[file_name].encode("utf-8"), 0o644))

    record = [f"{arcname},{record_hash(data)},{len(data)}" for arcname, data, _ in entries]
    record.append(f"{dist_info}/RECORD,,")
    entries.append((f"{dist_info}/RECORD", ("\n".join(record) + "\n").encode("utf-8"), 0o644))

    with zipfile.ZipFile(wheel_path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for arcname, data, mode in entries:
            info = zipfile.ZipInfo(arcname, date_time=_FIXED_TIME)
            info.external_attr = (stat.S_IFREG | mode) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return wheel_path
