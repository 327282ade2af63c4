"use client";

import { type ComponentProps, useEffect, useState } from "react";
import type { EarlyCredit, LatePolicy } from "@/lib/classes/late-policy";

type StepDraft = { days: string; credit: string; forever: boolean };

export const toPolicy = (steps: StepDraft[]): LatePolicy =>
  steps.map((s) => ({ days: s.forever ? null : Number(s.days), credit: Number(s.credit) }));

/** An early step as typed: days before the due date, and its credit above 100 %. */
type EarlyDraft = Omit<StepDraft, "forever">;

export const toEarlyCredit = (steps: EarlyDraft[]): EarlyCredit =>
  steps.map((s) => ({ days: Number(s.days), credit: Number(s.credit) }));

type Drafts = { steps: StepDraft[]; early: EarlyDraft[] };

export const toDrafts = (policy: LatePolicy, early: EarlyCredit): Drafts => ({
  steps: policy.map((s) => ({
    days: s.days === null ? "" : String(s.days),
    credit: String(s.credit),
    forever: !s.days,
  })),
  early: early.map((s) => ({ days: String(s.days), credit: String(s.credit) })),
});

const input = "w-20 rounded border border-slate-300 px-1 py-0.5 dark:border-slate-600 dark:bg-slate-900";

/**
 * The credit timeline, early steps then late ones, with the whole in words as the server will read it. The rules load
 * on first use: they bring zod, which no page loads before interaction.
 */
export function LatePolicyEditor({ value, onChange }: { value: Drafts; onChange: (value: Drafts) => void }) {
  const { steps, early } = value;
  const onEarlyChange = (changed: EarlyDraft[]) => onChange({ steps, early: changed });
  const [preview, setPreview] = useState("");
  useEffect(() => {
    let current = true;
    void import("@/lib/classes/late-policy").then(({ describeLatePolicy, earlyCreditSchema, latePolicySchema }) => {
      const late = latePolicySchema.safeParse(toPolicy(steps));
      const bonus = earlyCreditSchema.safeParse(toEarlyCredit(early));
      if (!current) return;
      const problem = (!late.success && late.error.issues[0]) || (!bonus.success && bonus.error.issues[0]);
      setPreview(
        late.success && bonus.success
          ? describeLatePolicy(late.data, bonus.data)
          : `Not valid yet: ${problem ? problem.message : ""}`,
      );
    });
    return () => {
      current = false;
    };
  }, [steps, early]);
  const changeEarly = (i: number, patch: Partial<EarlyDraft>) =>
    onEarlyChange(early.map((s, j) => (j === i ? { ...s, ...patch } : s)));

  return (
    <>
      <fieldset className="mt-3">
        <legend className="text-sm font-medium">Early work (bonus credit, optional)</legend>
        <ol className="mt-1 space-y-1 text-sm">
          {early.map((step, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: steps have no identity but their place.
            <li key={i} className="flex flex-wrap items-center gap-2">
              <StepInput
                label={`Early step ${i + 1} credit (%)`}
                min={101}
                max={200}
                value={step.credit}
                onChange={(credit) => changeEarly(i, { credit })}
              />
              % if done
              <StepInput
                label={`Early step ${i + 1} days before the due date`}
                min={0}
                step="any"
                value={step.days}
                onChange={(days) => changeEarly(i, { days })}
              />
              days or more before the due date
              <button
                type="button"
                className="underline"
                onClick={() => onEarlyChange(early.filter((_, j) => j !== i))}
              >
                remove<span className="sr-only"> early step {i + 1}</span>
              </button>
            </li>
          ))}
        </ol>
        <button
          type="button"
          className="mt-1 text-sm underline"
          onClick={() => onEarlyChange([...early, nextEarlyStep(early)])}
        >
          Add an early step
        </button>
      </fieldset>
      <LateSteps steps={steps} onChange={(changed) => onChange({ steps: changed, early })} />
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400" data-testid="late-policy-preview">
        {preview}
      </p>
    </>
  );
}

/** A later early step than the last, earning less: 3 days at 110 % first. */
function nextEarlyStep(early: EarlyDraft[]): EarlyDraft {
  const last = early.at(-1);
  if (!last) return { days: "3", credit: "110" };
  return { days: String(Math.max(0.5, Number(last.days) / 2)), credit: String(Math.max(101, Number(last.credit) - 5)) };
}

function LateSteps({ steps, onChange }: { steps: StepDraft[]; onChange: (s: StepDraft[]) => void }) {
  const change = (i: number, patch: Partial<StepDraft>) =>
    onChange(steps.map((s, j) => (j === i ? { ...s, ...patch } : s)));

  return (
    <fieldset className="mt-3">
      <legend className="text-sm font-medium">Late work</legend>
      <ol className="mt-1 space-y-1 text-sm">
        {steps.map((step, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: steps have no identity but their place.
          <li key={i} className="flex flex-wrap items-center gap-2">
            then
            <StepInput
              label={`Step ${i + 1} credit (%)`}
              min={0}
              max={100}
              value={step.credit}
              onChange={(credit) => change(i, { credit })}
            />
            % for
            <StepInput
              label={`Step ${i + 1} days`}
              min={0}
              step="any"
              value={step.days}
              disabled={step.forever}
              onChange={(days) => change(i, { days })}
            />
            days
            {i === steps.length - 1 && (
              <label className="flex items-center gap-1">
                <input
                  type="checkbox"
                  checked={step.forever}
                  onChange={(e) => change(i, { forever: e.target.checked })}
                />
                for ever
              </label>
            )}
            <button type="button" className="underline" onClick={() => onChange(steps.filter((_, j) => j !== i))}>
              remove
            </button>
          </li>
        ))}
      </ol>
      <button
        type="button"
        className="mt-1 text-sm underline"
        onClick={() =>
          onChange([...steps.map((s) => ({ ...s, forever: false })), { days: "1", credit: "50", forever: false }])
        }
      >
        Add a late step
      </button>
    </fieldset>
  );
}

/** A step's number field, named for screen readers by `label`. */
function StepInput({
  label,
  onChange,
  ...props
}: { label: string; onChange: (value: string) => void } & Omit<ComponentProps<"input">, "onChange">) {
  return (
    <input aria-label={label} type="number" onChange={(e) => onChange(e.target.value)} className={input} {...props} />
  );
}
