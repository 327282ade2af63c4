import { describe, expect, it } from "vitest";
import { CHECKS, GOOD, runCompose } from "./testing/compose-fixture";
import { TRAINING, TRAINING_CHECKS } from "./testing/compose-training-fixture";

const ID = "correctness.compose-mounts-in-place";
const run = (compose: string) => runCompose(ID, compose, { checks: TRAINING_CHECKS });

describe(ID, () => {
  it("passes a read-only dataset and named volumes for what the job writes", () => {
    expect(run(TRAINING)).toMatchObject({
      status: "pass",
      message: "Mounted: /data (./data, read-only), /checkpoints (checkpoints), /outputs (outputs).",
    });
    const long = TRAINING.replace(
      "      - ./data:/data:ro\n",
      "      - type: bind\n        source: ./data\n        target: /data\n        read_only: true\n",
    );
    expect(run(long).status).toBe("pass");
  });

  it("flags a path nothing is mounted at", () => {
    const result = run(TRAINING.replace("      - outputs:/outputs\n", ""));
    expect(result).toMatchObject({ status: "fail", location: "compose.yaml:6" });
    expect(result.message).toContain("mounts nothing at /outputs: what the job writes there is lost");
    expect(result.fix).toBe('Add "outputs:/outputs" to train\'s volumes.');
  });

  it("flags a writable dataset, at its line", () => {
    const result = run(TRAINING.replace("./data:/data:ro", "./data:/data"));
    expect(result).toMatchObject({ status: "fail", location: "compose.yaml:7", evidence: "./data:/data" });
    expect(result.message).toContain("mounts its input /data writable");
  });

  it("flags checkpoints on an anonymous volume or mounted read-only", () => {
    expect(run(TRAINING.replace("checkpoints:/checkpoints", "/checkpoints")).message).toContain("an anonymous volume");
    expect(run(TRAINING.replace("checkpoints:/checkpoints", "checkpoints:/checkpoints:ro")).message).toContain(
      "mounts /checkpoints read-only, but the job must write there",
    );
  });

  it("is skipped where the exercise lists no mounts", () => {
    expect(runCompose(ID, GOOD, { checks: CHECKS }).status).toBe("skipped");
  });
});
