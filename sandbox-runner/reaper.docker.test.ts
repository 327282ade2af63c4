import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ignoreNotFound } from "./docker/docker-error";
import { engineClient } from "./docker/engine";
import type { KeptImageRules } from "./kept-images";
import { LABEL_CREATED, LABEL_MANAGED, LABEL_RUNNER, LABEL_SHELL, LABEL_SUBMISSION } from "./owner-labels";
import { MAX_RESOURCE_AGE_MS, MAX_SHELL_AGE_MS, reap } from "./reaper";
import { buildTestImage } from "./testing/build-test-image";

const docker = engineClient();
const ids = {
  live: `reaper-live-${Date.now()}`,
  dead: `reaper-dead-${Date.now()}`,
  retried: `reaper-retried-${Date.now()}`,
};
const runners = { live: `runner-live-${Date.now()}`, dead: `runner-dead-${Date.now()}` };
// Other tests may own labelled resources on the same engine; this file only reaps its own.
const scope = (id: string) => Object.values(ids).includes(id);

async function leftover(submissionId: string, runnerId?: string) {
  const labels = {
    [LABEL_SUBMISSION]: submissionId,
    [LABEL_MANAGED]: "true",
    ...(runnerId ? { [LABEL_RUNNER]: runnerId } : {}),
  };
  const container = await docker.createContainer({
    Image: "debian:bookworm-slim",
    Cmd: ["sleep", "300"],
    Labels: labels,
    HostConfig: { NetworkMode: "none" },
  });
  await container.start();
  await docker.createNetwork({ Name: `net-${submissionId}-${runnerId ?? "cli"}`, Internal: true, Labels: labels });
  return container.id;
}

async function count(submissionId: string, runnerId?: string) {
  const label = [`${LABEL_SUBMISSION}=${submissionId}`, ...(runnerId ? [`${LABEL_RUNNER}=${runnerId}`] : [])];
  const filters = { label };
  return (await docker.listContainers({ all: true, filters })).length + (await docker.listNetworks({ filters })).length;
}

afterAll(async () => {
  await reap(docker, { isInFlight: async () => false, scope });
  expect(await count(ids.live)).toBe(0);
  expect(await count(ids.retried)).toBe(0);
});

describe("reap against the real engine", () => {
  it("removes what a dead or finished submission left and keeps what a live runner is still using", async () => {
    await leftover(ids.live);
    await leftover(ids.dead);
    const report = await reap(docker, { isInFlight: async (id) => id !== ids.dead, scope });
    expect(await count(ids.dead)).toBe(0);
    expect(await count(ids.live)).toBe(2);
    expect(report.containers).toBeGreaterThanOrEqual(1);
    expect(report.networks).toBeGreaterThanOrEqual(1);
  });

  it("removes a dead runner's resources while their submission is graded again by a live runner", async () => {
    // The job was handed to another runner after the first one died: both left resources under the same submission.
    await leftover(ids.retried, runners.dead);
    await leftover(ids.retried, runners.live);
    await reap(docker, { isInFlight: async () => true, isRunnerDead: async (id) => id === runners.dead, scope });
    expect(await count(ids.retried, runners.dead)).toBe(0);
    expect(await count(ids.retried, runners.live)).toBe(2);
  });

  it("removes anything older than the longest possible job, even if its submission looks in flight", async () => {
    await reap(docker, { isInFlight: async () => true, now: Date.now() + MAX_RESOURCE_AGE_MS + 60_000, scope });
    expect(await count(ids.live)).toBe(0);
  });
});

describe("reap: images kept for shells, and shells' containers", () => {
  const kept = `reaper-kept-${Date.now()}`;
  const tag = `dockyard-sub-${kept}`;
  const gone = () => ignoreNotFound(docker.getImage(tag).inspect()).then((i) => i === undefined);
  const rules = (verdict: "keep" | "release", released: string[] = []): KeptImageRules => ({
    imageKeep: async (id) => (id === kept ? { tag, verdict } : undefined),
    released: async (id) => void released.push(id),
  });
  const keptScope = (id: string) => id === kept;

  beforeAll(async () => {
    const built = await buildTestImage(docker, kept, tag, [
      { path: "Dockerfile", content: "FROM debian:bookworm-slim\nLABEL course=dockyard\n" },
    ]);
    expect(built.kind).toBe("built");
  });

  afterAll(async () => {
    await ignoreNotFound(docker.getImage(tag).remove({ force: true }));
  });

  it("keeps a kept image although its submission is over, its runner dead and its build old", async () => {
    await reap(docker, {
      isInFlight: async () => false,
      isRunnerDead: async () => true,
      now: Date.now() + MAX_RESOURCE_AGE_MS + 60_000,
      scope: keptScope,
      keptImages: rules("keep"),
    });
    expect(await gone()).toBe(false);
  });

  it("judges an image's age by when it was built, not by the cached date the engine reports", async () => {
    // A Dockerfile with no new layer: the engine dates the image as its base, long before this build.
    const image = await docker.getImage(tag).inspect();
    const engineDate = Date.parse(image.Created);
    expect(Number(image.Config.Labels[LABEL_CREATED]) - engineDate).toBeGreaterThan(1000);
    // Past the age limit by the engine's date, within it by the build's.
    await reap(docker, {
      isInFlight: async () => true,
      now: engineDate + MAX_RESOURCE_AGE_MS + 1000,
      scope: keptScope,
    });
    expect(await gone()).toBe(false);
  });

  it("removes a released kept image, and its record with it", async () => {
    const released: string[] = [];
    // The submission looks in flight: a released image goes all the same.
    await reap(docker, { isInFlight: async () => true, scope: keptScope, keptImages: rules("release", released) });
    expect(await gone()).toBe(true);
    expect(released).toEqual([kept]);
  });

  it("removes shell containers whose session closed, whose runner died, or older than any shell", async () => {
    const shell = (session: string, runner: string) =>
      docker
        .createContainer({
          Image: "debian:bookworm-slim",
          Cmd: ["sleep", "300"],
          Labels: { [LABEL_SHELL]: session, [LABEL_MANAGED]: "true", [LABEL_RUNNER]: runner, [LABEL_SUBMISSION]: "" },
          HostConfig: { NetworkMode: "none" },
        })
        .then((c) => c.start().then(() => c.id));
    const stamp = Date.now();
    const sessions = { live: `live-${stamp}`, closed: `closed-${stamp}`, orphan: `orphan-${stamp}` };
    await shell(sessions.live, runners.live);
    await shell(sessions.closed, runners.live);
    await shell(sessions.orphan, runners.dead);
    const shellScope = (id: string) => Object.values(sessions).includes(id);
    const left = async () =>
      (await docker.listContainers({ all: true, filters: { label: [LABEL_SHELL] } }))
        .map((c) => c.Labels[LABEL_SHELL]!)
        .filter(shellScope)
        .sort();
    const options = {
      // The submission rule must not touch shells: every submission looks finished here.
      isInFlight: async () => false,
      isRunnerDead: async (id: string) => id === runners.dead,
      isShellLive: async (id: string) => id !== sessions.closed,
      shellScope,
    };
    const report = await reap(docker, options);
    expect(report.shells).toBe(2);
    expect(await left()).toEqual([sessions.live]);
    await reap(docker, { ...options, now: Date.now() + MAX_SHELL_AGE_MS + 60_000 });
    expect(await left()).toEqual([]);
  });
});
