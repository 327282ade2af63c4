import type { TaskStatus as LabTaskStatus } from "@/lib/sessions/session-protocol";
import { LabMarkdown } from "./lab-markdown";

const DONE_TEXT = "text-green-800 dark:text-green-300";

/** A task as the page shows it: its lesson link already resolved to the lesson's title. */
export interface LabTaskView {
  id: string;
  title: string;
  /** Markdown. */
  goal: string;
  lesson: { href: string; title: string } | null;
}

/** The tasks in order, and those done in any session of the lab. */
type Tasks = { tasks: readonly LabTaskView[]; doneEver: ReadonlySet<string> };

/** The lab's tasks: done once any session showed them done, with the open lab's live standing and hints. */
export function LabTasks({ tasks, doneEver, standing }: Tasks & { standing: Readonly<Record<string, LabTaskStatus>> }) {
  const count = tasks.filter((t) => doneEver.has(t.id)).length;
  return (
    // On a wide screen the tasks scroll on their own beside the terminal (lab-workspace.tsx).
    <section
      aria-labelledby="lab-tasks-title"
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard (2.1.1).
      tabIndex={0}
      data-testid="lab-tasks-column"
      className={
        "min-w-0 rounded-lg lg:sticky lg:top-4 lg:max-h-[calc(100vh-2rem)] lg:overflow-y-auto lg:pr-2 " +
        "focus-visible:outline-2 focus-visible:outline-brand-500"
      }
    >
      <h2 id="lab-tasks-title" className="text-xl font-semibold">
        Tasks
      </h2>
      <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="lab-tasks-count">
        {count} of {tasks.length} done
        {count === tasks.length ? ": lab finished." : "."} Each task turns green by itself once your lab shows it done.
      </p>
      <ol className="mt-3 space-y-3" data-testid="lab-tasks">
        {tasks.map((task, i) => {
          const now = standing[task.id];
          const done = doneEver.has(task.id);
          return (
            <li
              key={task.id}
              // Search links to a task by this id (lib/search/build-search-index.ts).
              id={`task-${task.id}`}
              data-task={task.id}
              data-done={String(done)}
              className={`min-w-0 rounded-lg border p-4 ${
                done
                  ? "border-green-600 bg-green-50 dark:border-green-500 dark:bg-green-950"
                  : "border-slate-200 dark:border-slate-700"
              }`}
            >
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <h3 className="font-semibold">
                  {i + 1}. {task.title}
                </h3>
                <span
                  data-testid="lab-task-status"
                  className={`text-sm font-medium ${done ? DONE_TEXT : "text-slate-600 dark:text-slate-400"}`}
                >
                  {done ? "Done ✓" : "Not yet"}
                </span>
              </div>
              <LabMarkdown text={task.goal} className="mt-2 space-y-2 leading-7" />
              {task.lesson && (
                <p className="mt-2 text-sm">
                  From the lesson:{" "}
                  <a className="underline" href={task.lesson.href}>
                    {task.lesson.title}
                  </a>
                </p>
              )}
              {/* A done task stays done: what the lab shows now (often the next task undoing it) is no hint. */}
              {now && !now.done && !done && (
                <div className="mt-2 space-y-1 text-sm" data-testid="lab-task-evidence">
                  <p className="break-words">
                    <span className="font-medium">Found:</span> {now.found}
                  </p>
                  {now.hint && (
                    <p className="break-words text-amber-800 dark:text-amber-200">
                      <span className="font-medium">Hint:</span> {now.hint}
                    </p>
                  )}
                </div>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

/** The tasks at a glance above the terminal on a narrow screen: a numbered link each, green once done. */
export function LabTaskStrip({ tasks, doneEver }: Tasks) {
  const count = tasks.filter((t) => doneEver.has(t.id)).length;
  return (
    <nav aria-label="Tasks at a glance" className="lg:hidden" data-testid="lab-task-strip">
      <ol className="flex flex-wrap items-center gap-1.5 text-sm">
        {tasks.map((task, i) => {
          const done = doneEver.has(task.id);
          return (
            <li key={task.id}>
              <a
                href={`#task-${task.id}`}
                title={task.title}
                data-done={String(done)}
                className={`inline-flex h-7 min-w-7 items-center justify-center rounded-full border px-2 font-medium ${
                  done
                    ? "border-green-700 bg-green-700 text-white"
                    : "border-slate-400 text-slate-700 dark:border-slate-500 dark:text-slate-200"
                }`}
              >
                {i + 1}
                <span className="sr-only">
                  . {task.title}: {done ? "done" : "not yet"}
                </span>
              </a>
            </li>
          );
        })}
        <li className="ml-1 text-slate-600 dark:text-slate-400">
          {count} of {tasks.length} done
        </li>
      </ol>
    </nav>
  );
}
