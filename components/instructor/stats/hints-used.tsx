import { AttemptTime } from "@/components/history/attempt-time";
import { LabMarkdown } from "@/components/labs/lab-markdown";
import { TextLink } from "@/components/layout/text-link";
import type { HintHow, HintUsage } from "@/lib/exercises/hints";
import { plural } from "@/lib/format/numbers";
import { OrEmpty } from "../page-section";
import { learnerPath } from "../paths";
import { Clipped } from "../tables/clipped";

const HOW: Record<HintHow, string> = { request: "asked for it", attempts: "after failed attempts" };

/**
 * Per hint of an exercise: its text, when it opens, and who among the page's learners has it open and how. A list, not
 * a table: it stays readable on a phone.
 */
export function HintsUsed({ hints }: { hints: HintUsage[] }) {
  return (
    <OrEmpty rows={hints.length} empty="This exercise has no hints." testId="hints-used-none" className="mt-3">
      <ol className="mt-3 space-y-4" data-testid="hints-used">
        {hints.map((hint) => {
          const asked = hint.users.filter((u) => u.how === "request").length;
          return (
            <li
              key={hint.index}
              className="rounded border border-slate-200 p-3 dark:border-slate-700"
              data-hint={hint.index}
              aria-labelledby={`hint-used-${hint.index}`}
            >
              <h3 id={`hint-used-${hint.index}`} className="font-semibold">
                Hint {hint.index + 1}{" "}
                <span className="text-sm font-normal text-slate-600 dark:text-slate-400">
                  {hint.afterFailures === undefined
                    ? "opens only on request"
                    : `opens after ${plural(hint.afterFailures, "failed attempt")}, or on request`}
                </span>
              </h3>
              <details className="mt-1 text-sm">
                <summary className="cursor-pointer">The hint&apos;s text</summary>
                <LabMarkdown text={hint.text} className="mt-2 space-y-2 leading-6 break-words" />
              </details>
              <p className="mt-2 text-sm" data-testid="hint-used-count">
                {hint.users.length === 0
                  ? "Nobody has it open."
                  : `${hint.users.length === 1 ? "1 learner has" : `${hint.users.length} learners have`} it open: ` +
                    `${asked} asked for it, ${hint.users.length - asked} had it opened by failed attempts.`}
              </p>
              {hint.users.length > 0 && (
                <ul className="mt-2 divide-y divide-slate-200 text-sm dark:divide-slate-800">
                  {hint.users.map((u) => (
                    <li
                      key={u.userId}
                      className="flex flex-wrap items-baseline gap-x-3 gap-y-1 py-1"
                      data-user={u.userId}
                      data-how={u.how}
                    >
                      <TextLink href={learnerPath(u.userId)} className="min-w-0">
                        <Clipped text={u.name} />
                      </TextLink>
                      <span>{HOW[u.how]}</span>
                      <span className="text-slate-600 dark:text-slate-400">
                        <AttemptTime date={u.usedAt} />
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          );
        })}
      </ol>
    </OrEmpty>
  );
}
