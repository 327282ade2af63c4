import { describe, expect, it } from "vitest";
import { Prisma } from "../generated/prisma/client";
import { ASSIGNMENT_COLUMNS, CLASS_COLUMNS } from "./copy-columns";

// A column added to Class or Assignment must be decided in copy-columns.ts: copied to the next term, or not.
describe("copying to the next term decides every column", () => {
  it("of an assignment", () => {
    expect(Object.keys(ASSIGNMENT_COLUMNS).sort()).toEqual(Object.values(Prisma.AssignmentScalarFieldEnum).sort());
  });

  it("of a class", () => {
    expect(Object.keys(CLASS_COLUMNS).sort()).toEqual(Object.values(Prisma.ClassScalarFieldEnum).sort());
  });

  it("moves the dates and copies the settings", () => {
    expect(ASSIGNMENT_COLUMNS).toMatchObject({
      opensAt: "shift",
      dueAt: "shift",
      latePolicy: "copy",
      earlyCredit: "copy",
      kind: "copy",
      itemSlug: "copy",
    });
  });
});
