import type Docker from "dockerode";
import { describe, expect, it } from "vitest";
import { containerFacts } from "./lab-state";

/** An inspect answer with only what containerFacts reads. */
function inspected(config: Record<string, unknown>): Docker.ContainerInspectInfo {
  return {
    Id: "c1",
    Name: "/stack-cache-1",
    Image: "sha256:1",
    State: { Running: true, Status: "running", ExitCode: 0, OOMKilled: false },
    HostConfig: { RestartPolicy: { Name: "no" } },
    NetworkSettings: { Networks: {} },
    Mounts: [],
    Config: { Image: "dockyard/redis:7.0.15-bookworm", Env: [], Labels: {}, ...config },
  } as unknown as Docker.ContainerInspectInfo;
}

describe("containerFacts: the health check's command, as the engine names its probes' exec events", () => {
  it("joins CMD's words, and runs CMD-SHELL's line through the image's shell", () => {
    const cmd = containerFacts(inspected({ Healthcheck: { Test: ["CMD", "redis-cli", "ping"] } }), []);
    expect(cmd.healthcheck).toBe("redis-cli ping");
    const shell = containerFacts(inspected({ Healthcheck: { Test: ["CMD-SHELL", "curl -f localhost"] } }), []);
    expect(shell.healthcheck).toBe("/bin/sh -c curl -f localhost");
    const bash = containerFacts(
      inspected({ Shell: ["/bin/bash", "-lc"], Healthcheck: { Test: ["CMD-SHELL", "true"] } }),
      [],
    );
    expect(bash.healthcheck).toBe("/bin/bash -lc true");
  });

  it("has none without a health check, or with it turned off", () => {
    expect(containerFacts(inspected({}), []).healthcheck).toBeUndefined();
    expect(containerFacts(inspected({ Healthcheck: { Test: ["NONE"] } }), []).healthcheck).toBeUndefined();
  });
});
