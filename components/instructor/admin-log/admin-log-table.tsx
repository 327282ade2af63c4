import Link from "next/link";
import { AttemptTime } from "@/components/history/attempt-time";
import { None } from "@/components/table/none";
import type { AdminLogActor, AdminLogEntry, AdminLogTarget } from "@/lib/admin/admin-log";
import { Clipped } from "../tables/clipped";
import { DataTable, RowHeader, Td, Ths, Tr } from "../tables/data-table";
import { actionSentence } from "./action-sentence";

const muted = "text-xs text-slate-600 dark:text-slate-400";

/** Where a target is seen now: an account on the people page (found by email), a submission or exercise on its own. */
function targetHref(target: AdminLogTarget): string | null {
  if (!target.exists) return null;
  switch (target.kind) {
    case "user":
      return target.email ? `/instructor/people?q=${encodeURIComponent(target.email)}` : null;
    case "submission":
      return `/instructor/submissions/${encodeURIComponent(target.id)}`;
    case "exercise":
      return `/instructor/exercises/${encodeURIComponent(target.id)}`;
    case "class":
      return `/instructor/classes/${encodeURIComponent(target.id)}`;
  }
}

const TARGET_NAME = {
  user: (label: string) => label,
  submission: (label: string) => `${label}'s submission`,
  exercise: (label: string) => label,
  class: (label: string) => label,
} as const;

function Who({ actor }: { actor: AdminLogActor }) {
  if (actor.commandLine) return <span className="italic">{actor.name}</span>;
  return (
    <>
      <Clipped text={actor.name} className="font-medium" />
      {actor.email && <span className={`block break-all ${muted}`}>{actor.email}</span>}
      {actor.id === null && <span className={`block ${muted}`}>account since deleted</span>}
    </>
  );
}

function Target({ target }: { target: AdminLogTarget | null }) {
  if (!target) return <None label="no target" />;
  const name = TARGET_NAME[target.kind](target.label);
  const href = targetHref(target);
  if (!href) {
    return (
      <>
        {name} <span className={muted}>(no longer exists)</span>
      </>
    );
  }
  return (
    <Link
      href={href}
      title={name}
      className="block max-w-56 truncate text-brand-600 underline dark:text-sky-300"
      data-testid="admin-log-target"
    >
      {name}
    </Link>
  );
}

/** The log's entries, newest first: when, who, what (a sentence), and a link to what it was done to. */
export function AdminLogTable({ entries, caption }: { entries: AdminLogEntry[]; caption: string }) {
  return (
    <DataTable
      caption={caption}
      testId="admin-log-table"
      className="mt-4"
      size="w-full min-w-[48rem]"
      head={<Ths labels={["When", "Who", "What", "Target"]} />}
    >
      {entries.map((entry) => (
        <Tr key={entry.id} data-action={entry.action} data-testid="admin-log-entry">
          <RowHeader>
            <AttemptTime date={entry.at} />
          </RowHeader>
          <Td>
            <Who actor={entry.actor} />
          </Td>
          {/* The sentence names people: a long name breaks anywhere, and more than three lines are cut short. */}
          <Td data-testid="admin-log-what" title={actionSentence(entry)}>
            <span className="line-clamp-3 wrap-anywhere">{actionSentence(entry)}</span>
          </Td>
          <Td className="wrap-anywhere">
            <Target target={entry.target} />
          </Td>
        </Tr>
      ))}
    </DataTable>
  );
}
