import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Docker from "dockerode";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { PlatformFault } from "../../lib/errors/platform-fault";
import {
  dockerStatus,
  EngineGoneFault,
  engineGoneInCliOutput,
  engineMessage,
  ignoreNotFound,
  ignoreStatus,
  isConflict,
  isEngineLost,
  isEngineUnreachable,
  isNotFound,
  warnUnlessStatus,
} from "./docker-error";

/**
 * A stand-in engine answering like the real one, so the errors below are the ones dockerode itself builds
 * (docker-modem's buildPayload), not hand-made look-alikes.
 */
let engine: Server;
let docker: Docker;

beforeAll(async () => {
  engine = createServer((req, res) => {
    const answer = (status: number, body?: object) => {
      res.writeHead(status, { "Content-Type": "application/json" });
      res.end(body ? JSON.stringify(body) : undefined);
    };
    if (req.url?.endsWith("/images/missing:1/json")) return answer(404, { message: "No such image: missing:1" });
    if (req.url?.includes("/containers/busy?")) return answer(409, { message: "container busy is in use" });
    if (req.url?.endsWith("/containers/up/start")) return answer(304);
    if (req.url?.endsWith("/containers/broken/start")) {
      return answer(400, { message: 'exec: "nope": executable file not found' });
    }
    if (req.url?.endsWith("/images/there:1/json")) return answer(200, { Id: "sha256:abc" });
    answer(500, { message: "unexpected" });
  });
  await new Promise<void>((resolve) => engine.listen(0, "127.0.0.1", resolve));
  docker = new Docker({ host: "127.0.0.1", port: (engine.address() as AddressInfo).port, protocol: "http" });
});
afterAll(() => new Promise<void>((resolve) => engine.close(() => resolve())));

const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.fail("expected a rejection"),
    (err: unknown) => err,
  );

describe("reading the engine's answers", () => {
  it("tells not found and conflict apart by the engine's status", async () => {
    const missing = await rejection(docker.getImage("missing:1").inspect());
    expect([dockerStatus(missing), isNotFound(missing), isConflict(missing)]).toEqual([404, true, false]);

    const busy = await rejection(docker.getContainer("busy").remove({ force: true }));
    expect([dockerStatus(busy), isConflict(busy), isNotFound(busy)]).toEqual([409, true, false]);

    const started = await rejection(docker.getContainer("up").start());
    expect(dockerStatus(started)).toBe(304);
  });

  it("gives the engine's own message, without dockerode's prefix", async () => {
    const err = await rejection(docker.getContainer("broken").start());
    expect((err as Error).message).toContain("(HTTP code 400)");
    expect(engineMessage(err)).toBe('exec: "nope": executable file not found');
    expect(engineMessage(await rejection(docker.getContainer("up").start()))).toBeUndefined();
  });

  it("has no status for what is not an engine answer", () => {
    expect(dockerStatus(new Error("boom"))).toBeUndefined();
    expect(dockerStatus(Object.assign(new Error("x"), { statusCode: "404" }))).toBeUndefined();
    expect(isNotFound(undefined)).toBe(false);
    expect(engineMessage("a string")).toBeUndefined();
  });

  it("ignores only the statuses it is told to", async () => {
    expect(await ignoreNotFound(docker.getImage("missing:1").inspect())).toBeUndefined();
    expect(await ignoreNotFound(docker.getImage("there:1").inspect())).toEqual({ Id: "sha256:abc" });
    const busy = docker.getContainer("busy");
    await expect(ignoreNotFound(busy.remove({ force: true }))).rejects.toMatchObject({ statusCode: 409 });
    expect(await ignoreStatus(docker.getContainer("busy").remove({ force: true }), 404, 409)).toBeUndefined();
    await expect(ignoreNotFound(Promise.reject(new Error("socket hang up")))).rejects.toThrow("socket hang up");
  });

  it("logs a best-effort call's failure unless its status was expected", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    await docker.getImage("missing:1").inspect().catch(warnUnlessStatus("inspecting missing:1", 404));
    expect(warn).not.toHaveBeenCalled();
    const busy = await rejection(docker.getContainer("busy").remove({ force: true }));
    warnUnlessStatus("removing busy", 404)(busy);
    warnUnlessStatus("removing busy", 404)(new Error("socket hang up"));
    expect(warn.mock.calls.map((call) => call[0])).toEqual(Array(2).fill("[docker] removing busy failed:"));
    warn.mockRestore();
  });
});

describe("isEngineUnreachable", () => {
  it("is true when the engine's socket does not exist", async () => {
    const err = await rejection(new Docker({ socketPath: "/nonexistent/docker.sock" }).ping());
    expect(isEngineUnreachable(err)).toBe(true);
  });

  it("is true when nothing listens on the engine's port, also through a fault that wraps it", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    const err = await rejection(new Docker({ host: "127.0.0.1", port, protocol: "http" }).ping());
    expect(isEngineUnreachable(err)).toBe(true);
    expect(isEngineUnreachable(new PlatformFault("docker", "No Docker engine answers.", { cause: err }))).toBe(true);
  });

  it("is false for an engine that answered, and for a missing file that is not the socket", async () => {
    expect(isEngineUnreachable(await rejection(docker.getImage("missing:1").inspect()))).toBe(false);
    expect(isEngineUnreachable(await rejection(readFile("/nonexistent/file")))).toBe(false);
  });
});

describe("an engine gone from under the docker CLI", () => {
  // Recorded from buildx 0.13 against Dockyard's engine: dockerd stopped during a RUN step, and no engine at all.
  const stoppedMidBuild =
    "#5 0.261 marker-start\nERROR: failed to receive status: rpc error: code = Unavailable desc = error reading " +
    "from server: EOF\n";
  const noEngine =
    "ERROR: Cannot connect to the Docker daemon at unix:///run/dockyard-engine/docker.sock. Is the docker daemon " +
    "running?\n";

  it("reads a build cut off by the engine stopping as lost, and a missing engine as unreachable", () => {
    expect(engineGoneInCliOutput(stoppedMidBuild)).toBe("lost");
    expect(engineGoneInCliOutput(noEngine)).toBe("unreachable");
  });

  it("does not mistake a build step's own failure for the engine", () => {
    const stepFailed =
      '#5 ERROR: process "/bin/sh -c echo doomed && exit 7" did not complete successfully: exit code: 7\n' +
      'ERROR: failed to solve: process "/bin/sh -c echo doomed && exit 7" did not complete successfully\n';
    expect(engineGoneInCliOutput(stepFailed)).toBeUndefined();
  });

  it("tells lost and unreachable apart, also through a fault that wraps them", () => {
    const lost = new EngineGoneFault("lost", "The Docker engine went away during the build.");
    const unreachable = new EngineGoneFault("unreachable", "The Docker engine did not answer the build.");
    expect([isEngineLost(lost), isEngineUnreachable(lost)]).toEqual([true, false]);
    expect([isEngineLost(unreachable), isEngineUnreachable(unreachable)]).toEqual([false, true]);
    expect(isEngineLost(new PlatformFault("docker", "The cache phase failed.", { cause: lost }))).toBe(true);
    expect(isEngineLost(new Error("error reading from server: EOF"))).toBe(false);
  });
});
