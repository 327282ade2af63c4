import { describe, expect, it } from "vitest";
import { CHECKS, GOOD, runCompose } from "./testing/compose-fixture";
import { TRAINING, TRAINING_CHECKS } from "./testing/compose-training-fixture";

const ID = "correctness.compose-gpus-requested";
const run = (compose: string) => runCompose(ID, compose, { checks: TRAINING_CHECKS });

describe(ID, () => {
  it("passes gpus: all", () => {
    expect(run(TRAINING)).toMatchObject({ status: "pass", message: "GPU services request GPUs: train (gpus:)." });
  });

  it("passes a deploy device reservation with the gpu capability, not one without it", () => {
    const deploy = (capabilities: string) =>
      TRAINING.replace(
        "    gpus: all\n",
        `    deploy:\n      resources:\n        reservations:\n          devices:\n            - driver: nvidia\n` +
          `              count: all\n              capabilities: [${capabilities}]\n`,
      );
    expect(run(deploy("gpu"))).toMatchObject({ status: "pass", message: expect.stringContaining("deploy device") });
    expect(run(deploy("compute"))).toMatchObject({ status: "fail", location: "compose.yaml:2" });
  });

  it("flags a GPU service that asks for nothing, at the service", () => {
    const result = run(TRAINING.replace("    gpus: all\n", ""));
    expect(result).toMatchObject({ status: "fail", location: "compose.yaml:2" });
    expect(result.message).toContain("train (the training job) asks for no GPU");
    expect(result.fix).toContain("gpus: all");
  });

  it("fails runtime: nvidia as nvidia-docker2's legacy switch, at its line, without claiming it gives no GPU", () => {
    const result = run(TRAINING.replace("    gpus: all\n", "    runtime: nvidia\n"));
    expect(result).toMatchObject({ status: "fail", location: "compose.yaml:4" });
    expect(result.message).toContain("nvidia-docker2's legacy switch");
    expect(result.message).toContain("NVIDIA_VISIBLE_DEVICES");
    expect(result.message).not.toMatch(/requests no GPU|asks for no GPU/);
    expect(result.fix).toBe("Replace runtime: nvidia with gpus: all.");
  });

  it("is skipped where no service needs a GPU", () => {
    expect(runCompose(ID, GOOD, { checks: CHECKS }).status).toBe("skipped");
  });
});
