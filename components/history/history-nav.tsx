import { TextLink } from "@/components/layout/text-link";
import { historyPath } from "./paths";

/** The way back from any history page: to the exercise, and to the list of attempts. */
export function HistoryNav({ slug, label }: { slug: string; label: string }) {
  return (
    <nav aria-label={label} className="flex flex-wrap gap-x-4 text-sm">
      <TextLink href={`/exercises/${slug}`}>← Back to the exercise</TextLink>
      <TextLink href={historyPath(slug)}>All your attempts</TextLink>
    </nav>
  );
}
