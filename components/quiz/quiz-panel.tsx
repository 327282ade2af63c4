"use client";

import Link from "next/link";
import { useState, type FormEvent } from "react";
import type { PublicQuiz } from "@/lib/quiz/public-quiz";
import type { QuizGrade } from "@/lib/quiz/grade-answer";

interface Props {
  quiz: PublicQuiz;
  lessonSlug: string;
  signedIn: boolean;
  previousScore?: { correct: number; total: number };
}

export function QuizPanel({ quiz, lessonSlug, signedIn, previousScore }: Props) {
  const [answers, setAnswers] = useState<Record<string, string[]>>({});
  const [grade, setGrade] = useState<QuizGrade | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  function choose(questionId: string, optionId: string, multiple: boolean, checked: boolean) {
    setAnswers((prev) => {
      const current = prev[questionId] ?? [];
      const next = multiple ? (checked ? [...current, optionId] : current.filter((id) => id !== optionId)) : [optionId];
      return { ...prev, [questionId]: next };
    });
  }

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setPending(true);
    setError(null);
    const response = await fetch("/api/quiz-attempts", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ lessonSlug, answers }),
    });
    const body = await response.json().catch(() => ({}));
    setPending(false);
    if (!response.ok) {
      setError(body?.error?.message ?? `The quiz could not be graded (HTTP ${response.status}).`);
      return;
    }
    setGrade(body as QuizGrade);
  }

  if (!signedIn) {
    return (
      <section aria-labelledby="quiz-heading" className="my-8 rounded-lg border border-slate-200 p-5 dark:border-slate-700">
        <h3 id="quiz-heading" className="text-lg font-semibold">Quiz: {quiz.questions.length} questions</h3>
        <p className="mt-2">
          <Link className="underline" href={`/sign-in?next=/lessons/${lessonSlug}`}>Sign in</Link> to answer the quiz and keep your results.
        </p>
      </section>
    );
  }

  const results = new Map(grade?.questions.map((q) => [q.questionId, q]));
  return (
    <form onSubmit={onSubmit} aria-labelledby="quiz-heading" className="my-8 space-y-6 rounded-lg border border-slate-200 p-5 dark:border-slate-700" data-testid="quiz">
      <h3 id="quiz-heading" className="text-lg font-semibold">Quiz</h3>
      {previousScore && !grade && (
        <p className="text-sm text-slate-600 dark:text-slate-400">Your last attempt: {previousScore.correct} of {previousScore.total} correct.</p>
      )}
      {quiz.questions.map((question, index) => {
        const result = results.get(question.id);
        return (
          <fieldset key={question.id} className="space-y-2" data-question={question.id}>
            <legend className="font-medium">
              {index + 1}. {question.prompt}
              {question.kind === "multiple" && <span className="ml-2 text-sm font-normal text-slate-500">(choose all that apply)</span>}
            </legend>
            {question.options.map((option) => {
              const selected = (answers[question.id] ?? []).includes(option.id);
              const isCorrect = result?.correctOptionIds.includes(option.id);
              return (
                <div key={option.id} className="rounded border border-transparent px-2 py-1">
                  <label className="flex cursor-pointer items-start gap-2">
                    <input
                      type={question.kind === "multiple" ? "checkbox" : "radio"}
                      name={question.id}
                      value={option.id}
                      checked={selected}
                      disabled={!!grade}
                      onChange={(e) => choose(question.id, option.id, question.kind === "multiple", e.target.checked)}
                      className="mt-1"
                    />
                    <span>{option.text}</span>
                  </label>
                  {result && (selected || isCorrect) && (
                    <p className={`ml-6 text-sm ${isCorrect ? "text-emerald-700 dark:text-emerald-300" : "text-red-700 dark:text-red-300"}`}>
                      <span className="font-semibold">{optionVerdict(selected, !!isCorrect)} — </span>
                      {result.optionFeedback[option.id]}
                    </p>
                  )}
                </div>
              );
            })}
            {result && (
              <p className="rounded bg-slate-100 p-2 text-sm dark:bg-slate-800" data-testid={`explanation-${question.id}`}>
                <strong>{result.correct ? "Correct." : "Not quite."}</strong> {result.explanation}
              </p>
            )}
          </fieldset>
        );
      })}
      {error && <p role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200">{error}</p>}
      {grade ? (
        <div className="flex items-center gap-4">
          <p role="status" className="font-semibold" data-testid="quiz-score">
            You got {grade.correct} of {grade.total} right.
          </p>
          <button type="button" className="rounded border px-3 py-1.5" onClick={() => { setGrade(null); setAnswers({}); }}>
            Try again
          </button>
        </div>
      ) : (
        <button type="submit" disabled={pending} className="rounded bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60">
          {pending ? "Checking…" : "Check answers"}
        </button>
      )}
    </form>
  );
}

/** Says whether the learner picked the option, so a missed right answer reads differently from a wrong pick. */
function optionVerdict(selected: boolean, correct: boolean): string {
  if (selected) return correct ? "✓ Your answer" : "✗ Your answer";
  return "○ Also correct, not chosen";
}
