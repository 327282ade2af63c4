import { describe, expect, it } from "vitest";
import { validateCourse } from "../course-checks/validate-course";
import { listExercises } from "../exercises/load-exercise";
import { listLabs } from "../labs/load-lab";

// The real course, validated as CI's content build does; the failure message lists every problem.
describe("the course content", () => {
  it("validates: frontmatter, compiling lessons, quiz keys, components, links, lesson references, labs", async () => {
    const { course, problems } = await validateCourse(await listExercises(), undefined, await listLabs());
    expect(problems).toEqual([]);
    expect(course!.modules.length).toBeGreaterThanOrEqual(10);
    expect(course!.lessons.length).toBeGreaterThanOrEqual(25);
  }, 120_000);
});
