"use client";

import Link from "next/link";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { ProblemBox } from "@/components/auth/institution-sign-in";
import { useLessonVisit } from "@/components/course/lesson-visit";
import { ReaderDeadlineBanner } from "@/components/due/reader-deadline-banner";
import { useSend } from "@/components/http/use-request";
import { TimedPanel } from "@/components/timed/timed-panel";
import { useViewer } from "@/components/viewer/viewer";
import type { QuizGrade } from "@/lib/quiz/grade-answer";
import type { PublicQuiz } from "@/lib/quiz/public-quiz";
import { ChoiceQuestion } from "./choice-question";
import { OrderingQuestion } from "./ordering-question";
import { QuestionSnippet } from "./question-snippet";
import { QuestionVerdict } from "./question-verdict";

const HINTS = {
  single: "",
  multiple: "(choose all that apply)",
  ordering: "(put in order)",
  predict: "(predict, then see)",
} as const;

// An ordering question always has an answer: the order currently shown.
function initialAnswers(quiz: PublicQuiz): Record<string, string[]> {
  return Object.fromEntries(
    quiz.questions.flatMap((q) => (q.kind === "ordering" ? [[q.id, q.items.map((i) => i.id)]] : [])),
  );
}

export function QuizPanel({ quiz, lessonSlug }: { quiz: PublicQuiz; lessonSlug: string }) {
  const { viewer } = useViewer();
  const { visit, quizAnswered } = useLessonVisit();
  const [answers, setAnswers] = useState<Record<string, string[]>>(() => initialAnswers(quiz));
  const [grade, setGrade] = useState<QuizGrade | null>(null);
  const { busy: pending, error, send } = useSend();
  // quizAnswered() replaces it after each attempt here, so a retry shows the attempt just made.
  const lastScore = visit?.lastAttempt;
  const form = useRef<HTMLFormElement>(null);
  const score = useRef<HTMLParagraphElement>(null);
  // The button pressed is replaced by the other: focus moves to the score once graded, or back to the first question.
  const moveFocus = useRef(false);
  useEffect(() => {
    if (!moveFocus.current) return;
    moveFocus.current = false;
    if (grade) score.current?.focus();
    else form.current?.querySelector<HTMLElement>("fieldset input:not(:disabled), fieldset button")?.focus();
  }, [grade]);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const reply = await send<QuizGrade>(
      "POST",
      "/api/quiz-attempts",
      { lessonSlug, answers },
      "The quiz could not be graded",
      "The quiz could not be sent. Check your connection and try again.",
    );
    if (!reply) return;
    const graded = reply.data;
    moveFocus.current = true;
    setGrade(graded);
    quizAnswered({ correct: graded.correct, total: graded.total });
  }

  function retry() {
    moveFocus.current = true;
    setGrade(null);
    setAnswers(initialAnswers(quiz));
  }

  if (!viewer?.user) {
    return (
      <section
        aria-labelledby="quiz-heading"
        className="my-8 rounded-lg border border-slate-200 p-5 dark:border-slate-700"
      >
        <h3 id="quiz-heading" className="text-lg font-semibold">
          Quiz: {quiz.questions.length} questions
        </h3>
        {viewer ? (
          <p className="mt-2">
            <Link className="underline" href={`/sign-in?next=/lessons/${lessonSlug}`}>
              Sign in
            </Link>{" "}
            to answer the quiz and keep your results.
          </p>
        ) : (
          // The page is the same for everyone; whether this reader may answer is known a moment after it shows.
          <p className="mt-2 text-slate-500 dark:text-slate-400">Loading the quiz…</p>
        )}
      </section>
    );
  }

  const results = new Map(grade?.questions.map((q) => [q.questionId, q]));
  const set = (questionId: string) => (value: string[]) => setAnswers((prev) => ({ ...prev, [questionId]: value }));
  return (
    <form
      ref={form}
      onSubmit={onSubmit}
      aria-labelledby="quiz-heading"
      className="my-8 space-y-6 rounded-lg border border-slate-200 p-5 dark:border-slate-700"
      data-testid="quiz"
    >
      <h3 id="quiz-heading" className="text-lg font-semibold">
        Quiz
      </h3>
      <ReaderDeadlineBanner kind="quiz" itemSlug={lessonSlug} />
      <TimedPanel kind="quiz" itemSlug={lessonSlug} heading="h4" />
      {lastScore && !grade && (
        <p className="text-sm text-slate-600 dark:text-slate-400">
          Your last attempt: {lastScore.correct} of {lastScore.total} correct.
        </p>
      )}
      {quiz.questions.map((question, index) => {
        const result = results.get(question.id);
        const answer = answers[question.id] ?? [];
        const common = { questionId: question.id, result, disabled: !!grade, onChange: set(question.id) };
        return (
          <fieldset key={question.id} className="space-y-2" data-question={question.id} data-kind={question.kind}>
            <legend className="font-medium">
              {index + 1}. {question.prompt}
              {HINTS[question.kind] && (
                <span className="ml-2 text-sm font-normal text-slate-500 dark:text-slate-400">
                  {HINTS[question.kind]}
                </span>
              )}
            </legend>
            {question.snippet && <QuestionSnippet snippet={question.snippet} />}
            {question.kind === "ordering" ? (
              <OrderingQuestion {...common} items={question.items} order={answer} />
            ) : (
              <ChoiceQuestion {...common} kind={question.kind} options={question.options} chosen={answer} />
            )}
            {result && <QuestionVerdict result={result} />}
          </fieldset>
        );
      })}
      <ProblemBox problem={error} />
      {grade ? (
        <div className="flex items-center gap-4">
          <p ref={score} tabIndex={-1} role="status" className="font-semibold" data-testid="quiz-score">
            You got {grade.correct} of {grade.total} right.
          </p>
          <button type="button" className="rounded border px-3 py-1.5" onClick={retry}>
            Try again
          </button>
        </div>
      ) : (
        <button
          type="submit"
          disabled={pending}
          className="rounded bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60"
        >
          {pending ? "Checking…" : "Check answers"}
        </button>
      )}
    </form>
  );
}
