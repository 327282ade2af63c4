"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { Alert } from "@/components/http/alert";
import { Options } from "@/components/http/text-fields";
import { useSend } from "@/components/http/use-request";
import { describeRubricMode, possiblePoints, RUBRIC_LIMITS, type RubricMode } from "@/lib/rubrics/rubric-terms";
import type { Rubric } from "@/lib/rubrics/rubrics";

/** An item as edited: `key` is React's (the stored id, or one made here for a new item), `points` the field's text. */
type EditedItem = Omit<Rubric["items"][number], "id" | "points"> & { key: string; id?: string; points: string };

const toEdited = (items: Rubric["items"]): EditedItem[] =>
  items.map((i) => ({ key: i.id, ...i, points: String(i.points) }));

export const field = "rounded border border-slate-300 px-2 py-1 dark:border-slate-600 dark:bg-slate-900";
export const SAVE_BUTTON =
  "rounded bg-brand-600 px-3 py-1 font-medium text-white hover:bg-brand-700 disabled:opacity-60 dark:bg-sky-700 " +
  "dark:hover:bg-sky-600";
const button = "rounded border px-2 py-1 text-sm";

const MODES: Array<{ value: RubricMode; label: string }> = [
  { value: "none", label: "Does not count (kept for later)" },
  { value: "rubric", label: "The rubric alone gives the score" },
  { value: "combined", label: "Automatic score and rubric, combined" },
];

type EditorProps = { base: string; initial: Rubric; copySources: Array<{ assignmentId: string; label: string }> };

