import type { Metadata } from "next";
import { forbidden, notFound } from "next/navigation";
import { PageSection, PageTitle } from "@/components/instructor/page-section";
import { DataTable, RowHeader, Td, Ths, Tr } from "@/components/instructor/tables/data-table";
import { BackLink } from "@/components/layout/back-link";
import { TextLink } from "@/components/layout/text-link";
import { LocalTime } from "@/components/local-time/local-time";
import { signedPoints } from "@/components/rubrics/points";
import { RubricEditor } from "@/components/rubrics/rubric-editor";
import { submissionPath } from "@/components/submission-paths/submission-paths";
import { staffPage } from "@/lib/access/roles";
import { assignableItems } from "@/lib/classes/assignments";
import { RequestError } from "@/lib/errors/request-error";
import { rowIdSchema } from "@/lib/list-query/list-query";
import { describeRubricMode } from "@/lib/rubrics/rubric-terms";
import { classRubrics, rubricPage } from "@/lib/rubrics/rubrics";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Rubrics and grading" };

/** A refusal of the domain as the page's own answer: another's class is not found, a TA's change forbidden. */
function orPageError(err: unknown): never {
  if (err instanceof RequestError && (err.code === "NOT_FOUND" || err.code === "BAD_REQUEST")) notFound();
  if (err instanceof RequestError && err.code === "FORBIDDEN") forbidden();
  throw err;
}

/**
 * A class's rubrics: its exercise assignments with how each one's rubric counts; with `?assignment=`, that
 * assignment's rubric (edited by the class's instructors) and its learners, each with a link to grade their newest
 * attempt on its submission page.
 */
export default async function RubricsPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { id } = await params;
  if (!rowIdSchema.safeParse(id).success) notFound();
  const path = `/instructor/classes/${id}/rubrics`;
  const user = await staffPage(path);
  const { assignment } = await searchParams;
  const items = await assignableItems();
  const titleOf = (slug: string) => items.find((i) => i.kind === "exercise" && i.slug === slug)?.title ?? slug;
  if (typeof assignment === "string" && rowIdSchema.safeParse(assignment).success) {
    const page = await rubricPage(user, id, assignment).catch(orPageError);
    const title = titleOf(page.assignment.itemSlug);
    const { rubric } = page;
    return (
      <div>
        <BackLink href={path} label={`Rubrics of ${page.assignment.className}`} className="mb-2 text-sm" />
        <PageTitle title={<>Rubric: {title}</>}>
          {describeRubricMode(rubric.mode, rubric.share)} Staff grade a learner on their submission&apos;s page: tick
          the items that apply, add a comment, and save; <kbd>Ctrl</kbd>+<kbd>Enter</kbd> saves and opens the next
          learner. The learner sees the items applied, with their feedback and points, and the score on their
          &ldquo;What&apos;s due&rdquo; page. A re-grade of the attempt keeps the grade.
        </PageTitle>
        <PageSection id="rubric-items" title="The rubric" className="mt-6" heading="mb-2 text-xl font-semibold">
          {page.canEdit ? (
            <RubricEditor
              base={`/api/instructor/classes/${id}/assignments/${assignment}/rubric`}
              initial={rubric}
              copySources={page.copySources.map((s) => ({
                assignmentId: s.assignmentId,
                label: `${s.className} (${s.term}), ${s.items} items`,
              }))}
            />
          ) : rubric.items.length === 0 ? (
            <p className="text-slate-600 dark:text-slate-400">No items yet: the class&apos;s instructors write them.</p>
          ) : (
            <ol className="max-w-3xl list-decimal space-y-1 pl-5">
              {rubric.items.map((i) => (
                <li key={i.id}>
                  {i.title} ({signedPoints(i.points)}): {i.feedback}
                </li>
              ))}
            </ol>
          )}
        </PageSection>
        <PageSection id="rubric-learners" title="Learners" className="mt-8" heading="mb-2 text-xl font-semibold">
          {page.learners.length === 0 ? (
            <p className="text-slate-600 dark:text-slate-400">The class has no learners yet.</p>
          ) : (
            <DataTable
              caption="Learners and their grade by the rubric"
              testId="rubric-learners-table"
              head={<Ths labels={["Learner", "Grade", "Attempt"]} />}
            >
              {page.learners.map((l) => (
                <Tr key={l.userId} data-learner={l.userId}>
                  <RowHeader>{l.name}</RowHeader>
                  <Td>
                    {l.graded ? (
                      <>
                        {l.graded.earned} points, by {l.graded.graderName},{" "}
                        <LocalTime iso={l.graded.gradedAt.toISOString()} />
                      </>
                    ) : (
                      "not graded"
                    )}
                  </Td>
                  <Td>
                    {l.submissionId ? (
                      <TextLink href={submissionPath(l.submissionId)}>Grade {l.name}&apos;s newest attempt</TextLink>
                    ) : (
                      "no attempt yet"
                    )}
                  </Td>
                </Tr>
              ))}
            </DataTable>
          )}
        </PageSection>
      </div>
    );
  }
  const list = await classRubrics(user, id).catch(orPageError);
  return (
    <div>
      <BackLink href={`/instructor/classes/${id}`} label={list.className} className="mb-2 text-sm" />
      <PageTitle title="Rubrics and grading">
        An exercise assignment can be graded by a rubric as well: items worth points (negative ones deduct), each with
        the feedback the learner reads when it applies. The rubric counts alone, or combined with the automatic score by
        the share you choose.
      </PageTitle>
      {list.assignments.length === 0 ? (
        <p className="mt-6 text-slate-600 dark:text-slate-400" data-testid="no-rubrics">
          The class has no exercise assigned: assign one on its assignments page first.
        </p>
      ) : (
        <ul className="mt-6 space-y-2" data-testid="class-rubrics">
          {list.assignments.map((a) => (
            <li key={a.id}>
              <TextLink href={`${path}?assignment=${a.id}`}>{titleOf(a.itemSlug)}</TextLink>{" "}
              <span className="text-sm text-slate-600 dark:text-slate-400">
                {a.items === 0 ? "no rubric yet" : `${a.items} items. ${describeRubricMode(a.mode, a.share)}`}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
