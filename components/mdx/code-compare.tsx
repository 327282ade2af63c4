import { Children, isValidElement, type ReactNode } from "react";
import { AuthorError } from "./author-error";

interface Props {
  beforeTitle?: string;
  afterTitle?: string;
  caption?: string;
  children: ReactNode;
}

/** Two code blocks side by side (stacked on narrow screens): a before and an after. */
export function CodeCompare({ beforeTitle = "Before", afterTitle = "After", caption, children }: Props) {
  const blocks = Children.toArray(children).filter(isValidElement);
  if (blocks.length !== 2) {
    return (
      <AuthorError
        component="CodeCompare"
        message={`needs exactly two fenced code blocks inside it, found ${blocks.length}.`}
      />
    );
  }
  const panes = [
    { title: beforeTitle, tone: "border-red-300 dark:border-red-800", label: "before", block: blocks[0] },
    { title: afterTitle, tone: "border-emerald-300 dark:border-emerald-800", label: "after", block: blocks[1] },
  ];
  return (
    <figure className="my-6" data-testid="code-compare">
      <div className="grid gap-3 md:grid-cols-2">
        {panes.map((pane) => (
          <section
            key={pane.label}
            aria-label={`${pane.label}: ${pane.title}`}
            className={`min-w-0 rounded-lg border-t-4 ${pane.tone}`}
          >
            <h4 className="m-0 px-1 py-1 text-sm font-semibold">
              <span className="sr-only">{pane.label}: </span>
              {pane.title}
            </h4>
            <div className="[&_pre]:my-0">{pane.block}</div>
          </section>
        ))}
      </div>
      {caption && <figcaption className="mt-2 text-sm text-slate-500 dark:text-slate-400">{caption}</figcaption>}
    </figure>
  );
}
