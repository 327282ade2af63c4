import { TextLink } from "@/components/layout/text-link";
import type { SizeComparison } from "@/lib/grading/result-schema";
import { sizeComparisonText } from "@/lib/grading/size-comparison";

/** This image's size beside the learner's earlier single-stage (or first built) attempt's, linked to that attempt. */
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
          {baselineHref ? <TextLink href={baselineHref}>{text.baseline}</TextLink> : text.baseline}: {text.before} →
          this attempt: {text.after} <strong>({text.change})</strong>
        </p>
      )}
    </section>
  );
}
