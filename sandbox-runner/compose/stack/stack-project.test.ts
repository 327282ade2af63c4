import type Docker from "dockerode";
import { beforeEach, describe, expect, it, vi } from "vitest";

// The subject is StackProject's own control flow, not Compose: the CLI answers what each test scripts.
const composeExits: number[] = [];
const composeCalls: string[][] = [];
vi.mock("../compose-plugin", () => ({
  runCompose: async (_dir: string, args: string[]) => {
    composeCalls.push(args);
    return { exitCode: composeExits.shift() ?? 0, stdout: "", stderr: "dependency failed to start" };
  },
}));

const { StackProject } = await import("./stack-project");

/** One api container, healthy from its second inspect on, as a starved host lets it be. */
function slowEngine() {
  let inspections = 0;
  return {
    listContainers: async () => [{ Id: "stack-api-1" }],
    getContainer: () => ({
      inspect: async () => ({
        Name: "/stack-api-1",
        State: { Running: true, Health: { Status: inspections++ === 0 ? "starting" : "healthy" } },
      }),
    }),
  } as unknown as Docker;
}

async function project(busy: boolean) {
  return StackProject.open({
    docker: slowEngine(),
    name: "stack",
    builtService: "api",
    port: 8000,
    deadline: Date.now() + 120_000,
    log: () => undefined,
    hostLoad: async () => ({ busy, detail: busy ? "load average 9.0" : "load average 0.1" }),
  });
}

const ups = () => composeCalls.filter((args) => args.includes("up"));

beforeEach(() => {
  composeExits.length = 0;
  composeCalls.length = 0;
});

describe("StackProject.up on a busy host", () => {
  // Every up of the stack phase (the first start, the data check's starts after down, the scale) goes through here.
  it("waits for a container a busy host left starting, then runs up once more and gives its verdict", async () => {
    composeExits.push(1, 0);
    const stack = await project(true);
    await expect(stack.up()).resolves.toBe(true);
    expect(ups()).toHaveLength(2);
    await stack.remove();
  });

  it("gives the failed up's verdict at once on a host that is not busy", async () => {
    composeExits.push(1);
    const stack = await project(false);
    await expect(stack.up(["--scale", "api=3"], "api")).resolves.toBe(false);
    expect(ups()).toHaveLength(1);
    expect(ups()[0]).toContain("--scale");
    await stack.remove();
  });
});
