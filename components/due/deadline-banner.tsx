import Link from "next/link";
import type { AssignmentKind } from "@/lib/classes/deadlines";
import { itemDeadlines } from "@/lib/classes/due-list";
import { LocalTime } from "./local-time";

/**
 * On an assigned item's page: when it is due for this learner, in their zone, and what late work earns now. It reads
 * its own data, so a page adds it with one line.
 */
export async function DeadlineBanner({
  userId,
  kind,
  itemSlug,
}: {
  userId: string;
  kind: AssignmentKind;
  itemSlug: string;
}) {
  const deadlines = await itemDeadlines(userId, kind, itemSlug);
  if (deadlines.length === 0) return null;
  return (
    <aside
      className="mt-4 rounded border border-sky-300 bg-sky-50 p-3 text-sm dark:border-sky-800 dark:bg-sky-950"
      data-testid="deadline-banner"
    >
      <ul className="space-y-1">
        {deadlines.map((d) => (
          <li key={d.className}>
            <span className="font-medium">{d.className}</span>: due <LocalTime iso={d.dueAt} />
            {d.extended && " (your extension)"}
            {d.lateNow && (
              <span className="text-amber-800 dark:text-amber-200">
                {" "}
                · late: {d.lateNow.credit} %
                {d.lateNow.until ? (
                  <>
                    {" "}
                    until <LocalTime iso={d.lateNow.until} />
                  </>
                ) : d.lateNow.credit > 0 ? (
                  " from now on"
                ) : (
                  " (no credit any more)"
                )}
              </span>
            )}
            <span className="block text-slate-600 dark:text-slate-400">Late work: {d.policyText}.</span>
          </li>
        ))}
      </ul>
      <Link href="/due" className="mt-1 inline-block underline">
        Everything that&apos;s due
      </Link>
    </aside>
  );
}
