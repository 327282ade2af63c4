import { describe, expect, it } from "vitest";
import { GOOD, runCompose } from "./testing/compose-fixture";

const ID = "correctness.compose-state-on-named-volumes";

describe(ID, () => {
  it("passes a stateful service on a named volume", () => {
    expect(runCompose(ID, GOOD)).toMatchObject({
      status: "pass",
      message: "Stateful services keep their data on named volumes: cache on cache-data.",
    });
  });

  it("flags data kept only in the container or an anonymous volume", () => {
    const anonymous = runCompose(ID, GOOD.replace('volumes: ["cache-data:/data"]', 'volumes: ["/data"]'));
    expect(anonymous).toMatchObject({ status: "fail", location: "compose.yaml:13" });
    expect(anonymous.message).toContain(
      "cache (the Redis cache) keeps its data only in the container or an anonymous volume",
    );
    expect(runCompose(ID, GOOD.replace('    volumes: ["cache-data:/data"]\n', "")).message).toContain(
      "keeps its data only in the container (or in the anonymous volume its image declares",
    );
  });

  it("flags a bind mount, which ties the data to a host folder", () => {
    expect(
      runCompose(ID, GOOD.replace('volumes: ["cache-data:/data"]', 'volumes: ["./redis-data:/data"]')).message,
    ).toContain("bind mount of ./redis-data");
  });

  it("leaves the top-level declaration to correctness.compose-spec-valid", () => {
    expect(runCompose(ID, GOOD.replace("volumes:\n  cache-data:\n", "")).status).toBe("pass");
  });

  it("is skipped when no service is stateful", () => {
    expect(runCompose(ID, GOOD, { checks: { compose: {} } }).status).toBe("skipped");
  });
});
