import type { ReactNode } from "react";

const STYLES = {
  note: "border-sky-400 bg-sky-50 dark:bg-sky-950/40",
  tip: "border-emerald-400 bg-emerald-50 dark:bg-emerald-950/40",
  warning: "border-amber-400 bg-amber-50 dark:bg-amber-950/40",
  danger: "border-red-500 bg-red-50 dark:bg-red-950/40",
} as const;

export function Callout({
  type = "note",
  title,
  children,
}: {
  type?: keyof typeof STYLES;
  title?: string;
  children: ReactNode;
}) {
  const kind = type in STYLES ? type : "note";
  const label = title ?? kind[0]!.toUpperCase() + kind.slice(1);
  return (
    <aside role="note" aria-label={label} className={`my-6 rounded-r-lg border-l-4 p-4 ${STYLES[kind]}`}>
      <p className="mb-1 font-semibold">{label}</p>
      <div className="[&>p]:my-2">{children}</div>
    </aside>
  );
}
