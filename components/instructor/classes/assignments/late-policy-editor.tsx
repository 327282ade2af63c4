"use client";

import { useEffect, useState } from "react";
import type { LatePolicy } from "@/lib/classes/late-policy";

export interface StepDraft {
  days: string;
  credit: string;
  forever: boolean;
}

export function toDrafts(policy: LatePolicy): StepDraft[] {
  return policy.map((s) => ({
    days: s.days === null ? "" : String(s.days),
    credit: String(s.credit),
    forever: !s.days,
  }));
}

export function toPolicy(steps: StepDraft[]): LatePolicy {
  return steps.map((s) => ({ days: s.forever ? null : Number(s.days), credit: Number(s.credit) }));
}

const input = "w-20 rounded border border-slate-300 px-1 py-0.5 dark:border-slate-600 dark:bg-slate-900";

/**
 * The credit timeline after the due date, step by step, with the timeline in words as the server will read it. The
 * rules load on first use (they bring zod, which no page loads before interaction).
 */
export function LatePolicyEditor({ steps, onChange }: { steps: StepDraft[]; onChange: (s: StepDraft[]) => void }) {
  const [preview, setPreview] = useState("");
  useEffect(() => {
    let current = true;
    void import("@/lib/classes/late-policy").then(({ describeLatePolicy, latePolicySchema }) => {
      const parsed = latePolicySchema.safeParse(toPolicy(steps));
      if (!current) return;
      setPreview(
        parsed.success ? describeLatePolicy(parsed.data) : `Not valid yet: ${parsed.error.issues[0]?.message ?? ""}`,
      );
    });
    return () => {
      current = false;
    };
  }, [steps]);

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
            <input
              aria-label={`Step ${i + 1} credit (%)`}
              type="number"
              min={0}
              max={100}
              value={step.credit}
              onChange={(e) => change(i, { credit: e.target.value })}
              className={input}
            />
            % for
            <input
              aria-label={`Step ${i + 1} days`}
              type="number"
              min={0}
              step="any"
              value={step.days}
              disabled={step.forever}
              onChange={(e) => change(i, { days: e.target.value })}
              className={input}
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
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400" data-testid="late-policy-preview">
        {preview}
      </p>
    </fieldset>
  );
}
