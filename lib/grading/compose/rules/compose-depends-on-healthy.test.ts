import { describe, expect, it } from "vitest";
import { GOOD, runCompose } from "./testing/compose-fixture";

const ID = "correctness.compose-depends-on-healthy";

describe(ID, () => {
  it("passes long-form service_healthy dependencies on services with healthchecks", () => {
    expect(runCompose(ID, GOOD)).toMatchObject({
      status: "pass",
      message: "Start-up waits for healthy dependencies: api → cache.",
    });
  });

  it("flags the short form, which only waits for the container to start", () => {
    const short = runCompose(ID, GOOD.replace("      cache:\n        condition: service_healthy\n", "      - cache\n"));
    expect(short).toMatchObject({ status: "fail", location: "compose.yaml:9" });
    expect(short.message).toContain("in the short form");
    expect(runCompose(ID, GOOD.replace("condition: service_healthy", "condition: service_started")).message).toContain(
      "with condition service_started",
    );
  });

  it("flags a dependency without a healthcheck, or with it disabled", () => {
    expect(runCompose(ID, GOOD.replace(/ {4}healthcheck:\n.*\n.*\n/, "")).message).toContain(
      "cache has no healthcheck",
    );
    expect(
      runCompose(ID, GOOD.replace('      test: ["CMD", "redis-cli", "ping"]\n', "      disable: true\n")).message,
    ).toContain("cache has its healthcheck disabled");
  });

  it("flags a service that does not wait for what the exercise says it needs", () => {
    const none = runCompose(
      ID,
      GOOD.replace("    depends_on:\n      cache:\n        condition: service_healthy\n", ""),
    );
    expect(none).toMatchObject({ status: "fail", location: "compose.yaml:2" });
    expect(none.message).toContain("api does not wait for cache (the Redis cache) at all");
  });
});
