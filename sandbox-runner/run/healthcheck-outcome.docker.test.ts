import type Docker from "dockerode";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { ignoreNotFound } from "../docker/docker-error";
import { engineClient } from "../docker/engine";
import { LABEL_MANAGED } from "../owner-labels";
import { healthcheckOutcome, readHealthcheck } from "./healthcheck-outcome";
import { hostLoad } from "./host-busy";

/**
 * A HEALTHCHECK is judged on the learner's own terms (issue 33's false fail under load): Docker's runs that only
 * outlived the learner's timeout, while the service answered, are no verdict. Slowness is simulated inside the
 * container (a command that is slow a given number of times), since a busy host cannot be made on demand.
 */
const docker = engineClient();
const IMAGE = "python:3.11-slim";
const containers: Docker.Container[] = [];

beforeAll(async () => {
  await docker.getImage(IMAGE).inspect();
});

afterEach(async () => {
  for (const c of containers.splice(0)) await c.remove({ force: true }).catch(ignoreNotFound);
});

/** A container whose HEALTHCHECK runs `test` every second with a 1 s timeout, unhealthy after 2 failures. */
async function withHealthcheck(test: string) {
  const container = await docker.createContainer({
    Image: IMAGE,
    Cmd: ["sleep", "120"],
    Labels: { [LABEL_MANAGED]: "true" },
    NetworkDisabled: true,
    Healthcheck: { Test: ["CMD-SHELL", test], Interval: 1e9, Timeout: 1e9, Retries: 2 },
  });
  containers.push(container);
  await container.start();
  const info = await container.inspect();
  return { container, healthcheck: readHealthcheck(info.Config as Parameters<typeof readHealthcheck>[0]) };
}

const judge = (c: Awaited<ReturnType<typeof withHealthcheck>>, seconds: number) =>
  healthcheckOutcome({
    ...c,
    startedAt: Date.now(),
    deadlineSeconds: seconds,
    untilMs: Date.now() + seconds * 1000,
    serviceAnswered: () => true,
  });

// Slow (3 s, past the 1 s timeout) for its first `n` runs, then quick: a command starved for a while.
const slowFirst = (n: number) =>
  `n=$(cat /tmp/runs 2>/dev/null || echo 0); echo $((n+1)) > /tmp/runs; [ $n -ge ${n} ] || sleep 3`;

describe("a HEALTHCHECK that only timed out while the service answered", () => {
  it("passes once it runs within its timeout, although Docker had marked the container unhealthy", async () => {
    const outcome = await judge(await withHealthcheck(slowFirst(3)), 20);
    expect(outcome.status).toBe("pass");
  }, 60_000);

  it("fails when it times out every time on a grader that is not busy, and is not judged on a busy one", async () => {
    const outcome = await judge(await withHealthcheck("sleep 3"), 5);
    const load = await hostLoad();
    if (load.busy) {
      expect(outcome).toMatchObject({ status: "skipped", reason: expect.stringMatching(/^Not judged: .*timed out/) });
    } else {
      expect(outcome).toMatchObject({ status: "fail" });
      expect(JSON.stringify(outcome)).toMatch(/run by the grader it timed out after 1 s/);
    }
  }, 60_000);

  it("fails at once when the command fails on its own, whatever the service answered", async () => {
    const outcome = await judge(await withHealthcheck("exit 1"), 20);
    expect(outcome).toMatchObject({ status: "fail" });
    expect(JSON.stringify(outcome)).toMatch(/last with exit code 1/);
  }, 60_000);
});
