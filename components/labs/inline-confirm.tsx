"use client";

import { useEffect, useId, useReducer, useRef } from "react";
import { Alert } from "@/components/http/alert";

/*
 * A button whose act needs a second yes, asked in the page rather than with window.confirm: a screen reader reads
 * the question, the keyboard reaches both answers, Escape cancels, and focus goes back to the button that asked.
 */

/** "failed": the act was refused; the button is offered again with the reason beside it. */
export type ConfirmStep = { kind: "idle" | "asking" | "busy" } | { kind: "failed"; message: string };

export type ConfirmEvent = { type: "ask" | "cancel" | "confirm" | "done" } | { type: "failed"; message: string };

/** The steps of a confirmation: nothing happens without "confirm" while asking, and a busy act is not cancelled. */
export function confirmStep(step: ConfirmStep, event: ConfirmEvent): ConfirmStep {
  switch (event.type) {
    case "ask":
      return step.kind === "busy" ? step : { kind: "asking" };
    case "cancel":
      return step.kind === "asking" ? { kind: "idle" } : step;
    case "confirm":
      return step.kind === "asking" ? { kind: "busy" } : step;
    case "failed":
      return step.kind === "busy" ? { kind: "failed", message: event.message } : step;
    case "done":
      return step.kind === "busy" ? { kind: "idle" } : step;
  }
}

export interface InlineConfirmProps {
  /** The button that asks. */
  label: string;
  /** Its accessible name where `label` alone is ambiguous (one per row); it starts with `label`. */
  ariaLabel?: string;
  /** Its test id; the answers get `confirm-<testId>` and `cancel-<testId>`. */
  testId: string;
  /** The question, saying what the act does and what it cannot undo. */
  question: string;
  /** The button that does it ("Yes, delete it"). */
  confirmLabel: string;
  /** Shown on the Yes button while the act runs. */
  busyLabel?: string;
  /** Does the act: a refusal's message to show, or nothing once it is done. */
  onConfirm: () => Promise<string | null>;
  /** The look of the button that asks (the answers have their own). */
  className?: string;
}

const ANSWER =
  "rounded px-3 py-1 text-sm font-medium focus-visible:outline-2 focus-visible:outline-offset-2 " +
  "disabled:opacity-60";
const YES = `${ANSWER} bg-red-700 text-white hover:bg-red-800 dark:bg-red-600 dark:hover:bg-red-700`;
const CANCEL =
  `${ANSWER} border border-slate-300 hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800 ` +
  "dark:text-slate-100";

/** What InlineConfirm shows at each step; without state, so each step can be rendered on its own. */
export function InlineConfirmView({
  step,
  ids,
  refs,
  onAsk,
  onCancel,
  onConfirm,
  busyLabel = "Working…",
  testId,
  ...text
}: Omit<InlineConfirmProps, "onConfirm"> & {
  step: ConfirmStep;
  ids: { group: string; question: string };
  refs?: { trigger?: React.Ref<HTMLButtonElement>; question?: React.Ref<HTMLLegendElement> };
  onAsk: () => void;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  const busy = step.kind === "busy";
  const asking = step.kind === "asking" || busy;
  return (
    <div className="space-y-2">
      <button
        ref={refs?.trigger}
        type="button"
        data-testid={testId}
        aria-label={text.ariaLabel}
        aria-expanded={asking}
        aria-controls={asking ? ids.group : undefined}
        disabled={busy}
        onClick={onAsk}
        className={text.className}
      >
        {text.label}
      </button>
      {asking && (
        // A fieldset named by its legend reads its answers as one group; Escape in it cancels, as a dialog's would.
        <fieldset
          id={ids.group}
          data-testid={`${testId}-question`}
          onKeyDown={(event) => {
            if (event.key === "Escape") onCancel();
          }}
          className="space-y-2 rounded border border-red-300 bg-red-50 p-3 dark:border-red-800 dark:bg-red-950"
        >
          <legend
            ref={refs?.question}
            id={ids.question}
            tabIndex={-1}
            className="float-left text-sm focus:outline-none"
          >
            {text.question}
          </legend>
          <div className="clear-left flex flex-wrap gap-2 pt-2">
            {[
              { answer: "confirm", onClick: onConfirm, look: YES, text: busy ? busyLabel : text.confirmLabel },
              { answer: "cancel", onClick: onCancel, look: CANCEL, text: "Cancel" },
            ].map((button) => (
              <button
                key={button.answer}
                type="button"
                data-testid={`${button.answer}-${testId}`}
                disabled={busy}
                onClick={button.onClick}
                className={button.look}
              >
                {button.text}
              </button>
            ))}
          </div>
        </fieldset>
      )}
      <Alert className="text-sm" message={step.kind === "failed" ? step.message : null} testId={`${testId}-error`} />
    </div>
  );
}

/** A button that asks before it acts (see the top of this file). */
export function InlineConfirm({ onConfirm, ...props }: InlineConfirmProps) {
  const [step, dispatch] = useReducer(confirmStep, { kind: "idle" });
  const id = useId();
  const ids = { group: `${id}-confirm`, question: `${id}-question` };
  const trigger = useRef<HTMLButtonElement>(null);
  const question = useRef<HTMLLegendElement>(null);
  // The question is read out as it appears. Cancelled or refused, focus goes back to the button (after the render:
  // disabled while the act runs, it takes no focus); done, the caller says where (what it acted on may be gone).
  const refocus = useRef(false);
  useEffect(() => {
    if (step.kind === "asking") question.current?.focus();
    if (refocus.current && step.kind !== "busy") {
      refocus.current = false;
      trigger.current?.focus();
    }
  }, [step.kind]);

  function cancel() {
    if (step.kind !== "asking") return;
    refocus.current = true;
    dispatch({ type: "cancel" });
  }

  async function confirm() {
    dispatch({ type: "confirm" });
    const problem = await onConfirm().catch(() => "The server could not be reached. Please try again.");
    refocus.current = problem !== null;
    dispatch(problem ? { type: "failed", message: problem } : { type: "done" });
  }

  return (
    <InlineConfirmView
      {...props}
      step={step}
      ids={ids}
      refs={{ trigger, question }}
      onAsk={() => dispatch({ type: "ask" })}
      onCancel={cancel}
      onConfirm={() => void confirm()}
    />
  );
}
