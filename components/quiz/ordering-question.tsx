"use client";

import type { QuestionResult } from "@/lib/quiz/grade-answer";

interface Props {
  items: { id: string; text: string }[];
  order: string[];
  result?: QuestionResult;
  disabled: boolean;
  onChange: (order: string[]) => void;
}

/** An ordering question: move items with buttons (keyboard- and screen-reader-friendly, no dragging needed). */
export function OrderingQuestion({ items, order, result, disabled, onChange }: Props) {
  const byId = new Map(items.map((i) => [i.id, i]));
  const move = (index: number, by: -1 | 1) => {
    const next = [...order];
    [next[index], next[index + by]] = [next[index + by]!, next[index]!];
    onChange(next);
  };
  return (
    <>
      <ol className="space-y-1" aria-label="Current order">
        {order.map((id, index) => {
          const item = byId.get(id)!;
          const right = result?.placedRight?.[id];
          return (
            <li key={id} className={`flex items-start gap-2 rounded border px-2 py-1 ${result ? (right ? "border-emerald-400" : "border-red-400") : "border-slate-200 dark:border-slate-700"}`}>
              <span className="w-5 shrink-0 text-right text-slate-500">{index + 1}.</span>
              <span className="flex-1">
                {item.text}
                {result && (
                  <span className={`block text-sm ${right ? "text-emerald-700 dark:text-emerald-300" : "text-red-700 dark:text-red-300"}`}>
                    <span className="font-semibold">{right ? "✓ In place" : `✗ Belongs at position ${result.correctOptionIds.indexOf(id) + 1}`} — </span>
                    {result.optionFeedback[id]}
                  </span>
                )}
              </span>
              {!result && (
                <span className="flex shrink-0 gap-1">
                  <button type="button" disabled={disabled || index === 0} onClick={() => move(index, -1)} aria-label={`Move "${item.text}" up`} className="rounded border px-2 disabled:opacity-30">↑</button>
                  <button type="button" disabled={disabled || index === order.length - 1} onClick={() => move(index, 1)} aria-label={`Move "${item.text}" down`} className="rounded border px-2 disabled:opacity-30">↓</button>
                </span>
              )}
            </li>
          );
        })}
      </ol>
    </>
  );
}
