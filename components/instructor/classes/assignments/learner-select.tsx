"use client";

/** The learner a per-learner grant (an extension, extra time) is for: one control, named the same in every form. */
export function LearnerSelect({
  learners,
  value,
  onChange,
  className,
}: {
  learners: ReadonlyArray<{ id: string; name: string }>;
  value: string;
  onChange: (id: string) => void;
  className: string;
}) {
  return (
    <select
      required
      aria-label="Learner"
      value={value}
      onChange={(e) => onChange(e.target.value)}
      className={className}
    >
      <option value="">Learner…</option>
      {learners.map((l) => (
        <option key={l.id} value={l.id}>
          {l.name}
        </option>
      ))}
    </select>
  );
}
