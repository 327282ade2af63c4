"use client";

import type { QuestionResult } from "@/lib/quiz/grade-answer";
import { QuestionSnippet } from "./question-snippet";

interface Props {
  questionId: string;
  kind: "single" | "multiple" | "predict";
  options: { id: string; text: string }[];
  chosen: string[];
  result?: QuestionResult;
  disabled: boolean;
  onChange: (chosen: string[]) => void;
}

/** Single choice, multiple choice, and the prediction half of predict-then-reveal. */
export function ChoiceQuestion({ questionId, kind, options, chosen, result, disabled, onChange }: Props) {
  const multiple = kind === "multiple";
  return (
    <>
      {kind === "predict" && !result && <p className="text-sm text-slate-500">Make your prediction; what really happens is revealed when you check your answers.</p>}
      {options.map((option) => {
        const selected = chosen.includes(option.id);
        const isCorrect = result?.correctOptionIds.includes(option.id);
        return (
          <div key={option.id} className="rounded border border-transparent px-2 py-1">
            <label className="flex cursor-pointer items-start gap-2">
              <input
                type={multiple ? "checkbox" : "radio"}
                name={questionId}
                value={option.id}
                checked={selected}
                disabled={disabled}
                onChange={(e) => onChange(multiple ? (e.target.checked ? [...chosen, option.id] : chosen.filter((id) => id !== option.id)) : [option.id])}
                className="mt-1"
              />
              <span>{option.text}</span>
            </label>
            {result && (selected || isCorrect) && (
              <p className={`ml-6 text-sm ${isCorrect ? "text-emerald-700 dark:text-emerald-300" : "text-red-700 dark:text-red-300"}`}>
                <span className="font-semibold">{optionVerdict(selected, !!isCorrect, kind === "predict")} — </span>
                {result.optionFeedback[option.id]}
              </p>
            )}
          </div>
        );
      })}
      {result?.reveal && (
        <div data-testid={`reveal-${questionId}`}>
          <QuestionSnippet snippet={result.reveal} label="What actually happens" />
        </div>
      )}
    </>
  );
}

/** Says whether the learner picked the option, so a missed right answer reads differently from a wrong pick. */
function optionVerdict(selected: boolean, correct: boolean, prediction: boolean): string {
  const yours = prediction ? "Your prediction" : "Your answer";
  if (selected) return correct ? `✓ ${yours}` : `✗ ${yours}`;
  return prediction ? "○ What happens" : "○ Also correct, not chosen";
}
