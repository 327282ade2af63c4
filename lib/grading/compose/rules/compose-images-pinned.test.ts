import { describe, expect, it } from "vitest";
import { GOOD, runCompose } from "./testing/compose-fixture";

const ID = "security.compose-images-pinned";

describe(ID, () => {
  it("passes tags and digests", () => {
    expect(runCompose(ID, GOOD).status).toBe("pass");
    expect(runCompose(ID, GOOD.replace("redis:7.2.5-bookworm", `redis@sha256:${"a".repeat(64)}`)).status).toBe("pass");
  });

  it("flags untagged and :latest images at their line", () => {
    const untagged = runCompose(ID, GOOD.replace("redis:7.2.5-bookworm", "redis"));
    expect(untagged).toMatchObject({ status: "fail", location: "compose.yaml:12", evidence: "image: redis" });
    expect(untagged.message).toContain("no tag, so :latest");
    expect(runCompose(ID, GOOD.replace("redis:7.2.5-bookworm", "ghcr.io/acme/redis:latest")).status).toBe("fail");
  });
});
