import { describe, expect, it } from "vitest";
import { creditAt, creditEndsAt, describeLatePolicy, earlyCreditSchema, latePolicySchema } from "./late-policy";

const due = new Date("2026-12-01T17:00:00Z");
const hoursAfterDue = (hours: number) => new Date(due.getTime() + hours * 3_600_000);
const eightyForThreeDays = [{ days: 3, credit: 80 }];

describe("creditAt", () => {
  it("gives full credit up to and at the due date", () => {
    const early = creditAt(eightyForThreeDays, due, hoursAfterDue(-5));
    expect(early).toEqual({ credit: 100, reason: "on time", late: false });
    expect(creditAt(eightyForThreeDays, due, due).credit).toBe(100);
  });

  it("follows the timeline after it, saying how late", () => {
    expect(creditAt(eightyForThreeDays, due, hoursAfterDue(28))).toEqual({
      credit: 80,
      reason: "1 day 4 hours late: 80 %",
      late: true,
    });
    expect(creditAt(eightyForThreeDays, due, hoursAfterDue(72)).credit).toBe(80);
    expect(creditAt(eightyForThreeDays, due, hoursAfterDue(72.1))).toMatchObject({ credit: 0, late: true });
  });

  it("walks several steps, and a last step for ever never ends", () => {
    const policy = [
      { days: 1, credit: 90 },
      { days: 2, credit: 50 },
      { days: null, credit: 20 },
    ];
    expect(creditAt(policy, due, hoursAfterDue(10)).credit).toBe(90);
    expect(creditAt(policy, due, hoursAfterDue(30)).credit).toBe(50);
    expect(creditAt(policy, due, hoursAfterDue(24 * 400)).credit).toBe(20);
  });

  it("gives nothing after the due date with no steps", () => {
    expect(creditAt([], due, hoursAfterDue(0.5))).toEqual({
      credit: 0,
      reason: "30 minutes late, after the last late step: 0 %",
      late: true,
    });
  });
});

describe("creditEndsAt", () => {
  it("is the end of the last step that still earns something", () => {
    expect(creditEndsAt(eightyForThreeDays, due)).toEqual(hoursAfterDue(72));
    expect(creditEndsAt([], due)).toEqual(due);
    expect(
      creditEndsAt(
        [
          { days: 2, credit: 50 },
          { days: 5, credit: 0 },
        ],
        due,
      ),
    ).toEqual(hoursAfterDue(48));
  });

  it("is null when credit lasts for ever", () => {
    expect(creditEndsAt([{ days: null, credit: 10 }], due)).toBeNull();
  });
});

describe("latePolicySchema and describeLatePolicy", () => {
  it("refuses a step for ever that is not the last, and credit out of range", () => {
    expect(
      latePolicySchema.safeParse([
        { days: null, credit: 50 },
        { days: 1, credit: 20 },
      ]).success,
    ).toBe(false);
    expect(latePolicySchema.safeParse([{ days: 1, credit: 120 }]).success).toBe(false);
    expect(latePolicySchema.safeParse([{ days: 0, credit: 20 }]).success).toBe(false);
  });

  it("says the timeline in words", () => {
    expect(describeLatePolicy(eightyForThreeDays)).toBe("100 % until the due date, then 80 % for 3 days, then 0 %");
    expect(
      describeLatePolicy([
        { days: 0.5, credit: 90 },
        { days: null, credit: 40 },
      ]),
    ).toBe("100 % until the due date, then 90 % for 12 hours, then 40 % for ever");
  });
});

describe("early credit", () => {
  const tenPercentEarly = { earlyCredit: [{ days: 3, credit: 110 }] };
  const twoSteps = {
    earlyCredit: [
      { days: 7, credit: 120 },
      { days: 3, credit: 110 },
    ],
  };

  it("gives the bonus from exactly the step's days before the due date, 100 % after that", () => {
    expect(creditAt(eightyForThreeDays, due, hoursAfterDue(-72), tenPercentEarly)).toEqual({
      credit: 110,
      reason: "3 days early: 110 %",
      late: false,
    });
    expect(creditAt(eightyForThreeDays, due, hoursAfterDue(-72 + 1 / 60), tenPercentEarly)).toMatchObject({
      credit: 100,
      reason: "on time",
    });
    expect(creditAt(eightyForThreeDays, due, due, tenPercentEarly).credit).toBe(100);
    expect(creditAt(eightyForThreeDays, due, hoursAfterDue(1), tenPercentEarly)).toMatchObject({ credit: 80 });
  });

  it("takes the earliest step that the work reaches", () => {
    expect(creditAt([], due, hoursAfterDue(-24 * 10), twoSteps).credit).toBe(120);
    expect(creditAt([], due, hoursAfterDue(-24 * 7), twoSteps).credit).toBe(120);
    expect(creditAt([], due, hoursAfterDue(-24 * 5), twoSteps).credit).toBe(110);
    expect(creditAt([], due, hoursAfterDue(-24 * 2), twoSteps).credit).toBe(100);
  });

  it("counts back from the class's due date, not a later extension's", () => {
    const extended = hoursAfterDue(24 * 7);
    const window = { ...tenPercentEarly, classDueAt: due };
    // Two days before the extended date is five days after the class's: on time for this learner, no bonus.
    expect(creditAt([], extended, hoursAfterDue(24 * 5), window)).toMatchObject({ credit: 100, reason: "on time" });
    expect(creditAt([], extended, hoursAfterDue(-72), window).credit).toBe(110);
    // An extension to an earlier date (rare) moves the window with it: never a bonus after the learner's own date.
    const earlier = hoursAfterDue(-24);
    expect(creditAt([], earlier, hoursAfterDue(-72), window).credit).toBe(100);
    expect(creditAt([], earlier, hoursAfterDue(-96), window).credit).toBe(110);
  });

  it("refuses steps out of order, credit not above 100 or above 200", () => {
    expect(earlyCreditSchema.safeParse(twoSteps.earlyCredit).success).toBe(true);
    expect(earlyCreditSchema.safeParse([...twoSteps.earlyCredit].reverse()).success).toBe(false);
    expect(
      earlyCreditSchema.safeParse([
        { days: 7, credit: 110 },
        { days: 3, credit: 120 },
      ]).success,
    ).toBe(false);
    expect(earlyCreditSchema.safeParse([{ days: 3, credit: 100 }]).success).toBe(false);
    expect(earlyCreditSchema.safeParse([{ days: 3, credit: 201 }]).success).toBe(false);
    expect(earlyCreditSchema.safeParse([{ days: 0, credit: 110 }]).success).toBe(false);
  });

  it("says the whole timeline in words", () => {
    expect(describeLatePolicy(eightyForThreeDays, tenPercentEarly.earlyCredit)).toBe(
      "110 % until 3 days before the due date, then 100 % until the due date, then 80 % for 3 days, then 0 %",
    );
    expect(describeLatePolicy([], twoSteps.earlyCredit)).toBe(
      "120 % until 7 days before the due date, then 110 % until 3 days before the due date, " +
        "then 100 % until the due date, then 0 %",
    );
  });
});
