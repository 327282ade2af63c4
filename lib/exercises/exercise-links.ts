import type { Exercise } from "./load-exercise";

export type ExerciseLink = { slug: string; title: string };

/** Each lesson's graded exercises (by the lesson their spec names), in the course's exercise order. */
export function exerciseLinksByLesson(exercises: readonly Exercise[]): Map<string, ExerciseLink[]> {
  const byLesson = new Map<string, ExerciseLink[]>();
  for (const { slug, spec } of exercises) {
    if (!spec.lesson) continue;
    byLesson.set(spec.lesson, [...(byLesson.get(spec.lesson) ?? []), { slug, title: spec.title }]);
  }
  return byLesson;
}
