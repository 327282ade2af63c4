import type { Course } from "../content/load-course";
import type { Lab } from "./load-lab";

/**
 * The labs in the course's order: by their lessons' places, a lab whose lesson the course lacks after the rest, ties
 * by slug. Learners meet the labs in this order, so every list of labs (theirs and the instructors') shows it.
 */
export function labsInCourseOrder<L extends Pick<Lab, "slug" | "spec">>(
  labs: readonly L[],
  course: Pick<Course, "lessons">,
): L[] {
  const order = new Map(course.lessons.map((l, i) => [l.slug, i]));
  const place = (lab: L) => order.get(lab.spec.lesson) ?? order.size;
  return [...labs].sort((a, b) => place(a) - place(b) || a.slug.localeCompare(b.slug));
}
