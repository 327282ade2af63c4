import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type Docker from "dockerode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBuildContext } from "../docker/build-context";
import { LABEL_MANAGED, LABEL_SUBMISSION } from "../owner-labels";
import { execExitCode } from "./exec-exit-code";
import { ensureBaseImages } from "./seed-base-images";

// The wheel builder (seed/*.py) runs inside python:3.11-slim, with
// the pip-vendored `packaging` of that image; so do its tests. Each case
// prints "PASS <name>" or raises.
const BUILDER_DIR = fileURLToPath(new URL("./seed/", import.meta.url));
const OWNER = "test-build-wheels";
const docker = engineClient();
let container: Docker.Container;

const CASES = String.raw`
import sys, subprocess, tempfile, zipfile, pathlib
sys.path.insert(0, "/builder")
from pip._vendor.packaging.markers import default_environment
from wheel_metadata import *
from wheel_writer import write_wheel, wheel_file_text

def case(name):
    def run(fn):
        fn(); print("PASS", name)
    return run

@case("requires.txt sections become Requires-Dist with markers and extras")
def _():
    text = 'click>=7.0\n\n[:python_version < "3.8"]\ntyping-extensions\n\n[standard]\nPyYAML>=5.1\n\n[standard:sys_platform != "win32"]\nuvloop>=0.14.0\n'
    requires, extras = requirements_from_requires_txt(text)
    assert requires == ['click>=7.0', 'typing-extensions; python_version < "3.8"', 'PyYAML>=5.1; extra == "standard"',
                        'uvloop>=0.14.0; sys_platform != "win32" and extra == "standard"'], requires
    assert extras == ["standard"], extras
    base = [str(r) for r in base_requirements(requires, default_environment())]
    assert base == ["click>=7.0"], base

@case("Debian versions map to PEP 440 versions")
def _():
    table = {"1:1.24.2-1+deb12u1": "1.24.2", "1.2.1+dfsg-1": "1.2.1", "0.14.0-1.1~deb12u1": "0.14.0",
             "23.0.1+dfsg-1": "23.0.1", "3.0+dfsg.4-1": "3.0", "8.1.3-2": "8.1.3", "2.0~rc1-1": "2.0~rc1"}
    for debian, upstream in table.items():
        assert debian_upstream_version(debian) == upstream, (debian, debian_upstream_version(debian))
    assert wheel_version("1.2.1", "1.2.1+dfsg-1") == "1.2.1"
    try:
        wheel_version("1.2.2", "1.2.1+dfsg-1")
    except RuntimeError:
        pass
    else:
        raise AssertionError("a metadata version Debian does not ship was accepted")

@case("overrides add lost requirements and relax pins, and refuse stale fixes")
def _():
    fixed = apply_overrides(["starlette<0.26.0,>=0.25.0", "pydantic<2"], {"replace": {"starlette": "starlette<0.27.0,>=0.25.0"}, "add": ["anyio>=3"]})
    assert fixed == ["starlette<0.27.0,>=0.25.0", "pydantic<2", "anyio>=3"], fixed
    for bad in ({"add": ["pydantic"]}, {"replace": {"httpx": "httpx<1"}}):
        try:
            apply_overrides(["pydantic<2"], bad)
        except RuntimeError:
            continue
        raise AssertionError(f"accepted {bad}")

@case("a written wheel installs with pip and its RECORD covers every file")
def _():
    tmp = pathlib.Path(tempfile.mkdtemp())
    (tmp / "src/demo_pkg").mkdir(parents=True)
    (tmp / "src/demo_pkg/__init__.py").write_text("ANSWER = 42\n")
    meta = {"METADATA": render_metadata([("Summary", "demo")], "", "demo-pkg", "1.0", ["idna>=2"], []),
            "WHEEL": wheel_file_text("py3-none-any", purelib=True), "top_level.txt": "demo_pkg\n"}
    wheel = write_wheel(tmp / "src", tmp, "demo-pkg", "1.0", "py3-none-any", meta)
    assert wheel.name == "demo_pkg-1.0-py3-none-any.whl", wheel.name
    names = zipfile.ZipFile(wheel).namelist()
    record = zipfile.ZipFile(wheel).read("demo_pkg-1.0.dist-info/RECORD").decode().splitlines()
    assert sorted(r.split(",")[0] for r in record) == sorted(names), (record, names)
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-index", "--no-deps", "--quiet", str(wheel)], check=True)
    out = subprocess.run([sys.executable, "-c", "import demo_pkg, importlib.metadata as m; print(demo_pkg.ANSWER, m.requires('demo-pkg'))"],
                         check=True, capture_output=True, text=True).stdout
    assert out.strip() == "42 ['idna>=2']", out
`;

import { engineClient } from "../docker/engine";

describe("build-wheels helpers", () => {
  beforeAll(async () => {
    await ensureBaseImages();
    container = await docker.createContainer({
      Image: "python:3.11-slim",
      Cmd: ["sleep", "300"],
      Labels: { [LABEL_SUBMISSION]: OWNER, [LABEL_MANAGED]: "true" },
      HostConfig: { NetworkMode: "none" },
    });
    const files = readdirSync(BUILDER_DIR)
      .filter((name) => name.endsWith(".py"))
      .map((name) => ({ path: `builder/${name}`, content: readFileSync(BUILDER_DIR + name, "utf8") }));
    await container.putArchive(createBuildContext(files), { path: "/" });
    await container.start();
  }, 900_000);

  afterAll(async () => {
    await container?.remove({ force: true });
  });

  it("pass their self-checks in python:3.11-slim", async () => {
    const result = await execExitCode(container, ["python3", "-c", CASES], 60_000);
    expect(result.exitCode, result.output).toBe(0);
    expect(result.output.match(/^PASS .*/gm)).toHaveLength(4);
  });
});
