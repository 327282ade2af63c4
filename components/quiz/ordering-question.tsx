"use client";

import { useEffect, useRef, useState } from "react";
import type { AnswerProps } from "./question-verdict";

interface Props extends AnswerProps {
  items: { id: string; text: string }[];
  order: string[];
  onChange: (order: string[]) => void;
}

type Direction = "up" | "down";

/** An ordering question: move items with buttons (keyboard- and screen-reader-friendly, no dragging needed). */
export function OrderingQuestion({ questionId, items, order, result, disabled, onChange }: Props) {
  const byId = new Map(items.map((i) => [i.id, i]));
  const list = useRef<HTMLOListElement>(null);
  const lastMove = useRef<{ id: string; direction: Direction } | null>(null);
  const [announcement, setAnnouncement] = useState("");

  // Keep focus on the moved item; at the top or bottom its button is disabled, so the other one takes it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new order is the moment to move focus.
  useEffect(() => {
    const moved = lastMove.current;
    if (!moved || !list.current) return;
    lastMove.current = null;
    const button = (direction: Direction) =>
      list.current!.querySelector<HTMLButtonElement>(`button[data-move="${moved.id}:${direction}"]`);
    const same = button(moved.direction);
    (same && !same.disabled ? same : button(moved.direction === "up" ? "down" : "up"))?.focus();
  }, [order]);

  const move = (index: number, direction: Direction) => {
    const to = direction === "up" ? index - 1 : index + 1;
    const next = [...order];
    [next[index], next[to]] = [next[to]!, next[index]!];
    lastMove.current = { id: order[index]!, direction };
    setAnnouncement(`Moved "${byId.get(order[index]!)!.text}" to position ${to + 1} of ${order.length}.`);
    onChange(next);
  };

  return (
    <>
      <ol ref={list} className="space-y-1" aria-label={result ? "Your order" : "Current order"}>
        {order.map((id, index) => {
          const item = byId.get(id)!;
          const right = result?.placedRight?.[id];
          const border = result
            ? right
              ? "border-emerald-400"
              : "border-red-400"
            : "border-slate-200 dark:border-slate-700";
          return (
            <li key={id} data-item={id} className={`flex items-start gap-2 rounded border px-2 py-1 ${border}`}>
              <span className="w-5 shrink-0 text-right text-slate-500 dark:text-slate-400">{index + 1}.</span>
              <span className="flex-1">
                {item.text}
                {result && (
                  <span
                    className={
                      "block text-sm " +
                      (right ? "text-emerald-700 dark:text-emerald-300" : "text-red-700 dark:text-red-300")
                    }
                  >
                    <span className="font-semibold">
                      {right ? "✓ In place" : `✗ Belongs at position ${result.correctOptionIds.indexOf(id) + 1}`} —{" "}
                    </span>
                    {result.optionFeedback[id]}
                  </span>
                )}
              </span>
              {!result && (
                <span className="flex shrink-0 gap-1">
                  {(["up", "down"] as const).map((direction) => (
                    <button
                      key={direction}
                      type="button"
                      data-move={`${id}:${direction}`}
                      disabled={disabled || (direction === "up" ? index === 0 : index === order.length - 1)}
                      onClick={() => move(index, direction)}
                      aria-label={`Move "${item.text}" ${direction}`}
                      className="rounded border px-2 disabled:opacity-30"
                    >
                      {direction === "up" ? "↑" : "↓"}
                    </button>
                  ))}
                </span>
              )}
            </li>
          );
        })}
      </ol>
      {result && !result.correct && (
        <div className="text-sm" data-testid={`correct-order-${questionId}`}>
          <p className="font-semibold">The right order:</p>
          <ol className="ml-6 list-decimal">
            {result.correctOptionIds.map((id) => (
              <li key={id}>{byId.get(id)?.text}</li>
            ))}
          </ol>
        </div>
      )}
      <p aria-live="polite" className="sr-only">
        {result ? "" : announcement}
      </p>
    </>
  );
}
