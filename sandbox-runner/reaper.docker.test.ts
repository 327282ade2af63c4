import { afterAll, describe, expect, it } from "vitest";
import { engineClient } from "./docker/engine";
import { LABEL_MANAGED, LABEL_RUNNER, LABEL_SUBMISSION } from "./limits";
import { MAX_RESOURCE_AGE_MS, reap } from "./reaper";

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
