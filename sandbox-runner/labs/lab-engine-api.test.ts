import { mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import type Docker from "dockerode";
import { afterEach, describe, expect, it } from "vitest";
import { LAB_ANSWER_BYTES, LabAnswerRefused, labEngineClients } from "./lab-engine-api";
import { MAX_CONTAINERS_READ, readLabState } from "./verify/lab-state";

// An engine a lab controls may answer anything: here a server on a Unix socket plays it, answering 100 MB.
let server: http.Server | undefined;
let dir: string | undefined;

afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("a lab engine's answers, as the runner reads them", () => {
  it("stop being read past the cap: a 100 MB answer is refused with the learner's way out", async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "dockyard-lab-api-"));
    const socket = path.join(dir, "docker.sock");
    const chunk = Buffer.alloc(1024 * 1024, "x");
    let sent = 0;
    server = http.createServer((_req, res) => {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.write("[");
      // Written as the client reads (backpressure): what was sent is what the runner took in, give or take buffers.
      const more = () => {
        while (sent < 100 * chunk.length) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once("drain", more);
        }
        res.end("]");
      };
      res.on("close", () => res.removeAllListeners("drain"));
      more();
    });
    await new Promise<void>((resolve) => server!.listen(socket, resolve));
    const { api } = labEngineClients(socket);
    const refused = await api.listContainers().catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(LabAnswerRefused);
    expect((refused as Error).message).toContain("more than 8 MiB");
    // Far less than the 100 MB reached the runner: it stopped reading at the cap.
    expect(sent).toBeLessThan(LAB_ANSWER_BYTES + 8 * chunk.length);
  });

  it("read at most MAX_CONTAINERS_READ containers, with a message that says how to get under it", async () => {
    const many = Array.from({ length: MAX_CONTAINERS_READ + 1 }, (_, i) => ({ Id: `c${i}` }));
    let inspected = 0;
    // Only the engine's answers matter here: a stand-in with the lists a lab of 201 stopped containers gives.
    const docker = {
      listContainers: async () => many,
      listVolumes: async () => ({ Volumes: [] }),
      listNetworks: async () => [],
      listImages: async () => [],
      getContainer: () => ({
        inspect: async () => {
          inspected++;
          throw new Error("not asked");
        },
      }),
    } as unknown as Docker;
    const refused = await readLabState(docker).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(LabAnswerRefused);
    expect((refused as Error).message).toContain(`the lab has ${MAX_CONTAINERS_READ + 1} containers`);
    expect((refused as Error).message).toContain("docker container prune");
    expect(inspected).toBe(0);
  });
});
