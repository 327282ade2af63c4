import { TextLink } from "@/components/layout/text-link";
import { None } from "@/components/table/none";
import { formatCount } from "@/lib/format/numbers";
import type { LabSummary } from "@/lib/instructor/lab-stats";
import { labStatsPath } from "../paths";
import { DataTable, RowHeader, ShareCell, Td, Ths, Tr } from "../tables/data-table";

/** Every lab in course order with learners started and finished; each row leads to its tasks further down. */
export function LabsStatsTable({ labs, classId }: { labs: LabSummary[]; classId?: string | null }) {
  return (
    <DataTable
      caption="Every lab in course order, with learners started and finished"
      testId="lab-stats"
      className="mt-6"
      size="w-full min-w-[48rem]"
      valign="middle"
      head={
        <Ths
          labels={["Lab", "Started", "Finished", "Finish rate", "Most learners stuck at"]}
          numeric={["Started", "Finished"]}
          classes={{ "Finish rate": "w-1/4" }}
        />
      }
    >
      {labs.map((lab) => {
        const stuck = lab.tasks.find((t) => t.id === lab.mostStuck);
        return (
          <Tr
            key={lab.slug}
            data-testid={`lab-stats-${lab.slug}`}
            data-started={lab.started}
            data-finished={lab.finished}
          >
            <RowHeader>
              <TextLink href={labStatsPath(lab.slug, classId)} className="font-medium">
                {lab.title}
              </TextLink>
            </RowHeader>
            <Td numeric>{formatCount(lab.started)}</Td>
            <Td numeric>{formatCount(lab.finished)}</Td>
            <Td>
              <ShareCell share={lab.finishRate} tone="good" none="nobody started yet" />
            </Td>
            <Td data-testid="lab-most-stuck">
              {stuck ? `${stuck.title} (${formatCount(stuck.stuck)})` : <None label="nobody stuck" />}
            </Td>
          </Tr>
        );
      })}
    </DataTable>
  );
}

/** One lab's tasks in its order: how many learners did each, and how many stopped at it. */
export function LabTasksTable({ lab }: { lab: LabSummary }) {
  return (
    <DataTable
      caption={`The tasks of ${lab.title} in order, with learners done and stuck`}
      testId={`lab-tasks-${lab.slug}`}
      size="w-full min-w-[44rem]"
      valign="middle"
      head={
        <Ths
          labels={["Task", "Done by", "Share of learners who started", "Stuck here"]}
          numeric={["Done by", "Stuck here"]}
          classes={{ "Share of learners who started": "w-1/4" }}
        />
      }
    >
      {lab.tasks.map((t, i) => (
        <Tr key={t.id} data-task={t.id} data-done={t.done} data-stuck={t.stuck}>
          <RowHeader>
            {i + 1}. {t.title}
            <span className="block font-mono text-xs text-slate-500 dark:text-slate-400">{t.id}</span>
          </RowHeader>
          <Td numeric>{formatCount(t.done)}</Td>
          <Td>
            <ShareCell share={t.doneShare} none="nobody started yet" />
          </Td>
          <Td numeric className={t.id === lab.mostStuck ? "font-semibold text-red-700 dark:text-red-300" : ""}>
            {formatCount(t.stuck)}
            {t.id === lab.mostStuck && <span className="sr-only"> (the most learners are stuck here)</span>}
          </Td>
        </Tr>
      ))}
    </DataTable>
  );
}
