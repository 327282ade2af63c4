import { describe, expect, it } from "vitest";
import { type StackEvent, stackEventAction, startOrderProblems } from "./start-order";

const at = (service: string, action: StackEvent["action"], ms: number): StackEvent => ({ service, action, at: ms });

describe("startOrderProblems", () => {
  it("accepts a service that started after its dependency reported healthy", () => {
    const events = [at("cache", "start", 1000), at("cache", "healthy", 6000), at("api", "start", 6200)];
    expect(startOrderProblems(events, { api: ["cache"], cache: [] })).toEqual([]);
  });

  it("names a service that started before its dependency was healthy, with the engine's times", () => {
    const events = [at("cache", "start", 1000), at("api", "start", 1400), at("cache", "healthy", 6000)];
    expect(startOrderProblems(events, { api: ["cache"] })).toEqual([
      {
        service: "api",
        dependency: "cache",
        message: "api started at 0.4 s, before cache was healthy (at 5.0 s): it did not wait.",
      },
    ]);
  });

  it("says when a dependency never reported healthy", () => {
    const events = [at("cache", "start", 0), at("api", "start", 500)];
    expect(startOrderProblems(events, { api: ["cache"] })[0]?.message).toMatch(/never reported healthy/);
  });

  it("reads the engine's event names", () => {
    expect(stackEventAction("start")).toBe("start");
    expect(stackEventAction("health_status: healthy")).toBe("healthy");
    expect(stackEventAction("health_status: unhealthy")).toBeUndefined();
  });
});
