"""A static PEP 503 "simple" repository: /simple/<project>/ pages linking to /packages/<wheel>."""

from __future__ import annotations

import dataclasses
import hashlib
import html
from pathlib import Path

from pip._vendor.packaging.utils import canonicalize_name


@dataclasses.dataclass(frozen=True)
class IndexedWheel:
    project: str
    version: str
    path: Path
    requires_python: str | None


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _page(title: str, links: list[str]) -> str:
    body = "\n".join(f"    {link}<br>" for link in links)
    return (
        "<!DOCTYPE html>\n<html>\n  <head>\n"
        '    <meta name="pypi:repository-version" content="1.0">\n'
        f"    <title>{html.escape(title)}</title>\n  </head>\n  <body>\n"
        f"    <h1>{html.escape(title)}</h1>\n{body}\n  </body>\n</html>\n"
    )


def _wheel_link(wheel: IndexedWheel) -> str:
    href = f"../../packages/{wheel.path.name}#sha256={sha256_of(wheel.path)}"
    attrs = f'href="{html.escape(href)}"'
    if wheel.requires_python:
        attrs += f' data-requires-python="{html.escape(wheel.requires_python)}"'
    return f"<a {attrs}>{html.escape(wheel.path.name)}</a>"


def write_simple_index(out: Path, wheels: list[IndexedWheel]) -> None:
    """Writes out/simple/index.html and one page per project; the wheels must be in out/packages/."""
    by_project: dict[str, list[IndexedWheel]] = {}
    for wheel in wheels:
        if wheel.path.parent != out / "packages":
            raise ValueError(f"{wheel.path} is not in {out / 'packages'}")
        by_project.setdefault(canonicalize_name(wheel.project), []).append(wheel)

    simple = out / "simple"
    simple.mkdir(parents=True, exist_ok=True)
    projects = sorted(by_project)
    root_links = [f'<a href="{name}/">{html.escape(name)}</a>' for name in projects]
    (simple / "index.html").write_text(_page("Simple index", root_links), encoding="utf-8")
    for name in projects:
        page_dir = simple / name
        page_dir.mkdir(exist_ok=True)
        links = [_wheel_link(w) for w in sorted(by_project[name], key=lambda w: w.path.name)]
        (page_dir / "index.html").write_text(_page(f"Links for {name}", links), encoding="utf-8")
