import { describe, expect, it } from "vitest";
import { GOOD, runCompose } from "./testing/compose-fixture";

const ID = "correctness.compose-no-version-key";

describe(ID, () => {
  it("passes a file without version", () => {
    expect(runCompose(ID, GOOD).status).toBe("pass");
  });

  it("flags the version key at its line", () => {
    const result = runCompose(ID, `version: "3.8"\n${GOOD}`);
    expect(result).toMatchObject({ status: "fail", location: "compose.yaml:1", evidence: "version: 3.8" });
  });

  it("is skipped when the YAML does not parse", () => {
    expect(runCompose(ID, "services: [\n").status).toBe("skipped");
  });
});
