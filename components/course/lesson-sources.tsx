import type { LessonFrontmatter } from "@/lib/content/schemas";

/** The documents a lesson's facts come from, under the lesson: each opens the source itself. */
export function LessonSources({ sources }: { sources: NonNullable<LessonFrontmatter["sources"]> }) {
  return (
    <section aria-labelledby="lesson-sources" className="mt-10 border-t border-slate-200 pt-4 dark:border-slate-800">
      <h2 id="lesson-sources" className="font-semibold">
        Sources
      </h2>
      <ul className="mt-2 list-disc space-y-1 pl-6 text-sm">
        {sources.map((s) => (
          <li key={s.url}>
            <a className="underline" href={s.url} rel="noreferrer">
              {s.title}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
