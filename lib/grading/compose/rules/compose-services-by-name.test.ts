import { describe, expect, it } from "vitest";
import { GOOD, runCompose } from "./testing/compose-fixture";

const ID = "correctness.compose-services-by-name";

describe(ID, () => {
  it("passes service-name URLs", () => {
    expect(runCompose(ID, GOOD).status).toBe("pass");
  });

  it("flags localhost and 127.0.0.1 as a host, at the line", () => {
    const result = runCompose(ID, GOOD.replace("redis://cache:6379/0", "redis://localhost:6379/0"));
    expect(result).toMatchObject({
      status: "fail",
      location: "compose.yaml:6",
      evidence: "REDIS_URL=redis://localhost:6379/0",
    });
    expect(result.fix).toContain("one of: cache");
    expect(runCompose(ID, GOOD.replace("redis://cache:6379/0", "127.0.0.1:6379")).status).toBe("fail");
  });

  it("does not mistake names that merely contain localhost", () => {
    expect(runCompose(ID, GOOD.replace("redis://cache:6379/0", "redis://localhost-cache:6379/0")).status).toBe("pass");
  });
});
