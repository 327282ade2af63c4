import type { Metadata } from "next";
import Link from "next/link";
import { ExercisesTable } from "@/components/exercise/exercises-table";
import { currentUser } from "@/lib/auth/current-user";
import { exerciseIndex } from "@/lib/progress/exercise-progress";

export const metadata: Metadata = {
  title: "Exercises",
  description: "Every graded exercise of the course, with its lesson, difficulty and estimated time.",
};

export default async function ExercisesPage() {
  const user = await currentUser();
  const exercises = await exerciseIndex(user?.id);
  return (
    <div className="mx-auto max-w-5xl">
      <h1 className="text-4xl font-bold tracking-tight">Exercises</h1>
      <p className="mt-3 text-lg text-slate-600 dark:text-slate-300">
        Each exercise is a small project a real Docker engine builds and grades, in the order the course teaches them.
      </p>
      {!user && (
        <p className="mt-4 text-sm" data-testid="sign-in-for-progress">
          <Link href="/sign-in?next=/exercises" className="font-medium text-brand-600 underline dark:text-sky-300">
            Sign in
          </Link>{" "}
          to see which exercises you have passed and your best score on each.
        </p>
      )}
      <ExercisesTable exercises={exercises} signedIn={!!user} />
    </div>
  );
}
