import { PlatformFault } from "../grading/lib";
import { cleanCreatedBy } from "./clean-created-by";
import type { BaseImageFacts, HistoryFacts, ImageConfigFacts, ImageFacts, LayerFacts } from "./image-facts";
import type { SaveContents } from "./read-save-stream";
import { type ContainerConfig, savedImageConfigSchema, saveManifestSchema } from "./saved-image-schemas";

export interface AssembleInput {
  id: string;
  sizeBytes: number;
  config: ContainerConfig;
  saved: SaveContents;
  base?: BaseImageFacts;
  secretScanTruncated: boolean;
}

/** Orders the streamed layers by the manifest and pairs them with history and the base image. */
export function assembleImageFacts(input: AssembleInput): ImageFacts {
  const manifest = saveManifestSchema.parse(input.saved.documents.get("manifest.json"));
  const entry = manifest[0]!;
  const saved = savedImageConfigSchema.parse(input.saved.documents.get(entry.Config));
  const diffIds = saved.rootfs.diff_ids;
  if (diffIds.length !== entry.Layers.length) {
    const message = `The saved image lists ${entry.Layers.length} layers but its config has ${diffIds.length}.`;
    throw new PlatformFault("docker", message);
  }

  const baseCount = input.base ? sharedPrefixLength(diffIds, input.base.diffIds) : 0;
  const history = mapHistory(saved.history, baseCount, input.base);

  const layers: LayerFacts[] = entry.Layers.map((path, index) => {
    const layer = input.saved.layers.get(path);
    if (!layer) throw new PlatformFault("docker", `The saved image has no ${path}.`, { details: { path } });
    const record = history.find((h) => h.layerIndex === index);
    const isBase = index < baseCount;
    return {
      index,
      diffId: diffIds[index]!,
      createdBy: record?.createdBy ?? "",
      rawCreatedBy: record?.rawCreatedBy ?? "",
      sizeBytes: layer.files.reduce((sum, f) => sum + f.size, 0),
      isBase,
      files: layer.files,
      // Content is scanned while streaming, before the layer order is known; the base's own files are not the learner's
      // to fix.
      secrets: isBase ? layer.secrets.filter((s) => s.by === "name") : layer.secrets,
    };
  });

  // The topmost layer that writes an account file holds the copy a container sees.
  const accounts: NonNullable<ImageFacts["accounts"]> = {};
  for (const path of entry.Layers) {
    const written = input.saved.layers.get(path)?.accountFiles;
    if (written?.has("etc/passwd")) accounts.passwd = written.get("etc/passwd");
    if (written?.has("etc/group")) accounts.group = written.get("etc/group");
  }

  return {
    id: input.id,
    sizeBytes: input.sizeBytes,
    accounts,
    config: toConfigFacts(input.config),
    layers,
    history,
    base: input.base,
    secretScanTruncated: input.secretScanTruncated,
  };
}

export function sharedPrefixLength(a: string[], b: string[]): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

function mapHistory(
  entries: { created_by?: string | null; empty_layer?: boolean | null }[],
  baseCount: number,
  base: BaseImageFacts | undefined,
): HistoryFacts[] {
  let layerIndex = 0;
  const mapped = entries.map((h) => {
    const rawCreatedBy = h.created_by ?? "";
    const emptyLayer = h.empty_layer === true;
    return {
      createdBy: cleanCreatedBy(rawCreatedBy),
      rawCreatedBy,
      emptyLayer,
      isBase: false,
      layerIndex: emptyLayer ? undefined : layerIndex++,
    };
  });
  // When the whole base is a prefix, its history is too; otherwise only entries below the first learner layer are the
  // base's.
  const wholeBase = base !== undefined && baseCount === base.diffIds.length;
  const firstLearner = mapped.findIndex((h) => h.layerIndex !== undefined && h.layerIndex >= baseCount);
  const baseEntries = wholeBase
    ? base.historyLength
    : baseCount === 0
      ? 0
      : firstLearner < 0
        ? mapped.length
        : firstLearner;
  return mapped.map((h, i) => ({ ...h, isBase: i < baseEntries }));
}

export function toConfigFacts(config: ContainerConfig): ImageConfigFacts {
  const env: Record<string, string> = {};
  for (const line of config.Env ?? []) {
    const eq = line.indexOf("=");
    if (eq > 0) env[line.slice(0, eq)] = line.slice(eq + 1);
    else env[line] = "";
  }
  const test = config.Healthcheck?.Test ?? [];
  return {
    user: config.User ?? "",
    env,
    cmd: config.Cmd && config.Cmd.length > 0 ? config.Cmd : null,
    entrypoint: config.Entrypoint && config.Entrypoint.length > 0 ? config.Entrypoint : null,
    healthcheck:
      test.length > 0
        ? {
            test,
            intervalNs: config.Healthcheck?.Interval ?? undefined,
            timeoutNs: config.Healthcheck?.Timeout ?? undefined,
            retries: config.Healthcheck?.Retries ?? undefined,
          }
        : undefined,
    exposedPorts: Object.keys(config.ExposedPorts ?? {}).sort(),
    workingDir: config.WorkingDir ?? "",
    labels: config.Labels,
  };
}
