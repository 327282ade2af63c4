import type { FileEntry, HistoryFacts, ImageConfigFacts, ImageFacts, LayerFacts, SecretHit } from "../image-facts";

/** Builders for synthetic image facts, for tests of the pure parts. */

export function file(path: string, size = 0, extra: Partial<FileEntry> = {}): FileEntry {
  return { path, size, mode: 0o644, type: "file", uid: 0, ...extra };
}

export function dir(path: string, extra: Partial<FileEntry> = {}): FileEntry {
  return { path, size: 0, mode: 0o755, type: "dir", uid: 0, ...extra };
}

export function whiteout(path: string): FileEntry {
  return { path, size: 0, mode: 0o600, type: "other", uid: 0, whiteout: true };
}

export function opaque(path: string): FileEntry {
  return { path, size: 0, mode: 0o600, type: "other", uid: 0, whiteout: true, opaque: true };
}

export interface LayerSpec {
  createdBy: string;
  files: FileEntry[];
  isBase?: boolean;
  secrets?: SecretHit[];
}

export function layers(...specs: LayerSpec[]): LayerFacts[] {
  return specs.map((spec, index) => ({
    index,
    diffId: `sha256:${index.toString().padStart(64, "0")}`,
    createdBy: spec.createdBy,
    rawCreatedBy: spec.createdBy,
    sizeBytes: spec.files.reduce((sum, f) => sum + (f.type === "file" ? f.size : 0), 0),
    isBase: spec.isBase ?? false,
    files: spec.files,
    secrets: spec.secrets ?? [],
  }));
}

export function config(extra: Partial<ImageConfigFacts> = {}): ImageConfigFacts {
  return { user: "", env: {}, cmd: null, entrypoint: null, exposedPorts: [], workingDir: "", labels: {}, ...extra };
}

/** Facts whose history is exactly one entry per layer, plus any extra history. */
export function imageFacts(layerList: LayerFacts[], extra: Partial<ImageFacts> = {}): ImageFacts {
  const history: HistoryFacts[] = layerList.map((l) => ({
    createdBy: l.createdBy,
    rawCreatedBy: l.rawCreatedBy,
    emptyLayer: false,
    isBase: l.isBase,
    layerIndex: l.index,
  }));
  return {
    id: "sha256:test",
    sizeBytes: layerList.reduce((sum, l) => sum + l.sizeBytes, 0),
    config: config(),
    layers: layerList,
    history,
    secretScanTruncated: false,
    ...extra,
  };
}
