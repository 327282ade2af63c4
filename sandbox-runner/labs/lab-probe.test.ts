import { describe, expect, it } from "vitest";
import { markedAsChecker } from "./lab-probe";

describe("markedAsChecker", () => {
  it("marks every request of the lab's checker, so a learner's server log tells it from theirs", () => {
    expect(markedAsChecker("/report")).toBe("/report?dockyard-check=1");
    expect(markedAsChecker("/v2/churn/tags/list?n=100")).toBe("/v2/churn/tags/list?n=100&dockyard-check=1");
  });
});
