import { describe, expect, it } from "vitest";
import { combineWithRubric } from "./assignment-scores";

const combined = (earned: number | null, credit = 100) => ({ share: 30, possible: 10, earned, credit });
const alone = (earned: number | null, credit = 100) => ({ share: 100, possible: 10, earned, credit });

describe("combineWithRubric", () => {
  it("weights the automatic score and the rubric's by the rubric's share", () => {
    // 70 % of 80 plus 30 % of 5/10.
    expect(combineWithRubric(80, combined(5))).toEqual({ score: 71, awaitingGrading: false });
    expect(combineWithRubric(100, combined(10))).toEqual({ score: 100, awaitingGrading: false });
    expect(combineWithRubric(0, combined(0))).toEqual({ score: 0, awaitingGrading: false });
  });

  it("scores by the rubric alone when its share is whole, whatever the automatic score", () => {
    expect(combineWithRubric(20, alone(7))).toEqual({ score: 70, awaitingGrading: false });
    // A grade with no automatic score at all (the attempt graded failed to build): the rubric still scores it.
    expect(combineWithRubric(null, alone(7))).toEqual({ score: 70, awaitingGrading: false });
  });

  it("gives no score, and says it awaits grading, while staff have not graded handed-in work", () => {
    expect(combineWithRubric(90, combined(null))).toEqual({ score: null, awaitingGrading: true });
    expect(combineWithRubric(90, alone(null))).toEqual({ score: null, awaitingGrading: true });
    // Nothing handed in: nothing awaited either.
    expect(combineWithRubric(null, combined(null))).toEqual({ score: null, awaitingGrading: false });
  });

  it("gives no combined score without an automatic one to combine", () => {
    expect(combineWithRubric(null, combined(10))).toEqual({ score: null, awaitingGrading: false });
  });

  it("keeps the rubric's percent within 0–100 % when deductions or extras go past it", () => {
    // Deductions below nothing count as nothing, not as a negative score.
    expect(combineWithRubric(50, combined(-4))).toEqual({ score: 35, awaitingGrading: false });
    expect(combineWithRubric(null, alone(-4))).toEqual({ score: 0, awaitingGrading: false });
    expect(combineWithRubric(null, alone(12))).toEqual({ score: 100, awaitingGrading: false });
  });

  it("applies the graded attempt's late credit to the rubric's part only", () => {
    // The automatic 80 is already credited; the rubric's 10/10 at 50 % credit is 50.
    expect(combineWithRubric(80, combined(10, 50))).toEqual({ score: 71, awaitingGrading: false });
    expect(combineWithRubric(null, alone(10, 0))).toEqual({ score: 0, awaitingGrading: false });
  });

  it("rounds to one decimal as the gradebook does", () => {
    expect(combineWithRubric(33.3, { share: 25, possible: 3, earned: 1, credit: 100 })).toEqual({
      score: 33.3,
      awaitingGrading: false,
    });
  });

  it("refuses a rubric that cannot be scored rather than invent a grade", () => {
    expect(() => combineWithRubric(80, { share: 30, possible: 0, earned: 0, credit: 100 })).toThrow(/full marks 0/);
    expect(() => combineWithRubric(80, { share: 0, possible: 10, earned: 5, credit: 100 })).toThrow(/share 0/);
    expect(() => combineWithRubric(80, { share: 101, possible: 10, earned: 5, credit: 100 })).toThrow(/share 101/);
  });
});
