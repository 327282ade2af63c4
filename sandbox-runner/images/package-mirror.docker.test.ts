import { beforeAll, describe, expect, it } from "vitest";
import { MIRROR_PROJECTS } from "../../lib/platform/package-mirror";
import type { BuildNetwork } from "../docker/build-network";
import { engineClient } from "../docker/engine";
import { PACKAGE_MIRROR_CONTAINER, PACKAGE_MIRROR_HOST, PACKAGE_MIRROR_LOCAL_INDEX_URL } from "./base-images";
import { execExitCode } from "./exec-exit-code";
import { mirrorProjectVersions } from "./mirror-project-versions";
import { ensurePackageMirror } from "./package-mirror";
import { runOnce } from "./run-once";
import { ensureBaseImages } from "./seed-base-images";

// The mirror is shared platform infrastructure, like
// the base images: the tests leave them running (the containers they start
// themselves are removed).
const OWNER = "test-package-mirror";

// Checks every wheel the mirror serves the way an installer relies on it;
// prints "ok <file> libs=<vendored>" per wheel, or what is wrong.
const WHEEL_CHECK = `
import base64, csv, hashlib, io, pathlib, re, zipfile
for path in sorted(pathlib.Path("/srv/mirror/packages").glob("*.whl")):
    name, version, *tag = path.stem.split("-")
    problems = []
    with zipfile.ZipFile(path) as zf:
        info = f"{name}-{version}.dist-info"
        names = set(zf.namelist())
        rows = list(csv.reader(io.StringIO(zf.read(f"{info}/RECORD").decode())))
        recorded = {r[0] for r in rows}
        if recorded != names:
            problems.append(f"RECORD lists {sorted(recorded ^ names)[:3]} differently")
        for file, digest, size in rows:
            if not digest:
                continue
            data = zf.read(file)
            actual = "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            if actual != digest or int(size) != len(data):
                problems.append(f"hash/size mismatch for {file}")
        wheel = zf.read(f"{info}/WHEEL").decode()
        if f"Tag: {'-'.join(tag)}" not in wheel:
            problems.append("WHEEL Tag differs from the file name")
        elf = any(zf.read(n)[:4] == b"\\x7fELF" for n in names if n.endswith(".so") or ".so." in n)
        if ("Root-Is-Purelib: true" in wheel) == elf:
            problems.append("Root-Is-Purelib does not match the presence of compiled code")
        meta = zf.read(f"{info}/METADATA").decode()
        if f"\\nVersion: {version}\\n" not in meta:
            problems.append("METADATA Version differs")
        libs = sorted(n.split("/")[-1] for n in names if re.match(r"[^/]+\\.libs/", n))
    print(f"{'ok' if not problems else 'BAD'} {path.name} libs={','.join(libs)} {'; '.join(problems)}".rstrip())
`;
const docker = engineClient();
let network: BuildNetwork;

// A container where build steps run: the engine's default bridge, the mirror's name in /etc/hosts.
const besideMirror = (image: string, script: string, timeoutMs = 120_000) =>
  runOnce(docker, {
    image,
    cmd: ["sh", "-c", script],
    network: "bridge",
    extraHosts: network.mode === "mirror" ? [`${PACKAGE_MIRROR_HOST}:${network.mirrorAddress}`] : [],
    owner: OWNER,
    timeoutMs,
  });

/** Prints the names of the projects on the mirror's PEP 503 root page, as JSON. */
const LIST_PROJECTS = `
import json, re, sys, urllib.request
page = urllib.request.urlopen(sys.argv[1], timeout=5).read().decode()
print(json.dumps(re.findall(r'<a [^>]*>([^<]+)</a>', page)))
`;

