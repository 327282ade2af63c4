import { describe, expect, it } from "vitest";
import { GOOD, runCompose } from "./testing/compose-fixture";

const ID = "security.compose-ports-bound-locally";

describe(ID, () => {
  it("passes ports bound to 127.0.0.1, and long syntax with host_ip", () => {
    expect(runCompose(ID, GOOD).status).toBe("pass");
    const long = GOOD.replace(
      'ports: ["127.0.0.1:8000:8000"]',
      "ports:\n      - target: 8000\n        published: 8000\n        host_ip: 127.0.0.1",
    );
    expect(runCompose(ID, long).status).toBe("pass");
  });

  it("flags ports published on every interface, with a fix", () => {
    expect(runCompose(ID, GOOD.replace('"127.0.0.1:8000:8000"', '"8000:8000"'))).toMatchObject({
      status: "fail",
      location: "compose.yaml:4",
      fix: '"127.0.0.1:8000:8000"',
    });
    expect(runCompose(ID, GOOD.replace('"127.0.0.1:8000:8000"', '"8000"'))).toMatchObject({
      status: "fail",
      fix: '"127.0.0.1:8000:8000"',
    });
  });
});
