import { AuthorError } from "./author-error";

const STATES = {
  base: { label: "base image", className: "bg-slate-200 text-slate-800 dark:bg-slate-800 dark:text-slate-100" },
  cached: { label: "cached", className: "bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100" },
  rebuilt: { label: "rebuilt", className: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-100" },
  new: { label: "new", className: "bg-sky-100 text-sky-900 dark:bg-sky-950 dark:text-sky-100" },
  metadata: {
    label: "metadata only",
    className: "border border-dashed border-slate-400 text-slate-600 dark:text-slate-300",
  },
} as const;

export interface Layer {
  instruction: string;
  size?: string;
  state?: keyof typeof STATES;
  note?: string;
}

/**
 * An image's layers as a stack: the first instruction sits at the bottom, as
 * layers do. For screen readers it is an ordered list from the base up.
 */
export function LayerDiagram({ title, layers }: { title?: string; layers: Layer[] }) {
  if (!Array.isArray(layers) || layers.length === 0)
    return <AuthorError component="LayerDiagram" message="needs a non-empty layers={[...]} list." />;
  const unknown = layers.find((l) => l.state && !(l.state in STATES));
  if (unknown)
    return (
      <AuthorError
        component="LayerDiagram"
        message={`unknown state "${unknown.state}" (use ${Object.keys(STATES).join(", ")}).`}
      />
    );
  const used = [...new Set(layers.map((l) => l.state).filter((s): s is keyof typeof STATES => !!s))];
  return (
    <figure className="my-6" data-testid="layer-diagram">
      {title && <figcaption className="mb-2 text-sm font-semibold">{title}</figcaption>}
      <ol
        aria-label={`${title ?? "Image layers"}, from the base up`}
        className="layer-stack flex flex-col-reverse gap-1 p-0"
      >
        {layers.map((layer, i) => {
          const state = layer.state ? STATES[layer.state] : undefined;
          return (
            <li
              // biome-ignore lint/suspicious/noArrayIndexKey: layers an author listed, never reordered.
              key={i}
              className={
                `flex list-none flex-wrap items-baseline gap-x-3 rounded px-3 py-2 ` +
                `font-mono text-xs ${state?.className ?? "bg-slate-100 dark:bg-slate-900"}`
              }
            >
              <span className="min-w-0 flex-1 break-all">{layer.instruction}</span>
              {layer.size && <span className="tabular-nums">{layer.size}</span>}
              {state && <span className="font-sans font-semibold uppercase tracking-wide">{state.label}</span>}
              {layer.note && <span className="basis-full font-sans italic">{layer.note}</span>}
            </li>
          );
        })}
      </ol>
      {used.length > 1 && (
        <p className="mt-2 flex flex-wrap gap-2 text-xs" aria-hidden="true">
          {used.map((s) => (
            <span key={s} className={`rounded px-2 py-0.5 ${STATES[s].className}`}>
              {STATES[s].label}
            </span>
          ))}
        </p>
      )}
    </figure>
  );
}
