import { describe, expect, it } from "vitest";
import { GOOD, runCompose } from "./testing/compose-fixture";

const ID = "security.compose-internal-services-unpublished";

describe(ID, () => {
  it("passes when internal services publish nothing", () => {
    expect(runCompose(ID, GOOD)).toMatchObject({
      status: "pass",
      message: "Internal services publish nothing: cache.",
    });
  });

  it("flags an internal service with ports, even on 127.0.0.1", () => {
    const result = runCompose(
      ID,
      GOOD.replace(
        "    image: redis:7.2.5-bookworm\n",
        '    image: redis:7.2.5-bookworm\n    ports: ["127.0.0.1:6379:6379"]\n',
      ),
    );
    expect(result).toMatchObject({ status: "fail", location: "compose.yaml:13", evidence: "127.0.0.1:6379:6379" });
    expect(result.message).toContain("cache (the Redis cache) publishes");
  });

  it("is skipped when the exercise marks no service internal", () => {
    expect(runCompose(ID, GOOD, { checks: { compose: {} } }).status).toBe("skipped");
  });
});
