import Link from "next/link";
import { LocalTime } from "@/components/local-time/local-time";
import { RubricFeedback } from "@/components/rubrics/rubric-feedback";
import type { DueItem } from "@/lib/classes/due-list";

const KIND = { exercise: "Exercise", lab: "Lab", quiz: "Quiz" } as const;

/** One group of the learner's assignments: each with its class, a link, the due date in their zone and the credit. */
export function DueSection({ title, items, empty }: { title: string; items: DueItem[]; empty: string }) {
  const id = `due-${title.toLowerCase().replace(/[^a-z]+/g, "-")}`;
  return (
    <section aria-labelledby={id} className="mt-8" data-testid={id}>
      <h2 id={id} className="text-2xl font-semibold">
        {title} <span className="text-base font-normal text-slate-500 dark:text-slate-400">({items.length})</span>
      </h2>
      {items.length === 0 ? (
        <p className="mt-2 text-slate-600 dark:text-slate-400">{empty}</p>
      ) : (
        <ul className="mt-3 space-y-3">
          {items.map((item) => (
            <li
              key={item.assignmentId}
              className="rounded border border-slate-200 p-4 dark:border-slate-700"
              data-assignment={item.assignmentId}
            >
              <p className="text-xs uppercase text-slate-500 dark:text-slate-400">
                {KIND[item.kind]} · {item.className}
              </p>
              <Link href={item.href} className="text-lg font-medium underline">
                {item.title}
              </Link>
              <p className="mt-1 text-sm">
                Due <LocalTime iso={item.dueAt} className="font-medium" />
                {item.classDueAt && (
                  <>
                    {" "}
                    (extended for you; the class&apos;s was <LocalTime iso={item.classDueAt} />)
                  </>
                )}
                {item.opensAt && (
                  <>
                    {" "}
                    · opens <LocalTime iso={item.opensAt} />
                  </>
                )}
              </p>
              <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">Late work: {item.policyText}.</p>
              {item.creditNow && item.score.status !== "done" && (
                <p className="mt-1 text-sm text-amber-800 dark:text-amber-200">
                  Handed in now: {item.creditNow}
                  {item.creditEndsAt && (
                    <>
                      ; nothing after <LocalTime iso={item.creditEndsAt} />
                    </>
                  )}
                  .
                </p>
              )}
              <Standing item={item} />
              {item.score.rubric && (
                <RubricFeedback rubric={item.score.rubric} awaiting={Boolean(item.score.awaitingGrading)} />
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Standing({ item }: { item: DueItem }) {
  const { score } = item;
  if (score.override)
    return (
      <p className="mt-1 text-sm">
        Score: {score.override.score}% (set by your instructor: {score.override.reason})
      </p>
    );
  if (score.score === null) return null;
  return (
    <p className="mt-1 text-sm">
      Score so far: {score.score}%{score.credit && ` (${score.credit.reason})`}
    </p>
  );
}
