import type { Metadata } from "next";
import { z } from "zod";
import { AttemptTime } from "@/components/history/attempt-time";
import { orNotFound } from "@/components/history/or-not-found";
import { ArrivalHeading } from "@/components/http/focus-result";
import { CopyClassForm } from "@/components/instructor/classes/copy-class-form";
import { JoinCodePanel } from "@/components/instructor/classes/join-code-panel";
import { LmsPanel } from "@/components/instructor/classes/lms-panel";
import { RemoveLearnerButton } from "@/components/instructor/classes/remove-learner-button";
import { RosterForm } from "@/components/instructor/classes/roster-form";
import { StaffForm } from "@/components/instructor/classes/staff-form";
import { OrEmpty, PageSection } from "@/components/instructor/page-section";
import { learnerPath } from "@/components/instructor/paths";
import { Clipped } from "@/components/instructor/tables/clipped";
import { DataTable, RowHeader, Td, Ths, Tr } from "@/components/instructor/tables/data-table";
import { BackLink } from "@/components/layout/back-link";
import { TextLink } from "@/components/layout/text-link";
import { staffPage } from "@/lib/access/roles";
import { classDetail } from "@/lib/classes/classes";
import { copySource } from "@/lib/classes/next-term";
import { describeShift } from "@/lib/classes/term-shift";
import { classLms } from "@/lib/lti/class-lms";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Class" };

const SOURCE: Record<string, string> = { code: "join code", roster: "roster", staff: "added by staff", lti: "LMS" };

// What the copy form says it did, on the new class's page (`?copied=12&days=126`); anything else says nothing.
const copiedSchema = z.object({
  copied: z.coerce.number().int().min(0).max(10_000),
  days: z.coerce.number().int().min(-10_000).max(10_000),
});

export default async function ClassPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { id } = await params;
  const user = await staffPage(`/instructor/classes/${encodeURIComponent(id)}`);
  const detail = await orNotFound(classDetail(user, id));
  const [lms, source] = await Promise.all([classLms(detail.id), copySource(user, detail.id)]);
  const copied = copiedSchema.safeParse(await searchParams);
  const classQuery = `?class=${encodeURIComponent(detail.id)}`;
  return (
    <div>
      <BackLink href="/instructor/classes" label="All classes" className="mb-2 text-sm" />
      {/* Where the focus goes when the new-class form opens this page. */}
      <ArrivalHeading className="text-3xl font-bold tracking-tight" data-testid="class-name">
        {detail.name}
      </ArrivalHeading>
      <p className="mt-1 text-slate-700 dark:text-slate-300">
        {detail.term} · {detail.learners.length} learner{detail.learners.length === 1 ? "" : "s"}
        {detail.archived && " · archived"}
      </p>
      {copied.success && (
        <p
          role="status"
          className="mt-2 rounded bg-emerald-50 p-2 text-sm text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100"
          data-testid="class-copied"
        >
          {copied.data.copied} assignment{copied.data.copied === 1 ? "" : "s"} copied, dates moved{" "}
          {describeShift(copied.data.days)}. Learners join with the new join code below; an LMS course is linked afresh
          from the LMS.
        </p>
      )}
      <nav aria-label="This class's pages" className="mt-3 flex flex-wrap gap-x-4 gap-y-1 text-sm">
        {[
          [`/instructor/classes/${encodeURIComponent(detail.id)}/assignments`, "Assignments and deadlines"],
          [`/instructor/classes/${encodeURIComponent(detail.id)}/rubrics`, "Rubrics and grading"],
          [`/instructor/gradebook${classQuery}`, "Gradebook"],
          [`/instructor/learners${classQuery}`, "Learners"],
          [`/instructor/submissions${classQuery}`, "Submissions"],
          [`/instructor/exercises${classQuery}`, "Exercise statistics"],
        ].map(([href, label]) => (
          <TextLink key={href} href={href!}>
            {label}
          </TextLink>
        ))}
      </nav>

      {lms && (
        <PageSection id="lms" title="LMS course">
          <LmsPanel classId={detail.id} lms={lms} canManage={detail.canManage} />
        </PageSection>
      )}

      <PageSection
        id="joining"
        title="Joining"
        intro="Read the code out or put the link on your course page: a learner who opens it can join this class."
      >
        <JoinCodePanel classId={detail.id} code={detail.joinCode} canManage={detail.canManage} />
      </PageSection>

      <PageSection id="staff" title="Staff" intro="Instructors manage the class; teaching assistants see and grade it.">
        <DataTable
          caption="Staff"
          testId="class-staff"
          size="w-full min-w-[28rem]"
          head={<Ths labels={["Name", "E-mail", "Part"]} />}
        >
          {detail.staff.map((s) => (
            <Tr key={s.userId}>
              <RowHeader>
                <Clipped text={s.name} />
              </RowHeader>
              <Td className="break-all">{s.email}</Td>
              <Td>{s.role === "ta" ? "teaching assistant" : s.role}</Td>
            </Tr>
          ))}
        </DataTable>
        {detail.canManage && <StaffForm classId={detail.id} />}
      </PageSection>

      <PageSection id="learners" title="Learners">
        <OrEmpty rows={detail.learners.length} empty="No learner has joined yet." testId="class-no-learners">
          <DataTable
            caption="Learners"
            testId="class-learners"
            head={<Ths labels={["Name", "E-mail", "Joined", "How", ...(detail.canManage ? ["Remove"] : [])]} />}
          >
            {detail.learners.map((l) => (
              <Tr key={l.userId}>
                <RowHeader>
                  <TextLink href={learnerPath(l.userId)}>
                    <Clipped text={l.name} />
                  </TextLink>
                </RowHeader>
                <Td className="break-all">{l.email}</Td>
                <Td>
                  <AttemptTime date={l.joinedAt} />
                </Td>
                <Td>{SOURCE[l.source] ?? l.source}</Td>
                {detail.canManage && (
                  <Td>
                    <RemoveLearnerButton classId={detail.id} userId={l.userId} name={l.name} />
                  </Td>
                )}
              </Tr>
            ))}
          </DataTable>
        </OrEmpty>
        {detail.invites.length > 0 && (
          <p className="mt-3 text-sm text-slate-600 dark:text-slate-400" data-testid="class-invites">
            Invited, no account yet: {detail.invites.map((i) => i.email).join(", ")}.
          </p>
        )}
      </PageSection>

      {source && (
        <PageSection
          id="copy"
          title="Copy to a new class"
          intro="The next term in one step: a new class with every assignment of this one, its dates moved together."
        >
          <CopyClassForm source={source} />
        </PageSection>
      )}

      {detail.canManage && (
        <PageSection
          id="roster"
          title="Import a roster"
          intro="Accounts with these e-mails join at once; the others join when they sign up with that e-mail."
        >
          <RosterForm classId={detail.id} />
        </PageSection>
      )}
    </div>
  );
}
