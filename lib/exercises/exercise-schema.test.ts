import { describe, expect, it } from "vitest";
import { exerciseChecksSchema } from "./exercise-schema";

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
