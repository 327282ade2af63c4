import { describe, expect, it } from "vitest";
import { composeBytes } from "../compose-model";
import { suggestedShmSize } from "./compose-shm-size";
import { CHECKS, GOOD, runCompose } from "./testing/compose-fixture";
import { TRAINING, TRAINING_CHECKS } from "./testing/compose-training-fixture";

const ID = "correctness.compose-shm-size";
const run = (compose: string) => runCompose(ID, compose, { checks: TRAINING_CHECKS });

describe(ID, () => {
  it("passes a size at least what the workers keep in flight", () => {
    expect(run(TRAINING)).toMatchObject({ status: "pass", message: "Shared memory fits the workers: train 1gb." });
    expect(run(TRAINING.replace('"1gb"', "256m")).status).toBe("pass");
    expect(run(TRAINING.replace('"1gb"', String(512 * 1024 * 1024))).status).toBe("pass");
  });

  it("flags a missing shm_size at the service: Docker's 64 MB default is too small", () => {
    const result = run(TRAINING.replace('    shm_size: "1gb"\n', ""));
    expect(result).toMatchObject({ status: "fail", location: "compose.yaml:2", fix: 'shm_size: "1gb"' });
    expect(result.message).toContain("Docker's 64 MB");
  });

  it("flags a size below the need, and one that is not a size, at the shm_size line", () => {
    const small = run(TRAINING.replace('"1gb"', "64m"));
    expect(small).toMatchObject({ status: "fail", location: "compose.yaml:5", evidence: "64m" });
    expect(small.message).toContain("(64 MB), less than the 256 MB its workers need");
    expect(run(TRAINING.replace('"1gb"', "lots")).message).toContain("is not a size");
  });

  it("is skipped where no service needs shared memory", () => {
    expect(runCompose(ID, GOOD, { checks: CHECKS }).status).toBe("skipped");
  });
});

describe("composeBytes", () => {
  it("reads Compose's byte sizes", () => {
    expect(composeBytes("1gb")).toBe(1024 ** 3);
    expect(composeBytes("2g")).toBe(2 * 1024 ** 3);
    expect(composeBytes("512M")).toBe(512 * 1024 ** 2);
    expect(composeBytes("100k")).toBe(102_400);
    expect(composeBytes(1000)).toBe(1000);
    expect(composeBytes("1.5g")).toBe(1.5 * 1024 ** 3);
    expect(composeBytes("16 gigs")).toBeUndefined();
    expect(composeBytes(-1)).toBeUndefined();
  });

  it("suggests room to spare in a round unit", () => {
    expect(suggestedShmSize(256)).toBe('"1gb"');
    expect(suggestedShmSize(3000)).toBe('"6gb"');
  });
});
