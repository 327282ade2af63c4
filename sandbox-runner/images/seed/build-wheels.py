#!/usr/bin/env python3
"""Makes wheels from Debian's python3-* packages, offline, plus a PEP 503 index.

Runs in a --network none python:3.11-slim container (seed-mirror.sh):

  build-wheels.py --debs DIR --tree DIR --out DIR --overrides FILE [--wheel-dir DIR]... PROJECT...

For each PROJECT and everything it requires: the files Debian installs in
dist-packages, metadata rebuilt from Debian's egg-info/dist-info (with the
fixes in the overrides file), shared libraries the image lacks vendored into
<project>.libs/. Debian's own *-whl packages (pip, setuptools, wheel) are
real wheels already and are copied as they are. Writes OUT/packages/*.whl,
OUT/simple/ and OUT/debian-sources.json (which Debian package and version
each wheel comes from).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pip._vendor.packaging.markers import default_environment  # noqa: E402
from pip._vendor.packaging.requirements import Requirement  # noqa: E402
from pip._vendor.packaging.utils import canonicalize_name  # noqa: E402

from debian_dists import SITE, DebPackage, Dist, extract_debs, find_dists  # noqa: E402
from simple_index import IndexedWheel, sha256_of, write_simple_index  # noqa: E402
from vendor_libs import Patchelf, Vendorer, is_elf, soname_index, system_sonames  # noqa: E402
from wheel_metadata import (  # noqa: E402
    apply_overrides,
    base_requirements,
    parse_metadata,
    render_metadata,
    requirements_from_metadata,
    requirements_from_requires_txt,
    wheel_version,
)
from wheel_writer import escape_name, wheel_file_text, write_wheel  # noqa: E402

# Files of a .dist-info that describe one installation, not the project.
_INSTALL_ONLY = {"METADATA", "RECORD", "WHEEL", "INSTALLER", "REQUESTED", "direct_url.json", "top_level.txt"}


@dataclasses.dataclass
class Project:
    name: str
    version: str
    requires: list[str]
    requires_python: str | None
    debian: list[DebPackage]
    dist: Dist | None = None
    prebuilt: Path | None = None
    extras: list[str] = dataclasses.field(default_factory=list)
    fix: str | None = None
    vendored: list[str] = dataclasses.field(default_factory=list)
    wheel: Path | None = None


def say(text: str) -> None:
    print(f"build-wheels: {text}", flush=True)


def project_from_dist(dist: Dist, overrides: dict) -> Project:
    headers, _ = parse_metadata(dist.meta_text("PKG-INFO" if dist.is_egg_info else "METADATA") or "")
    if dist.is_egg_info:
        requires, extras = requirements_from_requires_txt(dist.meta_text("requires.txt") or "")
    else:
        requires, extras = requirements_from_metadata(headers)
    versions = {wheel_version(dist.version, deb.version) for deb in dist.debs}
    if len(versions) != 1:
        raise RuntimeError(f"{dist.name}: packages {dist.debs} disagree on the version: {versions}")
    version = versions.pop()
    project = Project(dist.name, version, requires, _header(headers, "Requires-Python"), dist.debs, dist=dist)
    project.extras = extras
    override = overrides.pop(f"{canonicalize_name(dist.name)}=={version}", None)
    if override:
        project.requires = apply_overrides(requires, override)
        project.fix = override["why"]
    return project


def project_from_wheel(path: Path, tree: Path, owner: dict[str, DebPackage]) -> Project:
    with zipfile.ZipFile(path) as zf:
        meta = next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA") and n.count("/") == 1)
        headers, _ = parse_metadata(zf.read(meta).decode("utf-8"))
    requires, extras = requirements_from_metadata(headers)
    # From an extracted package, or else from the image the builder runs in.
    in_tree = str(path.relative_to(tree)) if path.is_relative_to(tree) else None
    debian = [owner[in_tree]] if in_tree in owner else _dpkg_owner(path)
    name, version = _header(headers, "Name"), _header(headers, "Version")
    assert name and version, f"{path} has no Name/Version"
    project = Project(name, version, requires, _header(headers, "Requires-Python"), debian, prebuilt=path)
    project.extras = extras
    return project


def _dpkg_owner(path: Path) -> list[DebPackage]:
    """The installed package a file of the running image belongs to."""
    package = subprocess.run(["dpkg-query", "-S", str(path)], check=True, capture_output=True, text=True)
    name = package.stdout.split(":", 1)[0]
    version = subprocess.run(
        ["dpkg-query", "-W", "-f", "${Version}", name], check=True, capture_output=True, text=True
    ).stdout
    return [DebPackage(name, version, "(installed in python:3.11-slim)")]


def _header(headers: list[tuple[str, str]], key: str) -> str | None:
    return next((v for k, v in headers if k.lower() == key.lower()), None)


def resolve(roots: list[str], projects: dict[str, Project]) -> list[Project]:
    """The roots and everything they require (no extras), checking every version specifier."""
    environment = default_environment()
    chosen: dict[str, Project] = {}
    pending = [(Requirement(root), "the command line") for root in roots]
    while pending:
        req, wanted_by = pending.pop()
        key = canonicalize_name(req.name)
        project = projects.get(key)
        if project is None:
            raise RuntimeError(f"{wanted_by} requires {req}, which no downloaded Debian package provides")
        if not req.specifier.contains(project.version, prereleases=True):
            raise RuntimeError(f"{wanted_by} requires {req}, but Debian has {project.name} {project.version}")
        if key in chosen:
            continue
        chosen[key] = project
        for dep in base_requirements(project.requires, environment):
            pending.append((dep, f"{project.name} {project.version}"))
    return [chosen[k] for k in sorted(chosen)]


def build_dist_wheel(project: Project, tree: Path, work: Path, out: Path, vendorer: Vendorer) -> Path:
    dist = project.dist
    assert dist is not None
    staging = work / escape_name(project.name)
    shutil.rmtree(staging, ignore_errors=True)
    for rel in dist.files:
        target = staging / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(tree / SITE / rel, target)
        shutil.copymode(tree / SITE / rel, target)
    project.vendored = vendorer.vendor(staging, f"{escape_name(project.name)}.libs")
    binary = any(is_elf(p) for p in staging.rglob("*"))
    tag = _binary_tag() if binary else "py3-none-any"

    headers, body = parse_metadata(dist.meta_text("PKG-INFO" if dist.is_egg_info else "METADATA") or "")
    meta = {
        "METADATA": render_metadata(headers, body, project.name, project.version, project.requires, project.extras),
        "WHEEL": wheel_file_text(tag, purelib=not binary),
        "top_level.txt": "".join(f"{name}\n" for name in dist.top_level),
    }
    entry_points = dist.meta_text("entry_points.txt")
    if entry_points:
        meta["entry_points.txt"] = entry_points
    if not dist.is_egg_info:
        for extra in sorted(p for p in dist.meta_dir.rglob("*") if p.is_file()):
            rel = extra.relative_to(dist.meta_dir).as_posix()
            if rel not in _INSTALL_ONLY:
                meta[rel] = extra.read_text(encoding="utf-8")
    for deb in project.debian:
        copyright_file = tree / "usr/share/doc" / deb.name / "copyright"
        if copyright_file.is_file():
            meta[f"debian-copyright.{deb.name}"] = copyright_file.read_text(encoding="utf-8", errors="replace")
    wheel = write_wheel(staging, out, project.name, project.version, tag, meta)
    shutil.rmtree(staging)
    return wheel


def _binary_tag() -> str:
    abi = f"cp{sys.version_info.major}{sys.version_info.minor}"
    platform = sysconfig.get_platform().replace("-", "_").replace(".", "_")
    return f"{abi}-{abi}-{platform}"


def source_record(project: Project) -> dict:
    assert project.wheel is not None
    return {
        "project": project.name,
        "version": project.version,
        "wheel": project.wheel.name,
        "sha256": sha256_of(project.wheel),
        "debian": [{"package": d.name, "version": d.version} for d in project.debian],
        "vendoredLibraries": project.vendored,
        "requirementFix": project.fix,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--debs", type=Path, required=True)
    parser.add_argument("--tree", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--overrides", type=Path, required=True)
    parser.add_argument("--wheel-dir", type=Path, action="append", default=[])
    parser.add_argument("projects", nargs="+")
    args = parser.parse_args()

    say(f"extracting {len(list(args.debs.glob('*.deb')))} packages")
    owner = extract_debs(args.debs, args.tree)
    overrides = json.loads(args.overrides.read_text(encoding="utf-8"))["requirements"]
    projects = {canonicalize_name(d.name): project_from_dist(d, overrides) for d in find_dists(args.tree, owner)}
    for wheel_dir in args.wheel_dir:
        for path in sorted(wheel_dir.glob("*.whl")):
            project = project_from_wheel(path, args.tree, owner)
            projects[canonicalize_name(project.name)] = project  # a real wheel beats a rebuilt one
    if overrides:
        raise RuntimeError(f"overrides match no downloaded project (update wheel-overrides.json): {sorted(overrides)}")

    chosen = resolve(args.projects, projects)
    say("serving: " + " ".join(f"{p.name}=={p.version}" for p in chosen))

    patchelf = Patchelf(args.tree / "usr/bin/patchelf")
    vendorer = Vendorer(patchelf, system_sonames(), soname_index(args.tree, patchelf))
    packages = args.out / "packages"
    packages.mkdir(parents=True, exist_ok=True)
    work = args.out.parent / "staging"
    for project in chosen:
        if project.prebuilt is not None:
            project.wheel = Path(shutil.copy2(project.prebuilt, packages / project.prebuilt.name))
        else:
            project.wheel = build_dist_wheel(project, args.tree, work, packages, vendorer)
        libs = f" (vendored: {', '.join(project.vendored)})" if project.vendored else ""
        say(f"{project.wheel.name}{libs}")

    write_simple_index(
        args.out, [IndexedWheel(p.name, p.version, p.wheel, p.requires_python) for p in chosen if p.wheel]
    )
    sources = {"generator": "build-wheels.py", "projects": [source_record(p) for p in chosen]}
    (args.out / "debian-sources.json").write_text(json.dumps(sources, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
