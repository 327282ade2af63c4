import { describe, expect, it } from "vitest";
import { listExercises } from "../exercises/load-exercise";
import { validateCourse } from "./validate-course";

// The real course, validated as CI's content build does; the failure message lists every problem.
describe("the course content", () => {
  it("validates: frontmatter, compiling lessons, quiz keys, components, links and lesson references", async () => {
    const { course, problems } = await validateCourse(await listExercises());
    expect(problems).toEqual([]);
    expect(course!.modules.length).toBeGreaterThanOrEqual(10);
    expect(course!.lessons.length).toBeGreaterThanOrEqual(25);
  }, 120_000);
});
