import { describe, expect, it } from "vitest";
import { copyClassSchema } from "./copy-class-input";
import { daysUntil, describeShift, shiftLocal } from "./term-shift";

describe("shiftLocal", () => {
  it("moves a date by calendar days, keeping its local time of day", () => {
    // Built from local parts, so the test holds in any zone it runs in (across a DST change in zones that have one).
    const due = new Date(2026, 2, 2, 23, 59);
    const moved = shiftLocal(due, 14);
    expect([moved.getFullYear(), moved.getMonth(), moved.getDate(), moved.getHours(), moved.getMinutes()]).toEqual([
      2026, 2, 16, 23, 59,
    ]);
    expect(shiftLocal(due, -3).getDate()).toBe(27);
  });
});

describe("daysUntil", () => {
  it("counts the days from a date's local day to a typed day", () => {
    const due = new Date(2026, 1, 23, 9, 0);
    expect(daysUntil(due, "2026-06-29")).toBe(126);
    expect(daysUntil(due, "2026-02-23")).toBe(0);
    expect(daysUntil(due, "2026-02-20")).toBe(-3);
    expect(daysUntil(due, "29/06/2026")).toBeNull();
  });
});

describe("describeShift", () => {
  it("says weeks when it can", () => {
    expect(describeShift(126)).toBe("by 18 weeks");
    expect(describeShift(7)).toBe("by 1 week");
    expect(describeShift(10)).toBe("by 10 days");
    expect(describeShift(1)).toBe("by 1 day");
    expect(describeShift(-14)).toBe("2 weeks earlier");
    expect(describeShift(0)).toBe("by 0 days");
  });
});

describe("copyClassSchema", () => {
  const body = { name: "Docker for ML", term: "Spring 2027", days: 126, timeZone: "Europe/Berlin", copyStaff: true };

  it("takes a name, a term, whole days and a time zone", () => {
    expect(copyClassSchema.parse(body)).toEqual(body);
  });

  it("refuses a fraction of a day, a shift beyond three years, an unknown zone and an empty term", () => {
    const problem = (patch: object) => copyClassSchema.safeParse({ ...body, ...patch }).error?.issues[0]?.message;
    expect(problem({ days: 1.5 })).toBe("The dates move by a whole number of days.");
    expect(problem({ days: 5000 })).toBe("The dates move by at most 1098 days.");
    expect(problem({ timeZone: "Mars/Olympus" })).toBe("That is not a time zone.");
    expect(problem({ term: " " })).toBe("Enter the class's term.");
    expect(problem({ extra: 1 })).toBeDefined();
  });
});
