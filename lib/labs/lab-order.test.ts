import { describe, expect, it } from "vitest";
import { labsInCourseOrder } from "./lab-order";
import type { LabSpec } from "./lab-schema";

const lab = (slug: string, spec: Partial<LabSpec>) => ({ slug, spec: spec as LabSpec });
const course = { lessons: [{ slug: "first" }, { slug: "second" }] } as Parameters<typeof labsInCourseOrder>[1];

describe("labsInCourseOrder", () => {
  it("puts the playground first, then the labs by their lessons, a lab of a lesson the course lacks last", () => {
    const labs = [
      lab("retired", { lesson: "gone" }),
      lab("b-second", { lesson: "second" }),
      lab("a-second", { lesson: "second" }),
      lab("playground", { kind: "playground" }),
      lab("one", { lesson: "first" }),
    ];
    expect(labsInCourseOrder(labs, course).map((l) => l.slug)).toEqual([
      "playground",
      "one",
      "a-second",
      "b-second",
      "retired",
    ]);
  });
});
