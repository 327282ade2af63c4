import Link from "next/link";
import type { ReactNode } from "react";

const field = "rounded border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900";
const labelClass = "block text-xs font-medium text-slate-600 dark:text-slate-400";

/**
 * A list's filters as a GET form: it works without JavaScript, and submitting it makes the filters the query string
 * (which starts again at page 1, since a page number is not one of its fields). `keep` carries state the form does
 * not show, such as the sort.
 */
export function FilterForm({
  action,
  label,
  clearHref,
  keep = {},
  submitLabel = "Apply",
  testId,
  children,
}: {
  action: string;
  /** The search landmark's name (the landmark holds the test id). */
  label: string;
  /** Shown as "Clear" when set: the list without filters. */
  clearHref?: string;
  keep?: Record<string, string | undefined>;
  submitLabel?: string;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <search aria-label={label} className="mt-5 block" data-testid={testId}>
      <form method="get" action={action} className="flex flex-wrap items-end gap-3">
        {Object.entries(keep).map(([name, value]) =>
          value === undefined ? null : <input key={name} type="hidden" name={name} value={value} />,
        )}
        {children}
        <button
          type="submit"
          className="rounded bg-brand-600 px-4 py-1.5 text-sm font-medium text-white hover:bg-brand-700 dark:bg-sky-700"
        >
          {submitLabel}
        </button>
        {clearHref && (
          <Link href={clearHref} className="py-1.5 text-sm text-brand-600 underline dark:text-sky-300">
            Clear
          </Link>
        )}
      </form>
    </search>
  );
}

/** What every field of a FilterForm has: its query-string name, its label, its value now and a test id. */
type FilterField = { name: string; label: string; defaultValue?: string; testId?: string };

/** A text, search or date field of a FilterForm. */
export function InputFilter({
  type = "search",
  className = "w-56",
  ...f
}: FilterField & { type?: "search" | "text" | "date"; className?: string }) {
  return (
    <Labelled name={f.name} label={f.label}>
      {(id) => (
        <input
          id={id}
          type={type}
          name={f.name}
          defaultValue={f.defaultValue}
          maxLength={type === "date" ? undefined : 200}
          className={`${field} ${className}`}
          data-testid={f.testId}
        />
      )}
    </Labelled>
  );
}

/** A select of a FilterForm; its first option, with the value "", means "no filter". */
export function SelectFilter({
  anyLabel,
  options,
  ...f
}: FilterField & { anyLabel: string; options: readonly { value: string; label: string }[] }) {
  return (
    <Labelled name={f.name} label={f.label}>
      {(id) => (
        <select
          id={id}
          name={f.name}
          defaultValue={f.defaultValue ?? ""}
          // At most a phone's width: an option as long as an exercise title would otherwise widen the page.
          className={`${field} max-w-72`}
          data-testid={f.testId}
        >
          <option value="">{anyLabel}</option>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Labelled>
  );
}

/** A filter's field under its label; the field gets the id the label points at. */
function Labelled({ name, label, children }: { name: string; label: string; children: (id: string) => ReactNode }) {
  const id = `filter-${name}`;
  return (
    <div>
      <label htmlFor={id} className={labelClass}>
        {label}
      </label>
      {children(id)}
    </div>
  );
}
