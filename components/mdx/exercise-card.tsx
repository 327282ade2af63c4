import Link from "next/link";
import { RequestError } from "@/lib/errors/request-error";
import { loadExercise } from "@/lib/exercises/load-exercise";
import { AuthorError } from "./author-error";

/** <Exercise slug="..." />: a card that sends the learner from the lesson to its graded exercise. */
export async function ExerciseCard({ slug }: { slug: string }) {
  const exercise = await loadExercise(slug).catch((err: unknown) => {
    if (err instanceof RequestError && err.code === "NOT_FOUND") return undefined;
    throw err;
  });
  if (!exercise) return <AuthorError component="Exercise" message={`there is no exercise "${slug}".`} />;
  const gpu = exercise.spec.queue === "grade-gpu";
  return (
    <aside
      aria-label={`Graded exercise: ${exercise.spec.title}`}
      className="my-6 rounded-lg border-2 border-brand-500 p-4"
      data-testid="exercise-card"
    >
      <p className="m-0 text-xs font-semibold uppercase tracking-wide text-brand-600 dark:text-sky-300">
        Graded exercise{gpu ? " · GPU" : ""}
      </p>
      <p className="m-0 mt-1 text-lg font-semibold">{exercise.spec.title}</p>
      <p className="m-0 mt-1 text-sm text-slate-600 dark:text-slate-300">{exercise.spec.summary}</p>
      <Link
        href={`/exercises/${exercise.slug}`}
        className={
          "mt-3 inline-block rounded bg-brand-600 px-3 py-1.5 text-sm font-medium " +
          "text-white! no-underline! hover:bg-brand-700"
        }
      >
        Open the exercise →
      </Link>
    </aside>
  );
}