describe("ensurePackageMirror", () => {
  beforeAll(async () => {
    await ensureBaseImages({ log: (line) => console.log(`[seed] ${line}`) });
    network = await ensurePackageMirror(docker);
  }, 900_000);

  it("runs the mirror locked down, on the default bridge only, published on the bridge's gateway", async () => {
    const info = await docker.getContainer(PACKAGE_MIRROR_CONTAINER).inspect();
    expect(info.State.Running).toBe(true);
    expect(info.Config.User).toBe("10001:10001");
    expect(info.HostConfig.ReadonlyRootfs).toBe(true);
    expect(info.HostConfig.CapDrop).toEqual(["ALL"]);
    expect(info.HostConfig.SecurityOpt).toContain("no-new-privileges");
    expect(info.HostConfig.RestartPolicy?.Name).toBe("unless-stopped");
    expect(info.HostConfig.Memory).toBeGreaterThan(0);
    expect(Object.keys(info.NetworkSettings.Networks)).toEqual(["bridge"]);
    // Build steps reach the gateway only (scripts/engine/build-isolation.nft), so the mirror is published there.
    const gateway = (await docker.getNetwork("bridge").inspect()).IPAM?.Config?.[0]?.Gateway;
    expect(network).toEqual({ mode: "mirror", mirrorAddress: gateway });
    expect(info.HostConfig.PortBindings).toEqual({ "3141/tcp": [{ HostIp: gateway, HostPort: "3141" }] });
    expect(info.Config.Labels["dockyard.managed"]).toBe("true");
  });

  it("is idempotent, also when called concurrently, and keeps the running container", async () => {
    const before = await docker.getContainer(PACKAGE_MIRROR_CONTAINER).inspect();
    const started = Date.now();
    await Promise.all([ensurePackageMirror(docker), ensurePackageMirror(docker)]);
    await ensurePackageMirror(docker);
    expect(Date.now() - started).toBeLessThan(10_000);
    const after = await docker.getContainer(PACKAGE_MIRROR_CONTAINER).inspect();
    expect(after.Id).toBe(before.Id);
    expect(after.State.StartedAt).toBe(before.State.StartedAt);
  });

  it("starts a stopped mirror again", async () => {
    await docker.getContainer(PACKAGE_MIRROR_CONTAINER).stop({ t: 1 });
    await ensurePackageMirror(docker);
    expect((await docker.getContainer(PACKAGE_MIRROR_CONTAINER).inspect()).State.Running).toBe(true);
  }, 60_000);

  it("serves exactly the projects and versions the pages list (lib/platform/package-mirror.ts)", async () => {
    const index = await execExitCode(
      docker.getContainer(PACKAGE_MIRROR_CONTAINER),
      ["python3", "-c", LIST_PROJECTS, PACKAGE_MIRROR_LOCAL_INDEX_URL],
      15_000,
    );
    expect(index.exitCode, index.output).toBe(0);
    const served = JSON.parse(index.output.trim().split("\n").pop()!) as string[];
    expect(served.sort()).toEqual(MIRROR_PROJECTS.map((p) => p.name).sort());
    for (const { name, version } of MIRROR_PROJECTS) {
      expect(await mirrorProjectVersions(docker, name), name).toEqual([version]);
    }
    await expect(mirrorProjectVersions(docker, "no-such-project")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("serves well-formed wheels: RECORD hashes, tags and metadata agree with the files", async () => {
    const check = await execExitCode(
      docker.getContainer(PACKAGE_MIRROR_CONTAINER),
      ["python3", "-c", WHEEL_CHECK],
      60_000,
    );
    expect(check.exitCode, check.output).toBe(0);
    const lines = check.output.trim().split("\n");
    expect(lines.filter((l) => !l.startsWith("ok "))).toEqual([]);
    // Compiled projects carry their platform tag and their vendored libraries.
    expect(lines).toContainEqual(
      expect.stringMatching(/^ok numpy-[\d.]+-cp311-cp311-linux_x86_64\.whl libs=.*libblas\.so\.3/),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/^ok scikit_learn-[\d.]+-cp311-cp311-linux_x86_64\.whl libs=.*libgomp\.so\.1/),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^ok fastapi-[\d.]+-py3-none-any\.whl libs=$/));
  });

  it("lets a fresh python:3.11-slim container pip install everything it " +
    "serves, consistently, and train a model", async () => {
    const script = [
      "set -e",
      "pip install --no-cache-dir --quiet numpy scipy scikit-learn 2>&1 | grep -v 'as the .root. user' || true",
      "pip install --no-cache-dir --quiet fastapi uvicorn click anyio h11 2>&1 | grep -v 'as the .root. user' || true",
      "pip check",
      "python3 - <<'EOF'",
      "from sklearn.datasets import make_classification",
      "from sklearn.linear_model import LogisticRegression",
      "X, y = make_classification(n_samples=300, n_features=6, random_state=0)",
      "model = LogisticRegression(max_iter=500).fit(X, y)",
      "print('accuracy', round(model.score(X, y), 2))",
      "print('prediction', int(model.predict(X[:1])[0]) == int(y[0]))",
      "import scipy.linalg, numpy; print('scipy-inv', scipy.linalg.inv(numpy.eye(3)).trace())",
      "EOF",
    ].join("\n");
    const { exitCode, output } = await besideMirror("python:3.11-slim", script);
    expect(exitCode, output).toBe(0);
    expect(Number(/^accuracy ([\d.]+)/m.exec(output)?.[1])).toBeGreaterThan(0.8);
    expect(output).toContain("prediction True");
    expect(output).toContain("scipy-inv 3.0");
    expect(output).toContain("No broken requirements found.");
  }, 180_000);
});
