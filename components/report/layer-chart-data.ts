import type { ImageLayer, ResultDocument } from "@/lib/grading/result-schema";

export interface LayerRow {
  /** 1-based from the bottom of the image, as the report's messages count layers. */
  number: number;
  label: string;
  line?: number;
  bytes: number;
  /** Absent when the grader did not measure it (documents before version 3, base layers). */
  wastedBytes?: number;
  cached: boolean;
  /** Absent in documents before version 3, which do not record it. */
  fromBase?: boolean;
}

export interface LayerChart {
  /** The FROM image's layers as one bar; absent when there are none or the document does not say which they are. */
  base?: { count: number; bytes: number };
  /** The learner's layers, bottom-up; every layer when the document does not say which came from the base. */
  bars: LayerRow[];
  /** Bytes of the widest bar: every bar's width is a share of it. */
  scaleBytes: number;
  wastedBytes: number;
  /** Every layer, for the table equivalent of the chart. */
  table: LayerRow[];
}

const LABEL_MAX = 70;

/** Shapes the result document's layers for the chart: the base image grouped, the learner's layers one bar each. */
export function layerChart(image: NonNullable<ResultDocument["image"]>): LayerChart {
  const table = image.layers.map(toRow);
  // Documents before version 3 do not say which layers are the base's: then none are grouped.
  const known = image.layers.some((l) => l.fromBase !== undefined);
  const baseRows = known ? table.filter((r) => r.fromBase) : [];
  const bars = table.filter((r) => !baseRows.includes(r));
  const base =
    baseRows.length > 0 ? { count: baseRows.length, bytes: baseRows.reduce((s, r) => s + r.bytes, 0) } : undefined;
  return {
    base,
    bars,
    scaleBytes: Math.max(1, base?.bytes ?? 0, ...bars.map((r) => r.bytes)),
    wastedBytes: table.reduce((s, r) => s + (r.wastedBytes ?? 0), 0),
    table,
  };
}

function toRow(layer: ImageLayer, index: number): LayerRow {
  const text = layer.instruction ?? (layer.createdBy || "(no recorded instruction)");
  return {
    number: index + 1,
    label: text.length > LABEL_MAX ? `${text.slice(0, LABEL_MAX - 1)}…` : text,
    line: layer.line,
    bytes: layer.sizeBytes,
    wastedBytes: layer.wastedBytes,
    cached: layer.cached,
    fromBase: layer.fromBase,
  };
}

/** A bar's width in percent of the chart; a layer with any bytes stays visible. */
export function barPercent(bytes: number, scaleBytes: number): number {
  if (bytes <= 0) return 0;
  return Math.max(0.5, Math.min(100, (bytes / scaleBytes) * 100));
}
