import type { ImageLayer, ResultDocument } from "@/lib/grading/result-schema";

/** A layer as the chart and table show it; `wastedBytes` and `fromBase` are absent in documents before version 3. */
export type LayerRow = Pick<ImageLayer, "line" | "wastedBytes" | "cached" | "fromBase"> & {
  /** 1-based from the bottom of the image, as the report's messages count layers. */
  number: number;
  label: string;
  bytes: number;
};

const LABEL_MAX = 70;

/** Shapes the result document's layers for the chart: the base image grouped, the learner's layers one bar each. */
export function layerChart(image: NonNullable<ResultDocument["image"]>) {
  const table = image.layers.map(toRow);
  // Documents before version 3 do not say which layers are the base's: then none are grouped.
  const known = image.layers.some((l) => l.fromBase !== undefined);
  const baseRows = known ? table.filter((r) => r.fromBase) : [];
  const bars = table.filter((r) => !baseRows.includes(r));
  const base =
    baseRows.length > 0 ? { count: baseRows.length, bytes: baseRows.reduce((s, r) => s + r.bytes, 0) } : undefined;
  return {
    /** The FROM image's layers as one bar; absent when there are none or the document does not say which. */
    base,
    /** The learner's layers, bottom-up; every layer when the document does not say which came from the base. */
    bars,
    /** Bytes of the widest bar: every bar's width is a share of it. */
    scaleBytes: Math.max(1, base?.bytes ?? 0, ...bars.map((r) => r.bytes)),
    wastedBytes: table.reduce((s, r) => s + (r.wastedBytes ?? 0), 0),
    /** Every layer, for the table equivalent of the chart. */
    table,
  };
}

function toRow(layer: ImageLayer, index: number): LayerRow {
  const { instruction, createdBy, sizeBytes, line, wastedBytes, cached, fromBase } = layer;
  const text = instruction ?? (createdBy || "(no recorded instruction)");
  const label = text.length > LABEL_MAX ? `${text.slice(0, LABEL_MAX - 1)}…` : text;
  return { number: index + 1, label, bytes: sizeBytes, line, wastedBytes, cached, fromBase };
}

/** A bar's width in percent of the chart; a layer with any bytes stays visible. */
export function barPercent(bytes: number, scaleBytes: number): number {
  if (bytes <= 0) return 0;
  return Math.max(0.5, Math.min(100, (bytes / scaleBytes) * 100));
}
