import type { Metadata } from "next";
import Link from "next/link";
import { forbidden, notFound } from "next/navigation";
import { AssignmentActions } from "@/components/instructor/classes/assignments/assignment-actions";
import { AssignmentForm } from "@/components/instructor/classes/assignments/assignment-form";
import { ExtensionsEditor } from "@/components/instructor/classes/assignments/extensions-editor";
import { TimedWindows } from "@/components/instructor/classes/assignments/timed-windows";
import { PageTitle } from "@/components/instructor/page-section";
import { DataTable, RowHeader, Td, Ths, Tr } from "@/components/instructor/tables/data-table";
import { BackLink } from "@/components/layout/back-link";
import { LocalTime } from "@/components/local-time/local-time";
import { staffPage } from "@/lib/access/roles";
import { assignableItems, classAssignments } from "@/lib/classes/assignments";
import { RequestError } from "@/lib/errors/request-error";
import { rowIdSchema } from "@/lib/list-query/list-query";
import { classTimedWindows } from "@/lib/timed/timed-staff";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Assignments and deadlines" };

const KIND = { exercise: "Exercise", lab: "Lab", quiz: "Quiz" } as const;
const ITEM_PATH = { exercise: "/exercises/", lab: "/labs/", quiz: "/lessons/" } as const;

export default async function AssignmentsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!rowIdSchema.safeParse(id).success) notFound();
  const user = await staffPage(`/instructor/classes/${id}/assignments`);
  const [list, items] = await Promise.all([
    classAssignments(user, id).catch((err) => {
      if (err instanceof RequestError && err.code === "FORBIDDEN") forbidden();
      throw err;
    }),
    assignableItems(),
  ]);
  // Each learner's window of each timed assignment (read once the reader is known to be the class's staff).
  const timed = await classTimedWindows(user, id);
  return (
    <div>
      <BackLink href={`/instructor/classes/${id}`} label={list.className} className="mb-2 text-sm" />
      <PageTitle title="Assignments and deadlines">
        What {list.className} has to do, and by when. Work after the due date earns the late policy&apos;s credit; an
        extension gives one learner their own due date. Learners see these on their &ldquo;What&apos;s due&rdquo; page,
        in their own time zone.
        {!list.canManage && " Only the class's instructors can change them."}
      </PageTitle>
      {list.canManage && (
        <section className="mt-6 max-w-3xl" aria-labelledby="new-assignment">
          <h2 id="new-assignment" className="mb-2 text-xl font-semibold">
            Assign something
          </h2>
          <AssignmentForm classId={id} items={items} />
        </section>
      )}
      {list.assignments.length === 0 ? (
        <p className="mt-6 text-slate-600 dark:text-slate-400" data-testid="no-assignments">
          Nothing assigned yet.
        </p>
      ) : (
        <DataTable
          className="mt-6"
          caption="Assignments, soonest due first"
          testId="assignments-table"
          head={
            <Ths
              labels={["What", "Opens", "Due", "Late work", "Done", "Late", "Missing"]}
              numeric={["Done", "Late", "Missing"]}
            />
          }
        >
          {list.assignments.map((a) => (
            <Tr key={a.id} data-assignment={a.id}>
              <RowHeader>
                <span className="block text-xs uppercase text-slate-500 dark:text-slate-400">{KIND[a.kind]}</span>
                <Link className="underline" href={`${ITEM_PATH[a.kind]}${a.itemSlug}`}>
                  {a.itemTitle}
                </Link>
                {a.kind === "exercise" && (
                  // Rubrics grade exercises (lib/rubrics/): each exercise's rubric and grading, one step away.
                  <Link
                    className="ml-2 text-sm underline"
                    href={`/instructor/classes/${id}/rubrics?assignment=${a.id}`}
                    aria-label={`Rubric of ${a.itemTitle}`}
                  >
                    Rubric
                  </Link>
                )}
                <ExtensionsEditor
                  base={`/api/instructor/classes/${id}/assignments/${a.id}`}
                  learners={list.learners}
                  extensions={a.extensions.map((e) => ({ ...e, dueAt: e.dueAt.toISOString() }))}
                  canManage={list.canManage}
                />
                {a.timeLimitMinutes !== null && (
                  <TimedWindows
                    base={`/api/instructor/classes/${id}/assignments/${a.id}`}
                    limitMinutes={a.timeLimitMinutes}
                    canManage={list.canManage}
                    windows={(timed.get(a.id) ?? []).map(({ closedAt: _, ...w }) => ({
                      ...w,
                      startedAt: w.startedAt?.toISOString() ?? null,
                      endsAt: w.endsAt?.toISOString() ?? null,
                    }))}
                  />
                )}
                {list.canManage && (
                  <div className="mt-2">
                    <AssignmentActions
                      classId={id}
                      items={items}
                      title={a.itemTitle}
                      assignment={{
                        id: a.id,
                        kind: a.kind,
                        itemSlug: a.itemSlug,
                        opensAt: a.opensAt?.toISOString() ?? null,
                        dueAt: a.dueAt.toISOString(),
                        latePolicy: a.latePolicy,
                        timeLimitMinutes: a.timeLimitMinutes,
                        earlyCredit: a.earlyCredit,
                      }}
                    />
                  </div>
                )}
              </RowHeader>
              <Td>{a.opensAt ? <LocalTime iso={a.opensAt.toISOString()} /> : "—"}</Td>
              <Td>
                <LocalTime iso={a.dueAt.toISOString()} />
              </Td>
              <Td className="max-w-64">{a.policyText}</Td>
              <Td numeric>{a.counts.done}</Td>
              <Td numeric>{a.counts.late}</Td>
              <Td numeric>{a.counts.missing}</Td>
            </Tr>
          ))}
        </DataTable>
      )}
    </div>
  );
}
