import type { ReactNode } from "react";
import { FIELD, FIELD_LABEL, PRIMARY_BUTTON } from "@/components/http/form-styles";
import { TextLink } from "@/components/layout/text-link";

/**
 * A list's filters as a GET form: it works without JavaScript, the filters become the query string, and it starts
 * again at page 1. `keep` carries state the form does not show, such as the sort.
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
        <button type="submit" className={PRIMARY_BUTTON}>
          {submitLabel}
        </button>
        {clearHref && (
          <TextLink href={clearHref} className="py-1.5 text-sm">
            Clear
          </TextLink>
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
          className={`${FIELD} ${className}`}
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
          className={`${FIELD} max-w-72`}
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
      <label htmlFor={id} className={FIELD_LABEL}>
        {label}
      </label>
      {children(id)}
    </div>
  );
}
