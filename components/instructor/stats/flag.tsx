import { FLAG_RULE, type QuestionFlag } from "@/lib/instructor/quiz-stats";

const OF_LEARNERS = `of at least ${FLAG_RULE.minLearners} learners answered it fully right`;

/** What each flag means and what it suggests, with the thresholds of the one rule that sets it. */
export const FLAGS: Record<Exclude<QuestionFlag, "none">, { label: string; rule: string; suggests: string }> = {
  hard: {
    label: "Nobody gets it right",
    rule: `at most ${FLAG_RULE.hardAtMostPercent}% ${OF_LEARNERS}`,
    suggests:
      "Often a misleading option or ambiguous wording, or something the lesson does not actually teach. Look at " +
      "the wrong option most learners chose: it shows what they believe instead.",
  },
  easy: {
    label: "Everybody gets it right",
    rule: `at least ${FLAG_RULE.easyAtLeastPercent}% ${OF_LEARNERS}`,
    suggests:
      "Probably too easy to teach or measure anything: the wrong options may be implausible. Consider options " +
      "that reflect real mistakes.",
  },
};

const STYLE: Record<Exclude<QuestionFlag, "none">, string> = {
  hard: "bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200",
  easy: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200",
};

/** A flag as words with an icon and a colour, so it never rests on colour alone. */
export function FlagBadge({ flag }: { flag: QuestionFlag }) {
  if (flag === "none") return null;
  return (
    <span className={`whitespace-nowrap rounded px-2 py-0.5 text-xs ${STYLE[flag]}`} data-testid="question-flag">
      <span aria-hidden="true">⚑ </span>
      {FLAGS[flag].label}
    </span>
  );
}

/** The legend: when a question is flagged, and what each flag suggests. */
export function FlagLegend() {
  return (
    <dl className="mt-3 grid gap-3 text-sm sm:grid-cols-2" data-testid="flag-legend">
      {(["hard", "easy"] as const).map((flag) => (
        <div key={flag} className="rounded-lg border border-slate-200 p-3 dark:border-slate-800">
          <dt>
            <FlagBadge flag={flag} />
          </dt>
          <dd className="mt-2 text-slate-700 dark:text-slate-300">
            Flagged when {FLAGS[flag].rule}. {FLAGS[flag].suggests}
          </dd>
        </div>
      ))}
    </dl>
  );
}
