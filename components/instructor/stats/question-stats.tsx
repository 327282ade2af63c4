import type { PropsWithChildren } from "react";
import { formatCount, formatPercent, plural } from "@/lib/format/numbers";
import type { QuestionStats } from "@/lib/instructor/quiz-stats";
import { DataTable, RowHeader, ShareCell, Td, Ths, Tr } from "../tables/data-table";
import { FLAGS, FlagBadge } from "./flag";

const KIND: Record<QuestionStats["kind"], string> = {
  single: "Single choice",
  multiple: "Multiple choice",
  predict: "Predict, then reveal",
  ordering: "Ordering",
};

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
      <p className="text-xs uppercase text-slate-500 dark:text-slate-400">
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
    <DataTable
      caption="Share of learners who chose each option"
      size="w-full"
      head={<Ths labels={["Option", "Chosen by"]} classes={{ "Chosen by": "w-1/3" }} />}
    >
      {question.options.map((o) => (
        <ShareRow
          key={o.id}
          learners={o.learners}
          share={o.share}
          tone={o.correct ? "good" : "neutral"}
          data-option={o.id}
          data-correct={o.correct}
        >
          {o.correct && (
            <span className="mr-1 font-semibold text-emerald-700 dark:text-emerald-300">
              <span aria-hidden="true">✓ </span>
              <span className="sr-only">Correct: </span>
            </span>
          )}
          {o.text}
        </ShareRow>
      ))}
    </DataTable>
  );
}

function PositionTable({ question }: { question: Extract<QuestionStats, { kind: "ordering" }> }) {
  return (
    <DataTable
      caption="The correct order, and per position the share of learners who put the right item there"
      size="w-full"
      head={<Ths labels={["Correct order", "Put in its place by"]} classes={{ "Put in its place by": "w-1/3" }} />}
    >
      {question.positions.map((p) => (
        <ShareRow
          key={p.id}
          learners={p.learners}
          share={p.share}
          tone="good"
          data-option={p.id}
          data-position={p.position}
        >
          <span className="mr-1 tabular-nums text-slate-500 dark:text-slate-400">{p.position}.</span>
          {p.text}
        </ShareRow>
      ))}
    </DataTable>
  );
}

type RowProps = PropsWithChildren<{ learners: number; share: number; tone: "good" | "neutral" }> &
  Record<`data-${string}`, string | number | boolean>;

function ShareRow({ learners, share, tone, children, ...data }: RowProps) {
  return (
    <Tr data-testid="option-share" data-learners={learners} {...data}>
      <RowHeader>{children}</RowHeader>
      <Td>
        <ShareCell
          share={share}
          tone={tone}
          note={
            <span className="shrink-0 whitespace-nowrap text-xs tabular-nums text-slate-500 dark:text-slate-400">
              {plural(learners, "learner")}
            </span>
          }
        />
      </Td>
    </Tr>
  );
}
