import type { QuestionResult } from "@/lib/quiz/grade-answer";

/** What every kind of question takes; its grade comes back as `result`. */
export type AnswerProps = { questionId: string; result?: QuestionResult; disabled: boolean };

/** The verdict and general explanation under a graded question (option or item feedback sits beside each choice). */
export function QuestionVerdict({ result }: { result: QuestionResult }) {
  return (
    <p
      className={
        "rounded border-l-4 bg-slate-100 p-2 text-sm dark:bg-slate-800 " +
        (result.correct ? "border-emerald-500" : "border-red-500")
      }
      data-testid={`explanation-${result.questionId}`}
      data-correct={result.correct}
    >
      <strong>{result.correct ? "✓ Correct." : "✗ Not quite."}</strong> {result.explanation}
    </p>
  );
}
