import { AttemptTime } from "@/components/history/attempt-time";
import { DiffView } from "@/components/history/diff-view";
import { BackLink } from "@/components/layout/back-link";
import { TextLink } from "@/components/layout/text-link";
import { submissionPath } from "@/components/submission-paths/submission-paths";
import type { ClassView, StaffScope } from "@/lib/access/staff-scope";
import { formatPercent, plural } from "@/lib/format/numbers";
import type { SimilarityClusterView, SimilarityReport } from "@/lib/instructor/similarity";
import { ClassFilter, NoClassYet } from "../class-filter";
import { PageSection } from "../page-section";
import { exerciseSimilarityPath, exerciseStatsPath, learnerPath } from "../paths";
import { Clipped } from "../tables/clipped";
import { DataTable, RowHeader, Td, Th, Ths, Tr } from "../tables/data-table";

const notProofBox =
  "mt-5 max-w-3xl rounded border-l-4 border-amber-500 bg-amber-50 p-4 text-amber-950 " +
  "dark:bg-amber-950/40 dark:text-amber-100";

/** The similarity report of one exercise: the warning first, how it is measured, then the clusters. */
export function SimilarityReportView({ report, scope }: { report: SimilarityReport; scope: StaffScope }) {
  // The picker reads the scope and the class picked; the learners it would list are the report's to choose.
  const picked = report.classFilter !== null && report.classFilter !== "not-taught" ? report.classFilter.id : null;
  const view: ClassView = { scope, classId: picked, learners: null };
  return (
    <div data-testid="similarity-report" data-exercise={report.slug}>
      <BackLink href={exerciseStatsPath(report.slug)} label={report.title} />
      <h1 className="mt-2 text-3xl font-bold tracking-tight">Similar Dockerfiles</h1>
      <p className="mt-1 text-slate-600 dark:text-slate-400">{report.title}</p>
      <aside aria-labelledby="not-proof-title" className={notProofBox} data-testid="not-proof">
        <h2 id="not-proof-title" className="font-semibold">
          Similarity is not proof
        </h2>
        <p className="mt-1 text-sm">
          Short exercises, the starter code, the lesson&apos;s own examples and common fixes make honest work look
          alike. Learners may also have worked together as they were allowed to. Talk to the learner before concluding
          anything.
        </p>
      </aside>
      <NoClassYet view={view} />
      <ClassFilter action={exerciseSimilarityPath(report.slug)} view={view} />
      <Summary report={report} />
      {report.clusters.map((cluster, i) => (
        <ClusterSection key={cluster.learners.map((l) => l.id).join(" ")} cluster={cluster} number={i + 1} />
      ))}
      <PageSection id="how-measured" title="How this is measured">
        <ul className="mt-2 max-w-3xl list-disc space-y-1 pl-5 text-sm text-slate-700 dark:text-slate-300">
          <li>Each learner&apos;s latest own submission counts (not an instructor&apos;s re-grade of it).</li>
          <li>
            Before comparing, comments, blank lines, spacing, line continuations and the case of instructions are
            dropped, and names that carry no meaning become placeholders in order of first use: stage names, build
            arguments and variables the file reads back, and user and group names. Paths, image names and commands are
            kept, and nothing is reordered.
          </li>
          <li>
            Files are compared as overlapping runs of five words. Runs the starter or the reference solution also has
            count a tenth, and runs many learners share count less the more share them: every correct answer shares
            those. A file with almost nothing of its own beyond them is left out.
          </li>
          <li>
            Two files are grouped when at least {formatPercent(report.threshold)} of what they hold (so weighted) is the
            same and they share about an instruction of their own; groups join through their pairs.
          </li>
        </ul>
      </PageSection>
    </div>
  );
}

function Summary({ report }: { report: SimilarityReport }) {
  if (!report.hasDockerfile) {
    return <p className="mt-6">Learners do not write a Dockerfile in this exercise, so there is nothing to compare.</p>;
  }
  if (report.classFilter === "not-taught") {
    return <p className="mt-6">You do not teach this class, so it shows no learners.</p>;
  }
  return (
    <p className="mt-6" data-testid="similarity-summary">
      Compared the latest Dockerfiles of {plural(report.learners, "learner")}
      {report.nearReference > 0 && (
        <>
          {" "}
          ({plural(report.nearReference, "file")} too close to the starter or the reference solution to say anything
          were left out)
        </>
      )}
      .{" "}
      {report.clusters.length === 0
        ? "No group of files is unusually alike."
        : `${plural(report.clusters.length, "group")} of unusually alike files, strongest first.`}
    </p>
  );
}

function ClusterSection({ cluster, number }: { cluster: SimilarityClusterView; number: number }) {
  const names = new Map(cluster.learners.map((l) => [l.id, l.name]));
  const best = cluster.pairs[0]?.score ?? 0;
  const id = `cluster-${number}`;
  return (
    <PageSection
      id={id}
      title={
        <>
          Group {number}: {plural(cluster.learners.length, "learner")},{" "}
          {cluster.identical ? "identical after normalisation" : `best pair ${formatPercent(best)} alike`}
        </>
      }
      testId="similarity-cluster"
    >
      <DataTable
        caption={`Learners in group ${number}`}
        size="w-full min-w-[20rem]"
        testId="similarity-learners"
        head={<Ths labels={["Learner", "Submitted"]} />}
      >
        {cluster.learners.map((l) => (
          <Tr key={l.id} data-learner={l.id}>
            <RowHeader>
              <TextLink href={learnerPath(l.id)}>
                <Clipped text={l.name} width="max-w-48" />
              </TextLink>
            </RowHeader>
            <Td>
              <TextLink href={submissionPath(l.submissionId)}>
                <AttemptTime date={l.submittedAt} />
              </TextLink>
            </Td>
          </Tr>
        ))}
      </DataTable>
      <DataTable
        caption={`How alike each pair in group ${number} is`}
        size="w-full min-w-[20rem]"
        testId="similarity-pairs"
        head={
          <>
            <Th>Learner</Th>
            <Th>Learner</Th>
            <Th numeric>Alike</Th>
          </>
        }
      >
        {cluster.pairs.map((p) => (
          <Tr key={`${p.a} ${p.b}`}>
            <RowHeader>
              <Clipped text={names.get(p.a) ?? p.a} width="max-w-40" />
            </RowHeader>
            <Td>
              <Clipped text={names.get(p.b) ?? p.b} width="max-w-40" />
            </Td>
            <Td numeric>{formatPercent(p.score)}</Td>
          </Tr>
        ))}
      </DataTable>
      <h3 className="mt-5 font-semibold">
        The closest pair&apos;s Dockerfiles as submitted ({formatPercent(cluster.diff.score)} alike)
      </h3>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        From <strong className="break-words">{cluster.diff.from.name}</strong>, who submitted first, to{" "}
        <strong className="break-words">{cluster.diff.to.name}</strong>. The files are shown as written, so renamed
        names and moved comments show as changes.
      </p>
      <DiffView files={cluster.diff.files} from={cluster.diff.from.name} to={cluster.diff.to.name} />
    </PageSection>
  );
}
