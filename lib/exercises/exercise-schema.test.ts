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
        api: { build: true, dependsOn: ["cache"], stateful: false, publishes: true },
        cache: { build: false, dependsOn: [], stateful: true, publishes: false },
      },
    });
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
