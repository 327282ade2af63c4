import { describe, expect, it } from "vitest";
import { FLAG_RULE, questionFlag } from "./quiz-stats";

describe("questionFlag", () => {
  it("flags nothing below the minimum number of learners, however lopsided", () => {
    expect(FLAG_RULE.minLearners).toBe(5);
    expect(questionFlag(4, 0)).toBe("none");
    expect(questionFlag(4, 4)).toBe("none");
    expect(questionFlag(0, 0)).toBe("none");
  });

  it('flags "hard" when at most 10 % got it fully right', () => {
    expect(questionFlag(5, 0)).toBe("hard");
    expect(questionFlag(10, 1)).toBe("hard");
    expect(questionFlag(100, 10)).toBe("hard");
    expect(questionFlag(100, 11)).toBe("none");
    expect(questionFlag(9, 1)).toBe("none");
  });

  it('flags "easy" when at least 95 % got it fully right', () => {
    expect(questionFlag(5, 5)).toBe("easy");
    expect(questionFlag(20, 19)).toBe("easy");
    expect(questionFlag(100, 95)).toBe("easy");
    expect(questionFlag(100, 94)).toBe("none");
    expect(questionFlag(19, 18)).toBe("none");
  });

  it("leaves everything in between alone", () => {
    expect(questionFlag(6, 3)).toBe("none");
    expect(questionFlag(1000, 500)).toBe("none");
  });
});
