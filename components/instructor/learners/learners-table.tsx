import { AttemptTime } from "@/components/history/attempt-time";
import { TextLink } from "@/components/layout/text-link";
import { TABLE_HEAD } from "@/components/table/column-heads";
import { None } from "@/components/table/none";
import { type LearnerSort, type LearnersPage, type ModuleProgress, SORTS } from "@/lib/instructor/learners";
import { LEARNERS_PATH, learnerPath } from "../paths";
import { Clipped } from "../tables/clipped";
import { listHref } from "../tables/query";
import { SortHeader } from "../tables/sort-header";

// Cell styles are set once on the table, module cells' colours by their data-progress: fifty rows of twenty cells
// would otherwise repeat them a thousand times in the page.
const table =
  "w-full min-w-[60rem] border-collapse text-left text-sm tabular-nums " +
  "[&_td]:px-2 [&_td]:py-2 [&_td]:align-top [&_th]:px-2 [&_th]:py-2 [&_th]:align-top " +
  // Twenty columns do not fit a page: the table scrolls sideways in its frame rather than breaking names and emails
  // (a name or email too long for its column is cut short, the whole of it in its title).
  "[&_td]:whitespace-nowrap [&_th]:whitespace-nowrap " +
  "[&_td[data-progress]]:text-center " +
  "[&_td[data-progress=none]]:text-slate-500 dark:[&_td[data-progress=none]]:text-slate-400 " +
  "[&_td[data-progress=some]]:text-amber-800 dark:[&_td[data-progress=some]]:text-amber-300 " +
  "[&_td[data-progress=all]]:font-semibold [&_td[data-progress=all]]:text-emerald-700 " +
  "dark:[&_td[data-progress=all]]:text-emerald-300";
const number = "text-right";
/** The count columns at the end of a row, each cell's test id its name. */
const COUNTS = ["lessons", "quizzes", "exercises", "submissions"] as const;

/** The numbers say it; the colour helps the eye scan a column: nothing, started, complete. */
function moduleState({ completed, total }: Pick<ModuleProgress, "completed" | "total">) {
  if (completed === 0) return "none";
  return completed >= total ? "all" : "some";
}

const LABEL: Record<LearnerSort, string> = {
  name: "Name",
  email: "Email",
  joined: "Joined",
  active: "Last active",
  lessons: "Lessons",
  exercises: "Exercises passed",
  submissions: "Submissions",
};

/** One page of learners; every header but the modules' sorts, keeping the search and class in the query. */
export function LearnersTable({ data, classId }: { data: LearnersPage; classId?: string | null }) {
  const { query, modules, learners } = data;
  const header = (sort: LearnerSort, className?: string) => (
    <SortHeader
      key={sort}
      label={LABEL[sort]}
      active={query.sort === sort}
      dir={query.dir}
      defaultDir={SORTS[sort].dir}
      href={(dir) => listHref(LEARNERS_PATH, { class: classId ?? undefined, q: query.q, sort, dir })}
      className={className}
      testId={`sort-${sort}`}
    />
  );
  const numeric = (sort: LearnerSort) => header(sort, number);
  return (
    <div className="relative mt-4 overflow-x-auto">
      <table className={table} data-testid="learners-table">
        <caption className="sr-only">
          Learners sorted by {LABEL[query.sort].toLowerCase()}, {query.dir === "asc" ? "ascending" : "descending"}, with
          lessons completed per module
        </caption>
        <thead className={TABLE_HEAD}>
          <tr>
            {(["name", "email", "joined", "active"] as const).map((sort) => header(sort))}
            {modules.map((m, i) => (
              <th key={m.slug} scope="col" className="text-center" title={m.title}>
                <span aria-hidden="true">M{i + 1}</span>
                <span className="sr-only">
                  Module {i + 1}: {m.title}
                </span>
              </th>
            ))}
            {numeric("lessons")}
            <th scope="col" className={number}>
              Quizzes passed
            </th>
            {numeric("exercises")}
            {numeric("submissions")}
          </tr>
        </thead>
        <tbody>
          {learners.map((l) => (
            <tr key={l.id} data-learner={l.id} className="border-b border-slate-200 dark:border-slate-800">
              <th scope="row" className="font-normal">
                <TextLink href={learnerPath(l.id)} title={l.name} className="block max-w-56 truncate font-medium">
                  {l.name}
                </TextLink>
              </th>
              <td>
                <Clipped text={l.email} width="max-w-64" />
              </td>
              <td>
                <AttemptTime date={l.joined} />
              </td>
              <td data-testid="last-active">
                {l.lastActive ? <AttemptTime date={l.lastActive} /> : <None label="no activity yet" />}
              </td>
              {l.modules.map((m) => (
                <td key={m.slug} data-progress={moduleState(m)}>
                  {m.completed}/{m.total}
                </td>
              ))}
              {COUNTS.map((count) => (
                <td key={count} className={number} data-testid={count}>
                  {l[count]}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="mt-2 text-xs text-slate-600 dark:text-slate-400">
        Lessons completed per module: {modules.map((m, i) => `M${i + 1} ${m.title} (${m.lessons} lessons)`).join(" · ")}
        . Lessons, quizzes and exercises count what is in the course today.
      </p>
    </div>
  );
}
