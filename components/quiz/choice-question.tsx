"use client";

import { QuestionSnippet } from "./question-snippet";
import type { AnswerProps } from "./question-verdict";

interface Props extends AnswerProps {
  kind: "single" | "multiple" | "predict";
  options: { id: string; text: string }[];
  chosen: string[];
  onChange: (chosen: string[]) => void;
}

/** Single choice (radios), multiple choice (checkboxes), and the prediction half of predict-then-reveal. */
export function ChoiceQuestion({ questionId, kind, options, chosen, result, disabled, onChange }: Props) {
  const multiple = kind === "multiple";
  const prediction = kind === "predict";
  const pick = (id: string, on: boolean) =>
    onChange(!multiple ? [id] : on ? [...chosen, id] : chosen.filter((c) => c !== id));
  return (
    <>
      {prediction && !result && (
        <p className="text-sm text-slate-500 dark:text-slate-400">
          Make your prediction; what really happens is revealed when you check your answers.
        </p>
      )}
      {/* biome-ignore lint/a11y/useAriaPropsSupportedByRole: both roles take a label;
          the rule cannot read a conditional role. */}
      <div role={multiple ? "group" : "radiogroup"} aria-label={prediction ? "Your prediction" : undefined}>
        {options.map((option) => {
          const selected = chosen.includes(option.id);
          const isCorrect = !!result?.correctOptionIds.includes(option.id);
          return (
            <div key={option.id} className="rounded border border-transparent px-2 py-1" data-option={option.id}>
              <label className="flex cursor-pointer items-start gap-2">
                <input
                  type={multiple ? "checkbox" : "radio"}
                  name={questionId}
                  value={option.id}
                  checked={selected}
                  disabled={disabled}
                  onChange={(e) => pick(option.id, e.target.checked)}
                  className="mt-1"
                />
                <span>{option.text}</span>
              </label>
              {/* Every option's feedback is shown: knowing why a tempting wrong answer is wrong is half the lesson. */}
              {result && (
                <p
                  className={`ml-6 text-sm ${verdictColour(selected, isCorrect)}`}
                  data-testid={`feedback-${questionId}-${option.id}`}
                >
                  <span className="font-semibold">{optionVerdict(kind, selected, isCorrect)} — </span>
                  {result.optionFeedback[option.id]}
                </p>
              )}
            </div>
          );
        })}
      </div>
      {result?.reveal && (
        <div data-testid={`reveal-${questionId}`}>
          <QuestionSnippet snippet={result.reveal} label="What actually happens" />
        </div>
      )}
    </>
  );
}

function verdictColour(selected: boolean, correct: boolean): string {
  if (correct) return "text-emerald-700 dark:text-emerald-300";
  return selected ? "text-red-700 dark:text-red-300" : "text-slate-600 dark:text-slate-400";
}

/** Says whether the learner picked the option, so a missed right answer reads differently from a wrong pick. */
function optionVerdict(kind: Props["kind"], selected: boolean, correct: boolean): string {
  const yours = kind === "predict" ? "Your prediction" : "Your answer";
  if (selected) return correct ? `✓ ${yours}` : `✗ ${yours}`;
  if (!correct) return "Not chosen";
  return { single: "○ The right answer", multiple: "○ Also correct, not chosen", predict: "○ What happens" }[kind];
}
