import Link from "next/link";
import { historyPath } from "./paths";

/** The way back from any history page: to the exercise, and to the list of attempts. */
export function HistoryNav({ slug, label }: { slug: string; label: string }) {
  return (
    <nav aria-label={label} className="flex flex-wrap gap-x-4 text-sm">
      <Link href={`/exercises/${slug}`} className="text-brand-600 underline dark:text-sky-300">
        ← Back to the exercise
      </Link>
      <Link href={historyPath(slug)} className="text-brand-600 underline dark:text-sky-300">
        All your attempts
      </Link>
    </nav>
  );
}
