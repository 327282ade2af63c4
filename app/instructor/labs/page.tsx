import type { Metadata } from "next";
import { ClassFilter, NoClassYet } from "@/components/instructor/class-filter";
import { PageSection, PageTitle } from "@/components/instructor/page-section";
import { LAB_STATS_PATH, labStatsAnchor } from "@/components/instructor/paths";
import { LabsStatsTable, LabTasksTable } from "@/components/instructor/stats/labs-table";
import { TextLink } from "@/components/layout/text-link";
import { staffPage } from "@/lib/access/roles";
import { classView } from "@/lib/access/staff-scope";
import { formatCount } from "@/lib/format/numbers";
import { labOverview } from "@/lib/instructor/lab-stats";
import { type SearchParams, searchParam } from "@/lib/list-query/list-query";

export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "Lab statistics",
  description: "Every lab with learners started and finished, and per task how many did it and how many stopped.",
};

export default async function LabStatsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await staffPage(LAB_STATS_PATH);
  const view = await classView(user, searchParam(await searchParams, "class"));
  const labs = await labOverview(view.learners);
  return (
    <div>
      <PageTitle title="Labs">
        How learners get on with each lab. A learner started a lab once a session of it opened, and finished it once
        every task the lab has now is done, over all their sessions. Stuck means every earlier task done but not this
        one: the tasks build on each other, so the task many learners stop at is the one to look at. Instructors&apos;
        and admins&apos; labs are left out.
      </PageTitle>
      <ClassFilter action={LAB_STATS_PATH} view={view} />
      <NoClassYet view={view} />
      <LabsStatsTable labs={labs} classId={view.classId} />
      {labs.map((lab) => (
        <PageSection
          key={lab.slug}
          id={labStatsAnchor(lab.slug)}
          title={lab.title}
          testId={`lab-section-${lab.slug}`}
          intro={
            <>
              {formatCount(lab.started)} started, {formatCount(lab.finished)} finished.{" "}
              <TextLink href={`/labs/${lab.slug}`}>The lab as learners see it</TextLink>
            </>
          }
        >
          <LabTasksTable lab={lab} />
        </PageSection>
      ))}
    </div>
  );
}
