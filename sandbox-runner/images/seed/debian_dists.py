"""Extracts Debian packages and finds the Python distributions inside them.

A distribution is whatever one *.egg-info or *.dist-info directory in
/usr/lib/python3/dist-packages describes. Debian may split one distribution
over several packages (python3-sklearn holds the Python code,
python3-sklearn-lib the compiled modules), so files are matched to
distributions by top-level name in the merged tree, not by package.
"""

from __future__ import annotations

import dataclasses
import subprocess
import tarfile
from pathlib import Path

SITE = Path("usr/lib/python3/dist-packages")


@dataclasses.dataclass(frozen=True)
class DebPackage:
    name: str
    version: str
    filename: str


@dataclasses.dataclass
class Dist:
    name: str
    version: str
    meta_dir: Path  # absolute path of the *.egg-info / *.dist-info directory
    top_level: list[str]
    files: list[Path]  # relative to the site directory, metadata excluded
    debs: list[DebPackage]

    @property
    def is_egg_info(self) -> bool:
        return self.meta_dir.suffix == ".egg-info"

    def meta_text(self, name: str) -> str | None:
        path = self.meta_dir / name
        return path.read_text(encoding="utf-8") if path.is_file() else None


def extract_debs(debs_dir: Path, tree: Path) -> dict[str, DebPackage]:
    """Unpacks every .deb into tree; returns the owning package of each path."""
    owner: dict[str, DebPackage] = {}
    for deb in sorted(debs_dir.glob("*.deb")):
        fields = _deb_fields(deb)
        package = DebPackage(fields["Package"], fields["Version"], deb.name)
        subprocess.run(["dpkg-deb", "-x", str(deb), str(tree)], check=True)
        for member in _deb_members(deb):
            owner[member] = package
    return owner


def _deb_fields(deb: Path) -> dict[str, str]:
    out = subprocess.run(
        ["dpkg-deb", "-f", str(deb), "Package", "Version"], check=True, capture_output=True, text=True
    ).stdout
    return dict(line.split(": ", 1) for line in out.splitlines() if ": " in line)


def _deb_members(deb: Path) -> list[str]:
    proc = subprocess.Popen(["dpkg-deb", "--fsys-tarfile", str(deb)], stdout=subprocess.PIPE)
    assert proc.stdout is not None
    with tarfile.open(fileobj=proc.stdout, mode="r|*") as tar:
        names = [m.name.removeprefix("./") for m in tar if not m.isdir()]
    if proc.wait() != 0:
        raise RuntimeError(f"dpkg-deb --fsys-tarfile {deb.name} failed")
    return names


def find_dists(tree: Path, owner: dict[str, DebPackage]) -> list[Dist]:
    site = tree / SITE
    metas = sorted([*site.glob("*.egg-info"), *site.glob("*.dist-info")])
    dists = [_read_dist(meta) for meta in metas]

    claimed: dict[str, Dist] = {}
    for dist in dists:
        for name in dist.top_level:
            if name in claimed:
                raise RuntimeError(f"{name} is claimed by both {claimed[name].name} and {dist.name}")
            claimed[name] = dist

    for entry in sorted(site.iterdir()):
        if entry.suffix in (".egg-info", ".dist-info"):
            continue
        dist = claimed.get(_module_name(entry.name))
        if dist is not None:
            dist.files.extend(_files_under(entry, site))

    for dist in dists:
        paths = [str(SITE / f) for f in dist.files]
        paths += [str(p.relative_to(tree)) for p in dist.meta_dir.rglob("*") if p.is_file()]
        dist.debs = sorted({owner[p] for p in paths if p in owner}, key=lambda d: d.name)
    return dists


def _read_dist(meta: Path) -> Dist:
    text = (meta / ("PKG-INFO" if meta.suffix == ".egg-info" else "METADATA")).read_text(encoding="utf-8")
    headers = {}
    for line in text.split("\n\n", 1)[0].splitlines():
        key, sep, value = line.partition(": ")
        if sep and key in ("Name", "Version") and key not in headers:
            headers[key] = value.strip()
    return Dist(headers["Name"], headers["Version"], meta, _top_level(meta, headers["Name"]), [], [])


def _top_level(meta: Path, name: str) -> list[str]:
    listed = meta / "top_level.txt"
    if listed.is_file():
        lines = listed.read_text(encoding="utf-8").split()
    elif (meta / "RECORD").is_file():
        lines = [row.split(",", 1)[0] for row in (meta / "RECORD").read_text(encoding="utf-8").splitlines()]
        lines = [p for p in lines if p and not p.startswith("..") and not p.startswith(meta.name)]
    else:
        lines = [name.replace("-", "_")]
    return sorted({_module_name(line.split("/", 1)[0]) for line in lines if line})


def _module_name(entry: str) -> str:
    # foo/, foo.py, foo.cpython-311-x86_64-linux-gnu.so and foo.pth all name foo.
    return entry.split(".", 1)[0]


def _files_under(entry: Path, site: Path) -> list[Path]:
    if entry.is_file():
        return [entry.relative_to(site)]
    return sorted(
        p.relative_to(site) for p in entry.rglob("*") if p.is_file() and "__pycache__" not in p.parts
    )
