import { FIELD, FIELD_LABEL } from "./form-styles";

/**
 * A form's required one-line text fields, each with its label above it: the admin's set-up forms (LMSs,
 * institutions) list theirs as data. `idPrefix` keeps ids unique with several forms on one page.
 */
export function TextFields<N extends string>({
  fields,
  idPrefix,
  values,
}: {
  fields: ReadonlyArray<{ name: N; label: string; placeholder: string }>;
  idPrefix: string;
  values?: Partial<Record<N, string>>;
}) {
  return fields.map((f) => (
    <div key={f.name}>
      <label htmlFor={`${idPrefix}${f.name}`} className={FIELD_LABEL}>
        {f.label}
      </label>
      <input
        id={`${idPrefix}${f.name}`}
        name={f.name}
        defaultValue={values?.[f.name]}
        required
        placeholder={f.placeholder}
        className={`${FIELD} w-full`}
      />
    </div>
  ));
}

/** A select's options, each value with its label. */
export function Options({ options }: { options: readonly { value: string | number; label: string }[] }) {
  return options.map((o) => (
    <option key={o.value} value={o.value}>
      {o.label}
    </option>
  ));
}
