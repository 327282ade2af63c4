"""Vendors the shared libraries a wheel's extension modules need, like auditwheel.

Debian's extension modules link against Debian's shared libraries (BLAS,
LAPACK, gfortran, gomp, ...). The image the wheel gets installed in has only
some of them: the others are copied into `<project>.libs/` inside the wheel,
and every ELF file that needs one gets an RPATH pointing there.

Libraries keep their sonames (auditwheel renames them with a hash): all of
them come from one Debian release, so when numpy.libs and scipy.libs both hold
libgfortran.so.5 they hold the same file, and the dynamic loader's reuse of an
already loaded soname is harmless.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

_ELF_MAGIC = b"\x7fELF"
# Where Debian puts shared libraries; BLAS and LAPACK sit in blas/ and lapack/
# below it, normally reached through /etc/alternatives symlinks that only a
# package's postinst creates, so extracted packages do not have them.
_LIB_DIRS = ("usr/lib/x86_64-linux-gnu", "lib/x86_64-linux-gnu")


def is_elf(path: Path) -> bool:
    if path.is_symlink() or not path.is_file():
        return False
    with path.open("rb") as f:
        return f.read(4) == _ELF_MAGIC


class Patchelf:
    def __init__(self, binary: Path):
        self.binary = str(binary)

    def _run(self, *args: str) -> str:
        return subprocess.run([self.binary, *args], check=True, capture_output=True, text=True).stdout

    def needed(self, path: Path) -> list[str]:
        return self._run("--print-needed", str(path)).split()

    def soname(self, path: Path) -> str | None:
        try:
            return self._run("--print-soname", str(path)).strip() or None
        except subprocess.CalledProcessError:
            return None

    def set_rpath(self, path: Path, rpath: str) -> None:
        # DT_RPATH rather than DT_RUNPATH, as auditwheel does: it also applies
        # to the dependencies of the module, not only to its own NEEDED list.
        self._run("--force-rpath", "--set-rpath", rpath, str(path))


def system_sonames() -> set[str]:
    """Sonames the running system (python:3.11-slim) already provides."""
    out = subprocess.run(["ldconfig", "-p"], check=True, capture_output=True, text=True).stdout
    return {line.split()[0] for line in out.splitlines()[1:] if line.strip()}


def soname_index(tree: Path, patchelf: Patchelf) -> dict[str, list[Path]]:
    """Every shared library in the extracted packages, by soname, symlinks resolved."""
    index: dict[str, list[Path]] = {}
    for lib_dir in _LIB_DIRS:
        root = tree / lib_dir
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*.so*")):
            real = path.resolve()
            if not is_elf(real):
                continue
            soname = patchelf.soname(real) or path.name
            if real not in index.setdefault(soname, []):
                index[soname].append(real)
    return index


class Vendorer:
    def __init__(self, patchelf: Patchelf, system: set[str], index: dict[str, list[Path]]):
        self.patchelf = patchelf
        self.system = system
        self.index = index

    def vendor(self, staging: Path, libs_name: str) -> list[str]:
        """Copies what the ELF files under staging need into staging/libs_name; returns the sonames."""
        libs_dir = staging / libs_name
        vendored: list[str] = []
        for path in sorted(p for p in staging.rglob("*") if is_elf(p)):
            missing = [n for n in self.patchelf.needed(path) if n not in self.system]
            if not missing:
                continue
            for soname in missing:
                self._copy(soname, libs_dir, vendored)
            self.patchelf.set_rpath(path, "$ORIGIN/" + os.path.relpath(libs_dir, path.parent))
        return vendored

    def _copy(self, soname: str, libs_dir: Path, vendored: list[str]) -> None:
        if soname in vendored:
            return
        source = self._find(soname)
        libs_dir.mkdir(exist_ok=True)
        target = libs_dir / soname
        shutil.copyfile(source, target)
        target.chmod(0o755)
        vendored.append(soname)
        needs = [n for n in self.patchelf.needed(target) if n not in self.system]
        # Vendored libraries find each other beside themselves.
        self.patchelf.set_rpath(target, "$ORIGIN")
        for dependency in needs:
            self._copy(dependency, libs_dir, vendored)

    def _find(self, soname: str) -> Path:
        candidates = self.index.get(soname, [])
        if not candidates:
            raise RuntimeError(
                f"{soname} is neither in the base image nor in the downloaded packages; "
                "add the Debian package that ships it to WHEEL_DEBS"
            )
        digests = {hashlib.sha256(p.read_bytes()).hexdigest() for p in candidates}
        if len(digests) > 1:
            raise RuntimeError(f"{soname} is provided by several different files: {candidates}")
        return candidates[0]