/** An assignment's rubric (its API at `base`), edited whole and saved with one button; kept items keep their marks. */
export function RubricEditor({ base, initial, copySources }: EditorProps) {
  const router = useRouter();
  const formId = useId();
  const [mode, setMode] = useState<RubricMode>(initial.mode);
  const [share, setShare] = useState(String(initial.share === 100 ? 30 : initial.share));
  const [items, setItems] = useState(() => toEdited(initial.items));
  const [copyFrom, setCopyFrom] = useState("");
  const [status, setStatus] = useState("");
  const { error, send } = useSend();
  const [made, setMade] = useState(0);
  // A new item's title takes the focus, so a keyboard goes on where the item appeared.
  const [focusKey, setFocusKey] = useState<string | null>(null);

  const change = (key: string, patch: Partial<EditedItem>) =>
    setItems((all) => all.map((i) => (i.key === key ? { ...i, ...patch } : i)));
  const move = (index: number, by: -1 | 1) =>
    setItems((all) => {
      const next = [...all];
      const [item] = next.splice(index, 1);
      if (item) next.splice(index + by, 0, item);
      return next;
    });
  const possible = possiblePoints(items.map((i) => ({ points: Number(i.points) || 0 })));

  async function save(event: React.FormEvent) {
    event.preventDefault();
    setStatus("Saving…");
    const answer = await send("PUT", base, {
      mode,
      share: Number(share),
      items: items.map(({ key: _, ...i }) => ({ ...i, points: Number(i.points) })),
    });
    setStatus(answer ? "Rubric saved." : "");
    if (!answer) return;
    router.refresh();
  }

  async function copy() {
    if (!copyFrom) return;
    const answer = await send<typeof initial>("POST", `${base}/copy`, { fromAssignmentId: copyFrom });
    if (!answer) return;
    setMode(answer.data.mode);
    setItems(toEdited(answer.data.items));
    setStatus(`Copied ${answer.data.items.length} items.`);
    router.refresh();
  }

  return (
    <div className="max-w-3xl" data-testid="rubric-editor">
      {copySources.length > 0 && (
        <div className="mb-4 flex flex-wrap items-end gap-2">
          <label className="text-sm">
            <span className="block font-medium">Copy the rubric of</span>
            <select className={field} value={copyFrom} onChange={(e) => setCopyFrom(e.target.value)}>
              <option value="">Another class's assignment of this exercise…</option>
              <Options options={copySources.map((s) => ({ value: s.assignmentId, label: s.label }))} />
            </select>
          </label>
          <button type="button" className={button} onClick={() => void copy()} disabled={!copyFrom}>
            Copy
          </button>
        </div>
      )}
      <form onSubmit={save} className="space-y-4">
        <fieldset>
          <legend className="font-medium">How the rubric counts</legend>
          {MODES.map((m) => (
            <label key={m.value} className="mt-1 flex items-center gap-2">
              <input
                type="radio"
                name={`${formId}-mode`}
                value={m.value}
                checked={mode === m.value}
                onChange={() => setMode(m.value)}
              />
              {m.label}
            </label>
          ))}
          {mode === "combined" && (
            <label className="mt-2 block">
              <span className="mr-2">The rubric&apos;s share (%)</span>
              <input
                type="number"
                min={1}
                max={99}
                required
                className={`${field} w-20`}
                value={share}
                onChange={(e) => setShare(e.target.value)}
              />
            </label>
          )}
          <p className="mt-2 text-sm text-slate-600 dark:text-slate-400" data-testid="rubric-rule">
            {describeRubricMode(mode, Number(share) || 0)} Full marks are the sum of the positive items ({possible}{" "}
            points); a negative item deducts. The rubric&apos;s part is kept within 0–100 % and earns the late credit of
            the attempt graded.
          </p>
        </fieldset>
        <fieldset>
          <legend className="font-medium">Items ({items.length})</legend>
          <ol className="mt-2 space-y-3">
            {items.map((item, index) => (
              <li key={item.key} className="rounded border border-slate-200 p-3 dark:border-slate-700">
                <div className="flex flex-wrap items-end gap-2">
                  <label className="grow">
                    <span className="block text-sm">Item {index + 1}: title</span>
                    <input
                      ref={(element) => {
                        if (element && item.key === focusKey) {
                          element.focus();
                          setFocusKey(null);
                        }
                      }}
                      required
                      maxLength={RUBRIC_LIMITS.titleChars}
                      className={`${field} w-full`}
                      value={item.title}
                      onChange={(e) => change(item.key, { title: e.target.value })}
                    />
                  </label>
                  <label>
                    <span className="block text-sm">Points</span>
                    <input
                      type="number"
                      required
                      step={1}
                      min={-RUBRIC_LIMITS.points}
                      max={RUBRIC_LIMITS.points}
                      className={`${field} w-24`}
                      value={item.points}
                      onChange={(e) => change(item.key, { points: e.target.value })}
                    />
                  </label>
                </div>
                <label className="mt-2 block">
                  <span className="block text-sm">Feedback the learner reads when it is applied</span>
                  <textarea
                    rows={2}
                    maxLength={RUBRIC_LIMITS.feedbackChars}
                    className={`${field} w-full`}
                    value={item.feedback}
                    onChange={(e) => change(item.key, { feedback: e.target.value })}
                  />
                </label>
                <div className="mt-2 flex gap-2">
                  {(
                    [
                      ["Move up", index === 0, () => move(index, -1)],
                      ["Move down", index === items.length - 1, () => move(index, 1)],
                      ["Remove", false, () => setItems((all) => all.filter((i) => i.key !== item.key))],
                    ] as const
                  ).map(([label, disabled, onClick]) => (
                    <button key={label} type="button" className={button} disabled={disabled} onClick={onClick}>
                      {label}
                      <span className="sr-only"> item {index + 1}</span>
                    </button>
                  ))}
                </div>
              </li>
            ))}
          </ol>
          <button
            type="button"
            className={`${button} mt-2`}
            disabled={items.length >= RUBRIC_LIMITS.items}
            onClick={() => {
              setItems((all) => [...all, { key: `new-${made}`, title: "", points: "1", feedback: "" }]);
              setFocusKey(`new-${made}`);
              setMade((n) => n + 1);
            }}
          >
            Add an item
          </button>
        </fieldset>
        <button type="submit" className={SAVE_BUTTON}>
          Save the rubric
        </button>
        <p role="status" aria-live="polite" className="text-sm" data-testid="rubric-editor-status">
          {status}
        </p>
        <Alert message={error} />
      </form>
    </div>
  );
}
