import { describe, expect, it } from "vitest";
import { compareSizes, type SizedAttempt, sizeComparisonText } from "./size-comparison";

const MB = 1_000_000;
const attempt = (n: number, stages: number, mb: number): SizedAttempt => ({
  submissionId: `s${n}`,
  attempt: n,
  sizeBytes: mb * MB,
  stages,
});

describe("compareSizes", () => {
  it("compares a multi-stage attempt with the newest earlier single-stage one", () => {
    const earlier = [attempt(3, 2, 300), attempt(1, 1, 640), attempt(2, 1, 650), attempt(4, 3, 180)];
    expect(compareSizes({ stages: 2 }, earlier)).toEqual({
      stages: 2,
      baseline: { submissionId: "s2", attempt: 2, kind: "single-stage", sizeBytes: 650 * MB },
    });
  });

  it("falls back to the learner's earliest built attempt when none was single-stage", () => {
    const earlier = [attempt(2, 2, 300), attempt(1, 3, 500)];
    expect(compareSizes({ stages: 2 }, earlier).baseline).toEqual({
      submissionId: "s1",
      attempt: 1,
      kind: "earliest",
      sizeBytes: 500 * MB,
    });
  });

  it("gives a single-stage attempt no baseline: it is the before", () => {
    expect(compareSizes({ stages: 1 }, [attempt(1, 1, 640)])).toEqual({ stages: 1 });
  });

  it("has nothing to compare a first attempt with", () => {
    expect(compareSizes({ stages: 2 }, [])).toEqual({ stages: 2 });
  });
});

describe("sizeComparisonText", () => {
  it("words the before, the after and the change in per cent", () => {
    const comparison = compareSizes({ stages: 2 }, [attempt(2, 1, 642)]);
    expect(sizeComparisonText(comparison, 151 * MB)).toEqual({
      baseline: "single-stage attempt #2",
      before: "642 MB",
      after: "151 MB",
      change: "-76 %",
    });
  });

  it("says when the image grew, or stayed the same", () => {
    const comparison = compareSizes({ stages: 2 }, [attempt(1, 2, 100)]);
    expect(sizeComparisonText(comparison, 103 * MB)).toMatchObject({ baseline: "earliest attempt #1", change: "+3 %" });
    expect(sizeComparisonText(comparison, 100 * MB)).toMatchObject({ change: "±0 %" });
  });

  it("explains why there is no comparison", () => {
    expect(sizeComparisonText({ stages: 1 }, 640 * MB)).toEqual({
      note: expect.stringContaining("single-stage image (640 MB) is your baseline"),
    });
    expect(sizeComparisonText({ stages: 2 }, 150 * MB)).toEqual({
      note: expect.stringContaining("submit a single-stage version"),
    });
  });
});
