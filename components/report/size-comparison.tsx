import Link from "next/link";
import type { SizeComparison } from "@/lib/grading/result-schema";
import { sizeComparisonText } from "@/lib/grading/size-comparison";

/**
 * Before and after: this image's size beside that of the learner's own earlier single-stage attempt (or of their
 * earliest built one), linked to that attempt. `baselineHref`: that attempt's page for whoever reads the report.
 */
export function SizeComparisonNote({
  comparison,
  sizeBytes,
  baselineHref,
}: {
  comparison: SizeComparison;
  sizeBytes: number;
  baselineHref?: string;
}) {
  const text = sizeComparisonText(comparison, sizeBytes);
  return (
    <section aria-labelledby="report-size-comparison" data-testid="size-comparison">
      <h3 id="report-size-comparison" className="text-lg font-semibold">
        Image size, before and after
      </h3>
      {"note" in text ? (
        <p className="text-sm">{text.note}</p>
      ) : (
        <p className="text-sm tabular-nums">
          {baselineHref ? (
            <Link href={baselineHref} className="text-brand-600 underline dark:text-sky-300">
              {text.baseline}
            </Link>
          ) : (
            text.baseline
          )}
          : {text.before} → this attempt: {text.after} <strong>({text.change})</strong>
        </p>
      )}
    </section>
  );
}
