import Link from "next/link";
import { LocalTime } from "@/components/local-time/local-time";
import type { ItemDeadline } from "@/lib/classes/due-list";

/**
 * The one rendering of an item's deadlines for the learner: each class's due time in their zone, their extension,
 * what late work earns now and the late policy in words. It only draws, so the server banner (dynamic pages) and
 * the browser's (prerendered lessons) show the same facts the same way.
 */
export function DeadlineNotice({ deadlines }: { deadlines: ItemDeadline[] }) {
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
