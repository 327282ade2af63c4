import { describe, expect, it } from "vitest";
import { exerciseChecksSchema, exerciseSpecSchema } from "./exercise-schema";

describe("checks.compose", () => {
  it("fills in each service's defaults", () => {
    const checks = exerciseChecksSchema.parse({
      compose: {
        services: { api: { build: true, dependsOn: ["cache"] }, cache: { stateful: true, publishes: false } },
      },
    });
    expect(checks.compose).toEqual({
      file: "compose.yaml",
      services: {
        api: { build: true, dependsOn: ["cache"], stateful: false, publishes: true, gpus: false, mounts: [] },
        cache: { build: false, dependsOn: [], stateful: true, publishes: false, gpus: false, mounts: [] },
      },
    });
  });

  it("runs a job with a Compose service's settings only when that service is listed", () => {
    const compose = {
      services: { train: { build: true, shmMinMB: 256, mounts: [{ target: "/data", readOnly: true }] } },
    };
    const job = { kind: "job", composeService: "train" };
    expect(exerciseChecksSchema.safeParse({ compose, run: job }).success).toBe(true);
    expect(exerciseChecksSchema.safeParse({ compose, run: { ...job, composeService: "api" } }).success).toBe(false);
    expect(exerciseChecksSchema.safeParse({ run: job }).success).toBe(false);
    expect(exerciseChecksSchema.safeParse({ compose, run: { port: 8000, composeService: "train" } }).success).toBe(
      false,
    );
    const badMount = { services: { train: { mounts: [{ target: "/data/../etc" }] } } };
    expect(exerciseChecksSchema.safeParse({ compose: badMount }).success).toBe(false);
  });

  it("starts a stack only with one built service and the run section's port to call it on", () => {
    const services = { api: { build: true, dependsOn: ["cache"] }, cache: { stateful: true } };
    const stack = { dependencies: "/dependencies", marker: "/marker" };
    const parsed = exerciseChecksSchema.parse({ compose: { services, stack }, run: { port: 8000 } });
    expect(parsed.compose?.stack).toEqual({ ...stack, scale: 3 });
    expect(exerciseChecksSchema.safeParse({ compose: { services, stack } }).success).toBe(false);
    const unbuilt = { api: { dependsOn: ["cache"] }, cache: {} };
    expect(exerciseChecksSchema.safeParse({ compose: { services: unbuilt, stack }, run: { port: 8000 } }).success).toBe(
      false,
    );
    const tooMany = { ...stack, scale: 20 };
    expect(exerciseChecksSchema.safeParse({ compose: { services, stack: tooMany }, run: { port: 8000 } }).success).toBe(
      false,
    );
  });

  it("rejects dependencies on unlisted services, two built services and unknown keys", () => {
    expect(exerciseChecksSchema.safeParse({ compose: { services: { api: { dependsOn: ["db"] } } } }).success).toBe(
      false,
    );
    expect(exerciseChecksSchema.safeParse({ compose: { services: { api: { dependsOn: ["api"] } } } }).success).toBe(
      false,
    );
    expect(
      exerciseChecksSchema.safeParse({ compose: { services: { a: { build: true }, b: { build: true } } } }).success,
    ).toBe(false);
    expect(
      exerciseChecksSchema.safeParse({ compose: { services: { api: { stateful: true, volume: "x" } } } }).success,
    ).toBe(false);
  });
});

describe("difficulty and minutes", () => {
  const spec = {
    title: "Keep the layers cached",
    summary: "Reorder a Dockerfile so code edits reuse the install.",
    prompt: "Reorder the Dockerfile.",
    editable: ["Dockerfile"],
    checks: { run: { port: 8000 } },
  };

  it("are optional and kept as written", () => {
    expect(exerciseSpecSchema.parse(spec)).not.toHaveProperty("difficulty");
    expect(exerciseSpecSchema.parse({ ...spec, difficulty: "advanced", minutes: 45 })).toMatchObject({
      difficulty: "advanced",
      minutes: 45,
    });
  });

  it("reject an unknown difficulty and a time that is not a positive whole number of minutes", () => {
    for (const bad of [{ difficulty: "hard" }, { minutes: 0 }, { minutes: 12.5 }, { minutes: "20" }, { minutes: 600 }])
      expect(exerciseSpecSchema.safeParse({ ...spec, ...bad }).success, JSON.stringify(bad)).toBe(false);
  });
});

describe("checks.run", () => {
  const issues = (run: object) =>
    exerciseChecksSchema.safeParse({ run }).error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`) ?? [];

  it("is a service by default, which needs a port and a HEALTHCHECK unless it says otherwise", () => {
    const run = exerciseChecksSchema.parse({ run: { port: 8000 } }).run!;
    expect(run).toMatchObject({ kind: "service", port: 8000, requireHealthcheck: true, probes: [] });
    expect(exerciseChecksSchema.parse({ run: { port: 8000, requireHealthcheck: false } }).run!.requireHealthcheck).toBe(
      false,
    );
    expect(issues({})).toEqual(["run.port: a service needs the port it listens on"]);
  });

  it("takes a job with its exit code, output and written path, and no service settings", () => {
    const run = exerciseChecksSchema.parse({ run: { kind: "job", outputIncludes: "prediction", writes: "/out" } }).run!;
    expect(run).toMatchObject({ kind: "job", exitCode: 0, deadlineSeconds: 30, requireHealthcheck: false });
    expect(issues({ kind: "job", port: 8000, probes: [{ name: "p", path: "/p" }] })).toEqual([
      "run.port: a job has no port: it serves nothing",
      "run.probes: a job has no probes: it serves nothing",
    ]);
    expect(issues({ kind: "job", writes: "/out/../etc" })).toEqual(["run.writes: must not contain .."]);
    expect(issues({ kind: "job", writes: "out" })).toEqual(["run.writes: an absolute path such as /checkpoints"]);
  });
});
