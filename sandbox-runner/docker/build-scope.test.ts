import { describe, expect, it } from "vitest";
import { buildScopeArgs, cacheMountNamespace } from "./build-scope";

const NAMESPACE = /^dockyard-[0-9a-f]{32}$/;

describe("cacheMountNamespace", () => {
  it("is the same for a learner's every build and differs between learners", () => {
    expect(cacheMountNamespace({ learner: "u1" })).toBe(cacheMountNamespace({ learner: "u1" }));
    expect(cacheMountNamespace({ learner: "u1" })).not.toBe(cacheMountNamespace({ learner: "u2" }));
  });

  it("gives odd learner ids fixed-length names without a slash, so no scope's ids can reach into another's", () => {
    const ids = ["", "a/b", "../x", "x\0y", "dockyard-0", " ", "ü".repeat(300)];
    const names = ids.map((learner) => cacheMountNamespace({ learner }));
    for (const name of names) expect(name).toMatch(NAMESPACE);
    expect(new Set(names).size).toBe(ids.length);
  });

  it("keeps the tools apart from each other and from a learner who shares their name", () => {
    const names = [
      cacheMountNamespace({ tool: "grade-command" }),
      cacheMountNamespace({ tool: "verify-exercises" }),
      cacheMountNamespace({ learner: "grade-command" }),
      cacheMountNamespace({ learner: "verify-exercises" }),
    ];
    expect(new Set(names).size).toBe(4);
  });
});

describe("buildScopeArgs", () => {
  it("passes the namespace as BuildKit's cache mount namespace build argument", () => {
    expect(buildScopeArgs({ learner: "u1" })).toEqual([
      "--build-arg",
      `BUILDKIT_CACHE_MOUNT_NS=${cacheMountNamespace({ learner: "u1" })}`,
    ]);
  });

  it("gives a build without a scope a namespace nobody else gets", () => {
    const [, first] = buildScopeArgs(undefined);
    const [, second] = buildScopeArgs(undefined);
    expect(first).toMatch(/^BUILDKIT_CACHE_MOUNT_NS=dockyard-[0-9a-f]{32}$/);
    expect(first).not.toBe(second);
  });
});
