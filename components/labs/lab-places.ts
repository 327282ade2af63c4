import type { Course } from "@/lib/content/load-course";
import { labsInCourseOrder } from "@/lib/labs/lab-order";
import type { Lab } from "@/lib/labs/load-lab";

/** The labs in the course's order (by their lessons' places), each with its lesson and module (null if missing). */
export function labPlaces(labs: readonly Lab[], course: Course) {
  return labsInCourseOrder(labs, course).map(({ slug, spec }) => {
    const lesson = course.lessons.find((l) => l.slug === spec.lesson);
    const module = lesson && course.modules.find((m) => m.slug === lesson.moduleSlug);
    return {
      slug,
      title: spec.title,
      summary: spec.summary,
      minutes: spec.minutes,
      tasks: spec.tasks.length,
      taskIds: spec.tasks.map((t) => t.id),
      lesson: lesson ? { slug: lesson.slug, title: lesson.title } : null,
      module: module ? { slug: module.slug, title: module.title } : null,
    };
  });
}

/** A task's `lesson#anchor` as a link named by the lesson's title; null when the course has no such lesson. */
export function lessonLink(link: string | undefined, course: Course): { href: string; title: string } | null {
  if (!link) return null;
  const [slug, anchor] = link.split("#");
  const lesson = course.lessons.find((l) => l.slug === slug);
  if (!lesson) return null;
  return { href: `/lessons/${lesson.slug}${anchor ? `#${anchor}` : ""}`, title: lesson.title };
}
