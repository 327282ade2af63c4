import type { QuestionStats } from "@/lib/instructor/quiz-stats";
import { ShareBar } from "../charts/share-bar";
import { FLAGS, FlagBadge } from "./flag";
import { formatCount, formatPercent, plural } from "./format";

const KIND: Record<QuestionStats["kind"], string> = {
  single: "Single choice",
  multiple: "Multiple choice",
  predict: "Predict, then reveal",
  ordering: "Ordering",
};

const cell = "px-3 py-1.5 align-top";

/** One question: how many answered it fully right, its flag, and what learners chose. */
export function QuestionStatsCard({ question, number }: { question: QuestionStats; number: number }) {
  const titleId = `question-${question.id}-title`;
  return (
    <section
      aria-labelledby={titleId}
      data-testid={`quiz-question-${question.id}`}
      data-flag={question.flag}
      data-answered={question.answered}
      data-fully-right={question.fullyRight}
      className="rounded-lg border border-slate-200 p-4 dark:border-slate-800"
    >
      <p className="text-xs uppercase text-slate-500">
        Question {number} · {KIND[question.kind]}
      </p>
      <h3 id={titleId} className="mt-1 font-semibold">
        {question.prompt}
      </h3>
      <p className="mt-2 flex flex-wrap items-center gap-2 text-sm" data-testid="question-right">
        <span>
          {question.answered === 0
            ? "Nobody has answered it yet."
            : `${formatCount(question.fullyRight)} of ${plural(question.answered, "learner")} ` +
              `(${formatPercent(question.share ?? 0)}) answered it fully right.`}
        </span>
        <FlagBadge flag={question.flag} />
      </p>
      {question.flag !== "none" && (
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{FLAGS[question.flag].suggests}</p>
      )}
      {question.kind === "ordering" ? <PositionTable question={question} /> : <OptionTable question={question} />}
    </section>
  );
}

function OptionTable({ question }: { question: Extract<QuestionStats, { options: unknown }> }) {
  return (
    <table className="mt-3 w-full border-collapse text-left text-sm">
      <caption className="sr-only">Share of learners who chose each option</caption>
      <thead className="border-b border-slate-300 text-xs uppercase text-slate-500 dark:border-slate-700">
        <tr>
          <th scope="col" className={cell}>
            Option
          </th>
          <th scope="col" className={`${cell} w-1/3`}>
            Chosen by
          </th>
        </tr>
      </thead>
      <tbody>
        {question.options.map((o) => (
          <tr
            key={o.id}
            data-testid="option-share"
            data-option={o.id}
            data-correct={o.correct}
            data-learners={o.learners}
            className="border-b border-slate-200 dark:border-slate-800"
          >
            <th scope="row" className={`${cell} font-normal`}>
              {o.correct && (
                <span className="mr-1 font-semibold text-emerald-700 dark:text-emerald-300">
                  <span aria-hidden="true">✓ </span>
                  <span className="sr-only">Correct: </span>
                </span>
              )}
              {o.text}
            </th>
            <td className={cell}>
              <Share learners={o.learners} share={o.share} tone={o.correct ? "good" : "neutral"} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function PositionTable({ question }: { question: Extract<QuestionStats, { kind: "ordering" }> }) {
  return (
    <table className="mt-3 w-full border-collapse text-left text-sm">
      <caption className="sr-only">
        The correct order, and per position the share of learners who put the right item there
      </caption>
      <thead className="border-b border-slate-300 text-xs uppercase text-slate-500 dark:border-slate-700">
        <tr>
          <th scope="col" className={cell}>
            Correct order
          </th>
          <th scope="col" className={`${cell} w-1/3`}>
            Put in its place by
          </th>
        </tr>
      </thead>
      <tbody>
        {question.positions.map((p) => (
          <tr
            key={p.id}
            data-testid="option-share"
            data-option={p.id}
            data-position={p.position}
            data-learners={p.learners}
            className="border-b border-slate-200 dark:border-slate-800"
          >
            <th scope="row" className={`${cell} font-normal`}>
              <span className="mr-1 tabular-nums text-slate-500">{p.position}.</span>
              {p.text}
            </th>
            <td className={cell}>
              <Share learners={p.learners} share={p.share} tone="good" />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Share({ learners, share, tone }: { learners: number; share: number; tone: "good" | "neutral" }) {
  return (
    <span className="flex items-center gap-2">
      <span className="w-10 shrink-0 text-right tabular-nums">{formatPercent(share)}</span>
      <ShareBar share={share} tone={tone} />
      <span className="shrink-0 whitespace-nowrap text-xs tabular-nums text-slate-500">
        {plural(learners, "learner")}
      </span>
    </span>
  );
}
