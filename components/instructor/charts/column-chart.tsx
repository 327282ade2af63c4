import { formatCount } from "@/lib/format/numbers";

export interface Column {
  /** Full label, for the table and the tooltip: "2026-11-21", "3 attempts". */
  label: string;
  /** Label under the column, when the full one is too long: "21". */
  short?: string;
  value: number;
}

const PLOT_HEIGHT = 120;
const TOP = 14;
const AXIS = 18;
const LEFT = 30;
const COLUMN = 30;
const BAR = 20;

type Props = { title: string; columns: Column[]; category: string; unit: string; testId: string };

/**
 * Vertical columns as an SVG drawn on the server, every value also in a table beside it (for a screen reader and exact
 * numbers). `title`: what it shows ("Attempts per day"); `category` and `unit` head the table ("Day", "Attempts").
 */
export function ColumnChart({ title, columns, category, unit, testId }: Props) {
  const max = Math.max(0, ...columns.map((c) => c.value));
  // A round top for the scale, so the axis reads 0 .. 400 rather than 0 .. 383.
  const top = max === 0 ? 2 : niceCeiling(max);
  const width = LEFT + columns.length * COLUMN + 4;
  const height = TOP + PLOT_HEIGHT + AXIS;
  const y = (value: number) => TOP + PLOT_HEIGHT - (value / top) * PLOT_HEIGHT;
  const labelEvery = Math.ceil(columns.length / 16);
  const total = columns.reduce((sum, c) => sum + c.value, 0);
  const summary =
    `${title}: ${formatCount(total)} in all` +
    (columns.length > 0 ? `, most ${formatCount(max)}` : "") +
    ". The table below lists every value.";
  return (
    <figure className="mt-3" data-testid={testId}>
      <svg
        role="img"
        aria-label={summary}
        viewBox={`0 0 ${width} ${height}`}
        className="h-auto w-full max-w-2xl text-slate-500 dark:text-slate-400"
        style={{ maxHeight: "16rem" }}
      >
        {[0, top / 2, top].map((tick) => (
          <g key={tick}>
            <line
              x1={LEFT}
              x2={width}
              y1={y(tick)}
              y2={y(tick)}
              className="stroke-slate-200 dark:stroke-slate-700"
              strokeWidth={1}
            />
            <text x={LEFT - 4} y={y(tick) + 3} textAnchor="end" fontSize={9} fill="currentColor">
              {formatCount(tick)}
            </text>
          </g>
        ))}
        {columns.map((c, i) => {
          const x = LEFT + i * COLUMN + (COLUMN - BAR) / 2;
          const barTop = y(c.value);
          return (
            <g key={c.label} data-column={c.label} data-value={c.value}>
              <title>{`${c.label}: ${formatCount(c.value)}`}</title>
              {c.value > 0 && (
                <rect
                  x={x}
                  y={barTop}
                  width={BAR}
                  height={TOP + PLOT_HEIGHT - barTop}
                  rx={2}
                  className="fill-sky-600 dark:fill-sky-400"
                />
              )}
              {columns.length <= 16 && c.value > 0 && (
                <text x={x + BAR / 2} y={barTop - 3} textAnchor="middle" fontSize={8} fill="currentColor">
                  {formatCount(c.value)}
                </text>
              )}
              {i % labelEvery === 0 && (
                <text x={x + BAR / 2} y={TOP + PLOT_HEIGHT + 12} textAnchor="middle" fontSize={9} fill="currentColor">
                  {c.short ?? c.label}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <details className="mt-1 text-sm">
        <summary className="cursor-pointer text-slate-600 dark:text-slate-400">Show as table</summary>
        <table className="mt-2 border-collapse text-left text-xs" data-testid={`${testId}-table`}>
          <caption className="sr-only">{title}</caption>
          <thead>
            <tr>
              <th scope="col" className="border-b border-slate-300 px-2 py-1 dark:border-slate-700">
                {category}
              </th>
              <th scope="col" className="border-b border-slate-300 px-2 py-1 text-right dark:border-slate-700">
                {unit}
              </th>
            </tr>
          </thead>
          <tbody>
            {columns.map((c) => (
              <tr key={c.label}>
                <th scope="row" className="border-b border-slate-200 px-2 py-1 font-normal dark:border-slate-800">
                  {c.label}
                </th>
                <td className="border-b border-slate-200 px-2 py-1 text-right tabular-nums dark:border-slate-800">
                  {formatCount(c.value)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

/** The smallest of 2, 4, 6, 8 or 10 times a power of ten at or above n: even, so the half-way tick is whole too. */
function niceCeiling(n: number): number {
  const power = 10 ** Math.max(0, Math.floor(Math.log10(n)));
  return [2, 4, 6, 8, 10].map((m) => m * power).find((s) => s >= n) ?? 10 * power;
}
