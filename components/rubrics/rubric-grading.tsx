"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { Alert } from "@/components/http/alert";
import { useSend } from "@/components/http/use-request";
import { LocalTime } from "@/components/local-time/local-time";
import { submissionPath } from "@/components/submission-paths/submission-paths";
import { describeRubricMode, possiblePoints } from "@/lib/rubrics/rubric-terms";
import type { RubricPanel } from "@/lib/rubrics/rubrics";
import { signedPoints } from "./points";
import { field, SAVE_BUTTON } from "./rubric-editor";

/** What the grading box needs of one assignment's rubric and the learner's grade, as JSON. */
type GradingPanel = Omit<RubricPanel, "grade"> & {
  grade: (Omit<NonNullable<RubricPanel["grade"]>, "gradedAt"> & { gradedAt: string }) | null;
};

/** Carries "Saved" across "Save and next learner" to the next learner's page, where the box takes the focus. */
const HANDOVER_KEY = "dockyard-rubric-handover";

type GradingProps = { panel: GradingPanel; submissionId: string; learnerName: string };

/**
 * Grading one learner's submission by a rubric, keyboard first: Ctrl+Enter (⌘+Enter) anywhere in the box saves and
 * opens the next learner, whose box then has the focus; a modifier key, so typing never triggers it (WCAG 2.1.4).
 */
export function RubricGrading({ panel, submissionId, learnerName }: GradingProps) {
  const router = useRouter();
  const [applied, setApplied] = useState(() => new Set(panel.grade?.itemIds ?? []));
  const [comment, setComment] = useState(panel.grade?.comment ?? "");
  const [status, setStatus] = useState("");
  const { busy: saving, error, send } = useSend();
  const first = useRef<HTMLInputElement>(null);
  const headingId = `rubric-${panel.assignmentId}`;

  useEffect(() => {
    const raw = sessionStorage.getItem(HANDOVER_KEY);
    if (!raw) return;
    const handover = JSON.parse(raw) as { assignmentId: string; message: string };
    if (handover.assignmentId !== panel.assignmentId) return;
    sessionStorage.removeItem(HANDOVER_KEY);
    setStatus(handover.message);
    first.current?.focus();
  }, [panel.assignmentId]);

  const earned = panel.items.filter((i) => applied.has(i.id)).reduce((sum, i) => sum + i.points, 0);
  const possible = possiblePoints(panel.items);

  async function save(thenNext: boolean) {
    if (saving) return;
    setStatus("Saving…");
    const answer = await send<{ next: { name: string; submissionId: string } | null }>(
      "PUT",
      `/api/instructor/classes/${panel.classId}/assignments/${panel.assignmentId}/rubric/grades`,
      { submissionId, itemIds: [...applied], comment },
    );
    if (!answer) return setStatus("");
    const saved = `Saved ${learnerName}'s grade: ${earned} of ${possible} points.`;
    const next = answer.data.next;
    if (thenNext && next) {
      sessionStorage.setItem(
        HANDOVER_KEY,
        JSON.stringify({ assignmentId: panel.assignmentId, message: `${saved} Now grading ${next.name}.` }),
      );
      router.push(submissionPath(next.submissionId));
      return;
    }
    setStatus(thenNext ? `${saved} No learner after ${learnerName} has an attempt to grade.` : saved);
    router.refresh();
  }

  return (
    <section
      aria-labelledby={headingId}
      className="mt-8"
      data-testid="rubric-grading"
      data-assignment={panel.assignmentId}
    >
      <h2 id={headingId} className="text-2xl font-semibold">
        Rubric <span className="font-normal text-slate-500 dark:text-slate-400">· {panel.className}</span>
      </h2>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        {describeRubricMode(panel.mode, panel.share)} The learner sees the items applied, their feedback and your
        comment.
      </p>
      {panel.grade && (
        <p className="mt-1 text-sm" data-testid="rubric-graded">
          Graded by {panel.grade.graderName}, <LocalTime iso={panel.grade.gradedAt} />
          {panel.gradedThisAttempt ? "" : ", on another attempt: saving here grades this one instead"}.
        </p>
      )}
      {!panel.canGrade ? (
        <p className="mt-2 text-sm">The class is archived: its grades are kept as they are.</p>
      ) : (
        <form
          className="mt-3 max-w-3xl space-y-3"
          onSubmit={(event) => {
            event.preventDefault();
            void save(false);
          }}
          onKeyDown={(event) => {
            if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
              event.preventDefault();
              void save(true);
            }
          }}
        >
          <fieldset>
            <legend className="font-medium">Items applied</legend>
            <ul className="mt-1 space-y-2">
              {panel.items.map((item, index) => (
                <li key={item.id}>
                  <label className="flex items-start gap-2">
                    <input
                      ref={index === 0 ? first : undefined}
                      type="checkbox"
                      className="mt-1"
                      checked={applied.has(item.id)}
                      aria-describedby={`${headingId}-${item.id}`}
                      onChange={(event) => {
                        const nextApplied = new Set(applied);
                        nextApplied[event.target.checked ? "add" : "delete"](item.id);
                        setApplied(nextApplied);
                      }}
                    />
                    <span>
                      {item.title} <span className="tabular-nums">({signedPoints(item.points)})</span>
                    </span>
                  </label>
                  <p id={`${headingId}-${item.id}`} className="ml-6 text-sm text-slate-600 dark:text-slate-400">
                    {item.feedback}
                  </p>
                </li>
              ))}
            </ul>
          </fieldset>
          <p className="text-sm tabular-nums" data-testid="rubric-points">
            {earned} of {possible} points
          </p>
          <label className="block">
            <span className="block font-medium">Comment for the learner (optional)</span>
            <textarea
              className={`${field} mt-1 w-full`}
              rows={3}
              maxLength={5000}
              value={comment}
              onChange={(event) => setComment(event.target.value)}
            />
          </label>
          <div className="flex flex-wrap items-center gap-3">
            <button type="submit" className="rounded border px-3 py-1" disabled={saving}>
              Save
            </button>
            <button
              type="button"
              className={SAVE_BUTTON}
              disabled={saving}
              aria-keyshortcuts="Control+Enter Meta+Enter"
              onClick={() => void save(true)}
            >
              Save and next learner
            </button>
            <span className="text-sm text-slate-600 dark:text-slate-400">
              Shortcut: <kbd>Ctrl</kbd>+<kbd>Enter</kbd> (<kbd>⌘</kbd>+<kbd>Enter</kbd> on a Mac)
            </span>
          </div>
          <p role="status" aria-live="polite" className="text-sm" data-testid="rubric-status">
            {status}
          </p>
          <Alert message={error} />
        </form>
      )}
    </section>
  );
}
