import type { Course } from "../content/load-course";
import { isPlayground } from "./lab-schema";
import type { Lab } from "./load-lab";

/**
 * The labs in the course's order: the playground first (it belongs to no lesson, and is there from the first lesson
 * on), then by their lessons' places, a lab whose lesson the course lacks after the rest, ties by slug. Learners meet
 * the labs in this order, so every list of labs (theirs and the instructors') shows it.
 */
export function labsInCourseOrder<L extends Pick<Lab, "slug" | "spec">>(
  labs: readonly L[],
  course: Pick<Course, "lessons">,
): L[] {
  const order = new Map(course.lessons.map((l, i) => [l.slug, i]));
  const place = (lab: L) => (isPlayground(lab) ? -1 : (order.get(lab.spec.lesson ?? "") ?? order.size));
  return [...labs].sort((a, b) => place(a) - place(b) || a.slug.localeCompare(b.slug));
}
