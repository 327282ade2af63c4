import { describe, expect, it } from "vitest";
import { composeRunOptions } from "./compose-run-options";
import { TRAINING } from "./rules/testing/compose-training-fixture";

const FILES = [
  { path: "data/train.csv", content: "a,b\n1,2\n" },
  { path: "data/README.md", content: "about the data" },
  { path: "train/train.py", content: "print()" },
];

describe("composeRunOptions", () => {
  it("takes shm_size and gives each mount a volume, copying a bind of an exercise folder into it", () => {
    const options = composeRunOptions("compose.yaml", TRAINING, "train", FILES);
    expect(options?.shmBytes).toBe(1024 ** 3);
    expect(options?.mounts).toEqual([
      {
        target: "/data",
        from: "./data",
        files: [
          { path: "train.csv", content: "a,b\n1,2\n" },
          { path: "README.md", content: "about the data" },
        ],
      },
      { target: "/checkpoints", files: [] },
      { target: "/outputs", files: [] },
    ]);
    expect(options?.notes[0]).toBe("/dev/shm: 1gb (shm_size)");
  });

  it("leaves Docker's 64 MB without shm_size, and never copies anything from outside the exercise", () => {
    const compose = TRAINING.replace('    shm_size: "1gb"\n', "").replace("./data:/data:ro", "/srv/datasets:/data:ro");
    const options = composeRunOptions("compose.yaml", compose, "train", FILES);
    expect(options?.shmBytes).toBeUndefined();
    expect(options?.notes[0]).toContain("Docker's default 64 MB");
    expect(options?.mounts[0]).toEqual({ target: "/data", files: [] });
    const escaping = TRAINING.replace("./data:/data:ro", "../../etc:/data:ro");
    expect(composeRunOptions("compose.yaml", escaping, "train", FILES)?.mounts[0]).toEqual({
      target: "/data",
      files: [],
    });
  });

  it("is undefined for a file that does not parse or lacks the service", () => {
    expect(composeRunOptions("compose.yaml", "services: [", "train", FILES)).toBeUndefined();
    expect(composeRunOptions("compose.yaml", TRAINING, "api", FILES)).toBeUndefined();
    expect(composeRunOptions("compose.yaml", undefined, "train", FILES)).toBeUndefined();
  });
});
