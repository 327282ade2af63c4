const TONES = {
  brand: "fill-sky-600 dark:fill-sky-400",
  good: "fill-emerald-600 dark:fill-emerald-400",
  bad: "fill-red-600 dark:fill-red-400",
  neutral: "fill-slate-400 dark:fill-slate-500",
} as const;

export type BarTone = keyof typeof TONES;

/** A share (0..1) as a bar in a table row, for the eye only: the row states the number in words. */
export function ShareBar({ share, tone = "brand" }: { share: number; tone?: BarTone }) {
  const width = Math.max(0, Math.min(1, share)) * 100;
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 100 10"
      preserveAspectRatio="none"
      className="block h-2.5 w-full min-w-24 rounded-sm bg-slate-100 dark:bg-slate-800"
    >
      {width > 0 && <rect x={0} y={0} width={width} height={10} className={TONES[tone]} />}
    </svg>
  );
}
