import type Docker from "dockerode";
import { describe, expect, it } from "vitest";
import { PlatformFault } from "../../grading/lib";
import { type BusyHostWait, waitOutBusyHost } from "./busy-host-health";

type Health = { Status: string; FailingStreak?: number; Log?: { ExitCode: number; Output: string }[] };
/** A container's state as each inspect sees it in turn; the last one stays. */
type Timeline = { running?: boolean; health?: Health }[];

const STARTING: Health = { Status: "starting" };
const HEALTHY: Health = { Status: "healthy" };
const TIMED_OUT: Health = {
  Status: "unhealthy",
  FailingStreak: 3,
  Log: Array(3).fill({ ExitCode: -1, Output: "Health check exceeded timeout (3s)" }),
};
const REFUSED: Health = {
  Status: "unhealthy",
  FailingStreak: 3,
  Log: Array(3).fill({ ExitCode: 1, Output: "Connection refused" }),
};

const busy = async () => ({ busy: true, detail: "load average 9.0 on this 2-core grader" });
const idle = async () => ({ busy: false, detail: "load average 0.2 on this 2-core grader" });

/** An engine holding these containers, each moving along its timeline one inspect at a time. */
function engine(containers: Record<string, Timeline>) {
  const seen: Record<string, number> = {};
  const docker = {
    getContainer: (id: string) => ({
      inspect: async () => {
        const timeline = containers[id]!;
        const at = Math.min(seen[id] ?? 0, timeline.length - 1);
        seen[id] = (seen[id] ?? 0) + 1;
        const { running = true, health } = timeline[at]!;
        return { Name: `/${id}`, State: { Running: running, Health: health } };
      },
    }),
  } as unknown as Docker;
  const list = async () => Object.keys(containers).map((Id) => ({ Id }) as Docker.ContainerInfo);
  return { docker, list, seen };
}

function waitFor(
  containers: Record<string, Timeline>,
  hostLoad: BusyHostWait["hostLoad"],
  untilMs = Date.now() + 2000,
) {
  const { docker, list, seen } = engine(containers);
  const logged: string[] = [];
  const waited = waitOutBusyHost({
    docker,
    containers: list,
    untilMs,
    hostLoad,
    log: (text) => logged.push(text),
    pollMs: 5,
  });
  return { waited, seen, logged };
}

describe("waitOutBusyHost: a failed up --wait on a busy host", () => {
  it("waits while a replica holds in starting, and answers true once it turns healthy", async () => {
    const { waited, seen, logged } = waitFor(
      {
        "stack-api-1": [{ health: HEALTHY }],
        "stack-api-3": [{ health: STARTING }, { health: STARTING }, { health: HEALTHY }],
      },
      busy,
    );
    await expect(waited).resolves.toBe(true);
    expect(seen["stack-api-3"]).toBe(3);
    expect(logged.join("")).toContain("stack-api-3 not healthy yet while load average 9.0");
  });

  it("waits out health checks that only outlived their timeout", async () => {
    const { waited } = waitFor({ "stack-api-2": [{ health: TIMED_OUT }, { health: HEALTHY }] }, busy);
    await expect(waited).resolves.toBe(true);
  });

  it("makes a replica still starting at the end of a busy wait a platform fault, not the learner's fail", async () => {
    const { waited } = waitFor({ "stack-api-3": [{ health: STARTING }] }, busy, Date.now() + 30);
    await expect(waited).rejects.toBeInstanceOf(PlatformFault);
    await expect(waited).rejects.toThrow(/stack-api-3 had not reported healthy .* load average 9\.0/);
  });

  it("answers true, for the learner's verdict, when the host calmed down with the replica undecided", async () => {
    let calls = 0;
    const calming = async () => (calls++ === 0 ? busy() : idle());
    const { waited } = waitFor({ "stack-api-3": [{ health: STARTING }] }, calming, Date.now() + 30);
    await expect(waited).resolves.toBe(true);
  });

  it("does not wait on an idle host: a replica still starting is the stack's own slowness", async () => {
    const { waited, seen } = waitFor({ "stack-api-3": [{ health: STARTING }, { health: HEALTHY }] }, idle);
    await expect(waited).resolves.toBe(false);
    expect(seen["stack-api-3"]).toBe(1);
  });

  it("does not wait for a health check that fails on its own, or for a container that exited", async () => {
    const { waited, seen } = waitFor(
      {
        "stack-api-1": [{ health: REFUSED }, { health: HEALTHY }],
        "stack-api-2": [{ running: false, health: STARTING }],
        "stack-redis-1": [{}],
      },
      busy,
    );
    await expect(waited).resolves.toBe(false);
    expect(seen["stack-api-1"]).toBe(1);
  });
});
