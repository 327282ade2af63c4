import { ScrollRegion } from "@/components/layout/scroll-region";
import { ColumnHeads } from "@/components/table/column-heads";
import { formatBytes } from "@/lib/format/bytes";
import { plural } from "@/lib/format/numbers";
import type { ResultDocument } from "@/lib/grading/result-schema";
import { barPercent, type LayerRow, layerChart } from "./layer-chart-data";
import { type JumpTo, Location } from "./location";

/** Diagonal stripes in the text colour: the wasted part of a bar reads as such without colour. */
const HATCH = { backgroundImage: "repeating-linear-gradient(135deg, currentColor 0 2px, transparent 2px 6px)" };
const BASE_TONE = "bg-slate-400 dark:bg-slate-500";
const OWN_TONE = "bg-sky-600 dark:bg-sky-400";
const WASTED_TONE = "bg-red-100 text-red-600 dark:bg-red-950 dark:text-red-400";
const ROW = "grid grid-cols-[minmax(0,2fr)_minmax(0,3fr)] items-center gap-2";

/** The built image layer by layer: the base image's layers as one grey bar, the learner's own layers labelled. */
export function LayerChart({ image, onJumpTo }: { image: NonNullable<ResultDocument["image"]>; onJumpTo?: JumpTo }) {
  const chart = layerChart(image);
  const ownBytes = chart.bars.reduce((s, r) => s + r.bytes, 0);
  return (
    <section aria-labelledby="report-layers" data-testid="layer-chart">
      <h3 id="report-layers" className="text-lg font-semibold">
        Image layers
      </h3>
      <p className="text-sm" data-testid="image-summary">
        Image: {formatBytes(image.sizeBytes)} in {image.layers.length} layers
        {chart.base &&
          `: the base image's ${plural(chart.base.count, "layer")} hold ` +
            `${formatBytes(chart.base.bytes)}, your ${chart.bars.length} hold ${formatBytes(ownBytes)}`}
        {chart.wastedBytes > 0 &&
          `, of which ${formatBytes(chart.wastedBytes)} is wasted (deleted or overwritten later)`}
        .
      </p>
      <Legend wasted={chart.wastedBytes > 0} base={chart.base !== undefined} />
      <ol className="mt-2 space-y-1 text-xs" aria-label="Layers, bottom to top">
        {chart.base && (
          <li data-layer="base" className={ROW}>
            <span className="text-slate-600 dark:text-slate-400">
              Base image: {plural(chart.base.count, "layer")}, {formatBytes(chart.base.bytes)}
            </span>
            <Track>
              <span
                className={`block h-4 rounded-sm ${BASE_TONE}`}
                style={{ width: `${barPercent(chart.base.bytes, chart.scaleBytes)}%` }}
              />
            </Track>
          </li>
        )}
        {chart.bars.map((row) => (
          <li key={row.number} data-layer={row.number} className={ROW}>
            <span className="min-w-0">
              <span className="block truncate font-mono" title={row.label}>
                {row.label}
              </span>
              <span className="text-slate-600 dark:text-slate-400">
                {row.line !== undefined && (
                  <>
                    <Location location={`Dockerfile:${row.line}`} onJumpTo={onJumpTo} />,{" "}
                  </>
                )}
                {formatBytes(row.bytes)}
                {row.wastedBytes ? `, ${formatBytes(row.wastedBytes)} wasted` : ""}
                {row.cached ? ", cached" : ""}
              </span>
            </span>
            <Track>
              <Bar row={row} scale={chart.scaleBytes} />
            </Track>
          </li>
        ))}
      </ol>
      <details className="mt-2 text-sm">
        <summary className="cursor-pointer">Show as table</summary>
        <LayerTable rows={chart.table} />
      </details>
    </section>
  );
}

function Track({ children }: { children: React.ReactNode }) {
  return (
    <span aria-hidden="true" className="block h-4 rounded-sm bg-slate-100 dark:bg-slate-800">
      {children}
    </span>
  );
}

function Bar({ row, scale }: { row: LayerRow; scale: number }) {
  const wastedShare = row.bytes > 0 && row.wastedBytes ? Math.min(1, row.wastedBytes / row.bytes) : 0;
  return (
    <span
      className={`flex h-4 overflow-hidden rounded-sm ${OWN_TONE}`}
      style={{ width: `${barPercent(row.bytes, scale)}%` }}
    >
      {wastedShare > 0 && (
        <span className={`ml-auto h-4 ${WASTED_TONE}`} style={{ ...HATCH, width: `${wastedShare * 100}%` }} />
      )}
    </span>
  );
}

function Legend({ wasted, base }: { wasted: boolean; base: boolean }) {
  const keys = [
    { shown: base, label: "base image", tone: BASE_TONE },
    { shown: true, label: "your layers", tone: OWN_TONE },
    { shown: wasted, label: "wasted: deleted or overwritten by a later layer, still shipped", tone: WASTED_TONE },
  ].filter((k) => k.shown);
  return (
    <ul className="mt-1 flex flex-wrap gap-x-4 text-xs text-slate-600 dark:text-slate-400" aria-label="Legend">
      {keys.map(({ label, tone }) => (
        <li key={label}>
          <span
            aria-hidden="true"
            className={`mr-1 inline-block h-3 w-3 rounded-sm ${tone}`}
            style={tone === WASTED_TONE ? HATCH : undefined}
          />
          {label}
        </li>
      ))}
    </ul>
  );
}

function LayerTable({ rows }: { rows: LayerRow[] }) {
  const cell = "border-b border-slate-200 px-2 py-1 dark:border-slate-700";
  return (
    <ScrollRegion label="Layers" className="relative mt-2 overflow-x-auto">
      <table className="w-full text-left text-xs" data-testid="layer-table">
        <caption className="sr-only">Layers of the built image, bottom to top</caption>
        <thead>
          <tr>
            <ColumnHeads
              labels={["Layer", "Instruction", "From", "Size", "Wasted", "Cached"]}
              className={cell}
              right={["Size", "Wasted"]}
            />
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.number}>
              <td className={cell}>{row.number}</td>
              <td className={`${cell} font-mono`}>
                {row.label}
                {row.line !== undefined ? ` (Dockerfile:${row.line})` : ""}
              </td>
              <td className={cell}>
                {row.fromBase === undefined ? "not recorded" : row.fromBase ? "base image" : "your Dockerfile"}
              </td>
              <td className={`${cell} text-right tabular-nums`}>{formatBytes(row.bytes)}</td>
              <td className={`${cell} text-right tabular-nums`}>
                {row.wastedBytes === undefined ? "not measured" : formatBytes(row.wastedBytes)}
              </td>
              <td className={cell}>{row.fromBase ? "–" : row.cached ? "yes" : "no"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
