import { randomUUID } from "node:crypto";
import type Docker from "dockerode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { engineClient } from "../docker/engine";
import { LABEL_MANAGED, LABEL_SUBMISSION } from "../owner-labels";
import { LAB_SERVICE_IMAGES, SEED_VERSION_LABEL, seedVersion } from "./base-images";
import { runOnce } from "./run-once";
import { ensureBaseImages } from "./seed-base-images";

// The registry image a lab's learner runs: it must answer the way the official registry:2 does, with no network
// beyond its own. A client in the registry's network namespace stands for the lab's `docker push` to
// localhost:5000 (lab-images.docker.test.ts pushes for real, inside a lab).
const [REGISTRY] = LAB_SERVICE_IMAGES;
const OWNER = "test-registry-image";
const docker = engineClient();
let registry: Docker.Container;
const volume = `dockyard-test-registry-${randomUUID().slice(0, 8)}`;

/** Python in the registry's own network namespace: 127.0.0.1:5000 there is the registry. */
function besideRegistry(script: string) {
  return runOnce(docker, {
    image: "python:3.11-slim",
    cmd: ["python3", "-c", script],
    network: `container:${registry.id}`,
    owner: OWNER,
    timeoutMs: 60_000,
  });
}

beforeAll(async () => {
  await ensureBaseImages();
  registry = await docker.createContainer({
    Image: REGISTRY,
    Labels: { [LABEL_SUBMISSION]: OWNER, [LABEL_MANAGED]: "true" },
    HostConfig: { NetworkMode: "none", Binds: [`${volume}:/var/lib/registry`] },
  });
  await registry.start();
}, 600_000);

afterAll(async () => {
  await registry?.remove({ force: true });
  await docker
    .getVolume(volume)
    .remove()
    .catch(() => undefined);
});

describe("the lab's registry image", () => {
  it("is Debian's docker-registry on debian:bookworm-slim, tagged with the version it runs", async () => {
    const [debian, image] = await Promise.all(
      ["debian:bookworm-slim", REGISTRY].map((name) => docker.getImage(name).inspect()),
    );
    expect(image!.RootFS.Layers?.slice(0, 1)).toEqual(debian!.RootFS.Layers);
    expect(image!.Config.Labels?.[SEED_VERSION_LABEL]).toBe(seedVersion());
    expect(Object.keys(image!.Config.Volumes ?? {})).toEqual(["/var/lib/registry"]);
    expect(Object.keys(image!.Config.ExposedPorts ?? {})).toEqual(["5000/tcp"]);
    const { exitCode, output } = await runOnce(docker, {
      image: REGISTRY,
      cmd: ["--version"],
      network: "none",
      owner: OWNER,
      timeoutMs: 30_000,
    });
    expect(exitCode, output).toBe(0);
    expect(REGISTRY).toBe(`dockyard/registry:${/ (\d+\.\d+\.\d+)\+ds/.exec(output)?.[1]}-bookworm`);
  });

  it("answers the Registry HTTP API V2 on port 5000 with no auth, and stores a blob in /var/lib/registry", async () => {
    const script = `
import hashlib, time, urllib.request as u
for _ in range(100):
    try:
        r = u.urlopen("http://127.0.0.1:5000/v2/"); break
    except OSError:
        time.sleep(0.1)
print("status", r.status, r.headers["Docker-Distribution-Api-Version"])
blob = b"a layer, as far as the registry knows"
digest = "sha256:" + hashlib.sha256(blob).hexdigest()
started = u.urlopen(u.Request("http://127.0.0.1:5000/v2/course/app/blobs/uploads/", method="POST"))
location = started.headers["Location"]
put = u.Request(location + ("&" if "?" in location else "?") + "digest=" + digest, data=blob, method="PUT")
put.add_header("Content-Type", "application/octet-stream")
print("upload", started.status, u.urlopen(put).status)
print("fetch", u.urlopen("http://127.0.0.1:5000/v2/course/app/blobs/" + digest).read() == blob)
`;
    const { exitCode, output } = await besideRegistry(script);
    expect(exitCode, output).toBe(0);
    expect(output).toContain("status 200 registry/2.0");
    expect(output).toContain("upload 202 201");
    expect(output).toContain("fetch True");

    // The upload landed in the volume, where the official image keeps its data too.
    const exec = await registry.exec({
      Cmd: ["ls", "/var/lib/registry/docker/registry/v2/repositories/course"],
      AttachStdout: true,
      AttachStderr: true,
    });
    const stream = await exec.start({});
    const chunks: Buffer[] = [];
    await new Promise((resolve) => {
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", resolve);
    });
    expect(Buffer.concat(chunks).toString()).toContain("app");
  });
});
