import type { ReactNode } from "react";

const STYLES = {
  note: "border-sky-400 bg-sky-50 dark:bg-sky-950/40",
  tip: "border-emerald-400 bg-emerald-50 dark:bg-emerald-950/40",
  warning: "border-amber-400 bg-amber-50 dark:bg-amber-950/40",
} as const;

export function Callout({ type = "note", title, children }: { type?: keyof typeof STYLES; title?: string; children: ReactNode }) {
  const style = STYLES[type] ?? STYLES.note;
  return (
    <aside role="note" aria-label={title ?? type} className={`my-6 rounded-r-lg border-l-4 p-4 ${style}`}>
      {title && <p className="mb-1 font-semibold">{title}</p>}
      <div className="[&>p]:my-2">{children}</div>
    </aside>
  );
}
