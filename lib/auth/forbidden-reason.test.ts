import { describe, expect, it } from "vitest";
import { forbiddenReason } from "./forbidden-reason";

describe("forbiddenReason", () => {
  it("tells a learner the page is for instructors, and how to become one", () => {
    expect(forbiddenReason("learner")).toMatch(/^This page is for instructors\. .*make your account an instructor's/);
    expect(forbiddenReason(undefined)).toBe(forbiddenReason("learner"));
  });

  it("tells an instructor the page is for admins, never to ask to be made an instructor", () => {
    expect(forbiddenReason("instructor")).toMatch(/^This page is for admins only\./);
    expect(forbiddenReason("instructor")).not.toMatch(/instructor/);
  });

  it("tells a class's teaching assistant (a learner on the platform) the page is for admins", () => {
    expect(forbiddenReason("learner", true)).toBe(forbiddenReason("instructor"));
  });
});
