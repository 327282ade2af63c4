import { Options } from "@/components/http/text-fields";
import { formatAbsoluteTime } from "@/lib/format/relative-time";
import { type AttemptSummary, attemptName } from "@/lib/submissions/history";
import { historyPath } from "./paths";

/** What can be compared: the current draft, every attempt (newest first), the starter files. */
export function sideOptions(attempts: AttemptSummary[]) {
  return [
    { value: "draft", label: "Your current draft" },
    ...attempts.map((a) => ({
      value: a.id,
      label:
        `${attemptName(a)}: ${a.status}` +
        `${a.score === undefined ? "" : `, ${Math.round(a.score * 100)}%`} (${formatAbsoluteTime(a.createdAt)})`,
    })),
    { value: "starter", label: "Starter files" },
  ];
}

type SideOption = ReturnType<typeof sideOptions>;

type CompareProps = { exercise: string; options: SideOption; from: string; to: string };

/** Picks the two sides of a diff: a plain GET form, so it works without JavaScript and no diff code ships. */
export function CompareForm({ exercise, options, from, to }: CompareProps) {
  return (
    <form
      action={`${historyPath(exercise)}/compare`}
      method="get"
      className="flex flex-wrap items-end gap-3"
      data-testid="compare-form"
    >
      <SideSelect label="Compare" name="from" value={from} options={options} />
      <SideSelect label="with" name="to" value={to} options={options} />
      <button
        type="submit"
        className={
          "rounded bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700 " +
          "dark:bg-sky-700 dark:hover:bg-sky-600"
        }
      >
        Show changes
      </button>
    </form>
  );
}

function SideSelect(props: { label: string; name: "from" | "to"; value: string; options: SideOption }) {
  return (
    // max-w-full: an attempt's label may be wider than a phone; the select then fits and cuts it short.
    <label className="min-w-0 max-w-full text-sm">
      {props.label}
      <select
        name={props.name}
        defaultValue={props.value}
        className={
          "mt-1 block max-w-full rounded border border-slate-300 bg-white px-2 py-1 text-sm " +
          "dark:border-slate-600 dark:bg-slate-900"
        }
      >
        <Options options={props.options} />
      </select>
    </label>
  );
}
