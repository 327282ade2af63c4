import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PlatformFault } from "../../lib/errors/platform-fault";
import { engineClient } from "../docker/engine";
import type { ImageFacts } from "./image-facts";
import { readImage } from "./read-image";
import { FixtureImages } from "./testing/fixture-images";

const docker = engineClient();
const fixtures = new FixtureImages(docker);

const DOCKERFILE = (runId: string) => `FROM debian:bookworm-slim
LABEL dockyard.fixture=${runId}
ENV APP_MODE=test
WORKDIR /app
COPY main.py /app/
RUN mkdir -p /d/sub /gone && printf 'old' > /d/sub/old && printf 'bye' > /gone/file \\
 && printf 'x' > /usr/local/bin/tool && chmod 4755 /usr/local/bin/tool \\
 && printf 'owned' > /app/owned && chown 1234 /app/owned \\
 && ln -s /app/main.py /app/link && ln /app/owned /app/hard
RUN rm -rf /gone && rm -rf /d && mkdir -p /d && printf 'new' > /d/new
USER 1234:1234
EXPOSE 8000/tcp
HEALTHCHECK --interval=7s CMD ["true"]
ENTRYPOINT ["python3"]
CMD ["main.py"]
`;

let tag: string;
let facts: ImageFacts;

beforeAll(async () => {
  await docker.ping();
  tag = await fixtures.build("read", [
    { path: "Dockerfile", content: DOCKERFILE(fixtures.runId) },
    { path: "main.py", content: "print('hi')\n" },
  ]);
  facts = await readImage(docker, tag, { baseImageRef: "debian:bookworm-slim" });
}, 120_000);

afterAll(async () => {
  await fixtures.cleanup();
}, 60_000);

const fileIn = (layer: number, path: string) => facts.layers[layer]!.files.find((f) => f.path === path && !f.whiteout);

describe("readImage", () => {
  it("reads the config the way docker inspect shows it", async () => {
    const inspected = await docker.getImage(tag).inspect();
    expect(facts.id).toBe(inspected.Id);
    expect(facts.sizeBytes).toBe(inspected.Size);
    expect(facts.config).toMatchObject({
      user: "1234:1234",
      env: { APP_MODE: "test", PATH: expect.stringContaining("/usr/bin") },
      entrypoint: ["python3"],
      cmd: ["main.py"],
      exposedPorts: ["8000/tcp"],
      workingDir: "/app",
      labels: { "dockyard.fixture": fixtures.runId, "dockyard.managed": "true" },
      healthcheck: { test: ["CMD", "true"], intervalNs: 7_000_000_000 },
    });
  });

  it("orders layers bottom-up, marks the base's, and shows each learner layer's instruction", () => {
    expect(facts.layers.map((l) => [l.isBase, l.createdBy.split(" ")[0]])).toEqual([
      [true, ""],
      [false, "WORKDIR"],
      [false, "COPY"],
      [false, "RUN"],
      [false, "RUN"],
    ]);
    // BuildKit records the instruction as written (the classic builder recorded a content hash).
    expect(facts.layers[2]!.createdBy).toBe("COPY main.py /app/");
    expect(facts.layers[3]!.createdBy).toMatch(/^RUN mkdir -p \/d\/sub \/gone/);
    expect(facts.layers[0]!.diffId).toBe((facts.base?.diffIds ?? [])[0]);
  });

  it("keeps history entries without a layer and maps the others to their layer", () => {
    const env = facts.history.find((h) => h.createdBy === "ENV APP_MODE=test");
    expect(env).toMatchObject({ emptyLayer: true, isBase: false, layerIndex: undefined });
    expect(facts.history.filter((h) => h.isBase)).toHaveLength(1);
    expect(facts.history.filter((h) => h.layerIndex !== undefined).map((h) => h.layerIndex)).toEqual([0, 1, 2, 3, 4]);
  });

  it("records file types, modes, owners and sizes", () => {
    expect(fileIn(2, "app/main.py")).toMatchObject({ type: "file", size: 12, mode: 0o644 });
    expect(fileIn(3, "usr/local/bin/tool")).toMatchObject({ type: "file", mode: 0o4755 });
    expect(fileIn(3, "app/link")).toMatchObject({ type: "symlink", size: 0 });
    // Two names, one inode: the tar stores the bytes under the first name it meets and links the other.
    const pair = [fileIn(3, "app/hard")!, fileIn(3, "app/owned")!];
    expect(pair.map((f) => [f.type, f.size, f.uid])).toEqual([
      ["file", 5, 1234],
      ["hardlink", 0, 1234],
    ]);
    expect(facts.layers[3]!.sizeBytes).toBe(3 + 3 + 1 + 5);
  });

  it("turns deletions into whiteouts and a recreated directory into an opaque marker", () => {
    const cleanup = facts.layers[4]!.files;
    expect(cleanup).toContainEqual(expect.objectContaining({ path: "gone", whiteout: true }));
    expect(cleanup).toContainEqual(expect.objectContaining({ path: "d", whiteout: true, opaque: true }));
    expect(cleanup).toContainEqual(expect.objectContaining({ path: "d/new", type: "file", size: 3 }));
  });

  it("treats every layer as the learner's when no base is given or the base is unknown", async () => {
    const unknownBase = await readImage(docker, tag, { baseImageRef: "dockyard-no-such-image:1" });
    expect(unknownBase.layers.every((l) => !l.isBase)).toBe(true);
    expect(unknownBase.base).toBeUndefined();
  });

  it("streams a 120 MB image in one pass", async () => {
    const started = Date.now();
    const python = await readImage(docker, "python:3.11-slim", { baseImageRef: "debian:bookworm-slim" });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(python.sizeBytes).toBeGreaterThan(100_000_000);
    expect(python.layers.map((l) => l.isBase)).toEqual([true, false]);
    expect(python.layers[1]!.files.length).toBeGreaterThan(1000);
    expect(python.layers[1]!.sizeBytes).toBeGreaterThan(40_000_000);
  }, 30_000);

  it("reports a missing image as a fault of the Docker engine", async () => {
    const err = await readImage(docker, "dockyard-no-such-image:1").catch((e: unknown) => e);
    expect(err instanceof PlatformFault && err.system).toBe("docker");
  });
});
