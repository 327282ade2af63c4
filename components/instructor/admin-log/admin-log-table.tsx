import { AttemptTime } from "@/components/history/attempt-time";
import { TextLink } from "@/components/layout/text-link";
import { None } from "@/components/table/none";
import type { AdminLogActor, AdminLogEntry, AdminLogTarget } from "@/lib/admin/admin-log";
import { ADMIN_ACTION_LABEL, ADMIN_ACTIONS, type AdminActionKind } from "@/lib/audit/admin-actions";
import { Clipped } from "../tables/clipped";
import { DataTable, RowHeader, Td, Ths, Tr } from "../tables/data-table";
import { FilterForm, InputFilter, SelectFilter } from "../tables/filter-form";
import { actionSentence } from "./action-sentence";

const muted = "text-xs text-slate-600 dark:text-slate-400";

const PAGES = { submission: "submissions", exercise: "exercises", class: "classes" } as const;

/** Where a target is seen now: an account on the people page (found by email), anything else on its own page. */
function targetHref(target: AdminLogTarget): string | null {
  if (!target.exists) return null;
  if (target.kind !== "user") return `/instructor/${PAGES[target.kind]}/${encodeURIComponent(target.id)}`;
  return target.email ? `/instructor/people?q=${encodeURIComponent(target.email)}` : null;
}

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
  const name = target.kind === "submission" ? `${target.label}'s submission` : target.label;
  const href = targetHref(target);
  if (!href) {
    return (
      <>
        {name} <span className={muted}>(no longer exists)</span>
      </>
    );
  }
  return (
    <TextLink href={href} title={name} className="block max-w-56 truncate" data-testid="admin-log-target">
      {name}
    </TextLink>
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

/** Action and actor filters as a GET form: works without JavaScript, and the query string is the state. */
export function AdminLogFilter({ action, actor }: { action?: AdminActionKind; actor?: string }) {
  return (
    <FilterForm
      action="/instructor/admin-log"
      label="Filter the admin log"
      submitLabel="Filter"
      clearHref={action || actor ? "/instructor/admin-log" : undefined}
      testId="admin-log-filter"
    >
      <SelectFilter
        name="action"
        label="Action"
        anyLabel="Every action"
        options={ADMIN_ACTIONS.map((a) => ({ value: a, label: ADMIN_ACTION_LABEL[a] }))}
        defaultValue={action}
        testId="admin-log-action"
      />
      <InputFilter name="actor" label="Who (name or email)" defaultValue={actor} testId="admin-log-actor" />
    </FilterForm>
  );
}
