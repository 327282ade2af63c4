import type Docker from "dockerode";
import { LabAnswerRefused } from "../lab-engine-api";
import { type LabHttpAnswer, type LabProbe, labHttpGet, labRegistryManifest } from "../lab-probe";
import type { LabCheck } from "../lib";

/** What a container is, in the terms lab checks speak (evaluate-check.ts). */
export interface ContainerFacts {
  /** The engine's ID: what its events name it by. */
  id: string;
  name: string;
  /** The image as the learner named it (`docker run python:3.11-slim` → python:3.11-slim). */
  image: string;
  /** Other names of the same image (its tags and digests), so a check may name any of them. */
  imageAliases: string[];
  /** The image's ID (sha256:…): two references name the same image when their IDs are equal. */
  imageId: string;
  /** It was created from `name@sha256:…`: a tag pushed again later cannot change what it runs. */
  byDigest: boolean;
  running: boolean;
  /** When its latest run began (ms since the epoch); undefined for one created and never started. */
  startedAt?: number;
  /** How often the engine restarted it by its restart policy: a crash loop shows here. */
  restartCount: number;
  /** What it runs: its entrypoint and command, as the engine started them (`python train.py`). */
  commandLine: string;
  /** Docker's status word: created, running, exited, … */
  status: string;
  exitCode: number;
  oomKilled: boolean;
  restart: string;
  publishes: Array<{ port: number; hostIp: string; hostPort: number }>;
  mounts: Array<{ type: string; name?: string; source: string; destination: string; readOnly: boolean }>;
  networks: string[];
  /** Its labels: Compose names a container's project and service in com.docker.compose.project / .service. */
  labels: Record<string, string>;
  /** What its HEALTHCHECK says; none when it has none. */
  health: "none" | "starting" | "healthy" | "unhealthy";
  /** The last health probe's output, cut short: the learner's evidence for an unhealthy container. */
  healthOutput?: string;
  /**
   * Its HEALTHCHECK's command as the engine names its probes' exec events (`redis-cli ping`, `/bin/sh -c …`): the
   * probes run through exec, and are not a learner's `docker exec` (lab-history.ts).
   */
  healthcheck?: string;
  /** Its environment, `NAME=value`, as the process sees it (the image's entries and the learner's -e). */
  env: string[];
  /**
   * Created to stream its output to a client (`docker run` without -d sets Config.AttachStdout). Compose sets it
   * with or without -d, so for a Compose container only the engine's events tell (lab-history.ts).
   */
  attachedAtCreate: boolean;
}

/** A file in a named volume, read from the host one name at a time, never through a link (readLabDiskFile). */
export type VolumeFileFact =
  | { kind: "file" /** The first VOLUME_FILE_BYTES of it, as text. */; content: string }
  | { kind: "missing" }
  /** A directory, a device, a pipe, or a symlink (never followed: it would lead through the lab's own paths). */
  | { kind: "not-a-file" }
  | { kind: "no-answer"; error: string };

/** One repository of the lab's registry, from its HTTP API (`GET /v2/<repository>/tags/list`). */
export type RegistryTagsFact =
  | { kind: "tags"; tags: string[] }
  /** The registry answered NAME_UNKNOWN: nothing was ever pushed under this name. */
  | { kind: "unknown-repository" }
  | { kind: "no-answer"; error: string };

/** The manifest one tag of the lab's registry names (`GET /v2/<repository>/manifests/<tag>`). */
export type RegistryManifestFact =
  /** The digest is the SHA-256 of the bytes served, computed by the checker; mediaType is the served Content-Type. */
  | {
      kind: "manifest";
      digest: string;
      mediaType: string;
      /** For an index (a Docker manifest list or an OCI index): each platform it lists and its manifest's digest. */
      entries?: Array<{ platform: string; digest: string }>;
    }
  /** The registry answered 404: no such tag (or repository). */
  | { kind: "missing" }
  | { kind: "no-answer"; error: string };

/** One snapshot of a lab engine: what its checks read, all at one moment. */
export interface LabState {
  containers: ContainerFacts[];
  volumes: string[];
  networks: Array<{ name: string; internal: boolean }>;
  /** Every tag and digest reference of every image. */
  images: string[];
  /** Every tag and digest reference → the image ID it names now. */
  imageIds: Record<string, string>;
  /**
   * Image reference → its build history, newest step first (`docker history`'s CREATED BY): read only for the image
   * checks that ask how an image was made; null when the engine has no such image or did not answer.
   */
  imageHistory: Record<string, ImageStep[] | null>;
  /** Image ID → its labels (the LABEL lines of its Dockerfile, as built), from the image list. */
  imageLabels: Record<string, Record<string, string>>;
  /**
   * Image reference → the platform its image was built for, `os/architecture[/variant]` from its config (`docker
   * image inspect`): read only for the image checks that ask (platform); null when the engine has no such image.
   */
  imagePlatforms: Record<string, string | null>;
  /** Image ID → its size in bytes, base layers included: the SIZE column of `docker image ls`. */
  imageSizes: Record<string, number>;
  /** IDs of untagged images that no container uses: what `docker image prune` removes. */
  danglingImages: string[];
  /** IDs of every untagged image, used by a container or not: the lab's history remembers them. */
  untaggedImages: string[];
  /** Volumes that no container, running or stopped, mounts: what `docker volume prune -a` removes. */
  unusedVolumes: string[];
  /** Build cache no build is using; read only when a check asks (undefined otherwise, or unreadable). */
  buildCache?: { records: number; bytes: number };
  /** Answers from inside the lab, read only for the checks given; keys from httpKey. */
  http: Record<string, LabHttpAnswer>;
  /** Keys from volumeFileKey. */
  volumeFiles: Record<string, VolumeFileFact>;
  /** Keyed by repository. */
  registryTags: Record<string, RegistryTagsFact>;
  /** Keyed by `repository:tag`; read only for the tags a registry-tag check compares (sameManifestAs, platforms). */
  registryManifests: Record<string, RegistryManifestFact>;
}

/** One step of an image's history: the instruction that made it, and whether BuildKit made it in a build. */
export interface ImageStep {
  createdBy: string;
  buildkit: boolean;
  /** Bytes the step's layer added (0 for a step that changed only the config, such as ENV). */
  size: number;
}

/** Steps of an image's history read at most: a Dockerfile of the course has a few dozen. */
const MAX_HISTORY_STEPS = 100;

export const httpKey = (port: number, path: string): string => `${port}${path}`;
export const volumeFileKey = (volume: string, path: string): string => `${volume}/${path}`;

/** Enough for a check's `contains`; a file planted to be huge costs nothing more. */
export const VOLUME_FILE_BYTES = 4096;
/** The lab's engine keeps its data here (its --data-root), in the lab's own mount namespace. */
/** The lab's own registry, on the lab's loopback (docs/labs.md). */
export const LAB_REGISTRY = "localhost:5000";
const LAB_REGISTRY_PORT = 5000;
const NO_PROBE = "the runner has no way into this lab to look";
/**
 * Every container is inspected on every read: a lab that made thousands would have the runner ask thousands of
 * questions every few seconds. No task needs more than a handful.
 */
export const MAX_CONTAINERS_READ = 200;

/**
 * Reads the lab engine's state through its API socket: one list per kind, one inspect per container. What only the
 * lab itself can see (an HTTP answer, a file in a volume, a registry's tags) is read through `probe`, and only for
 * the `checks` given; the same probe is run once however many checks need it, all of them at once. A probe that
 * fails is recorded as what it found, never thrown.
 */
export async function readLabState(
  docker: Docker,
  options: { probe?: LabProbe; checks?: readonly LabCheck[] } = {},
): Promise<LabState> {
  const checks = options.checks ?? [];
  const wantsBuildCache = checks.some((c) => c.kind === "clean" && c.what === "build-cache");
  const [list, volumes, networks, images, dangling, buildCache, probed, imageHistory, imagePlatforms] =
    await Promise.all([
      docker.listContainers({ all: true }),
      docker.listVolumes(),
      docker.listNetworks(),
      docker.listImages(),
      docker.listImages({ filters: JSON.stringify({ dangling: ["true"] }) }),
      wantsBuildCache ? readBuildCache(docker) : Promise.resolve(undefined),
      readProbes(options.probe, checks),
      readImageHistories(docker, checks),
      readImagePlatforms(docker, checks),
    ]);
  const aliases = new Map<string, string[]>();
  const imageIds: Record<string, string> = {};
  const imageLabels: Record<string, Record<string, string>> = {};
  const imageSizes: Record<string, number> = {};
  for (const image of images) {
    if (Number.isSafeInteger(image.Size) && image.Size >= 0) imageSizes[image.Id] = image.Size;
    if (image.Labels && Object.keys(image.Labels).length > 0) imageLabels[image.Id] = image.Labels;
    const references = [...(image.RepoTags ?? []), ...(image.RepoDigests ?? [])].filter((r) => !r.startsWith("<none>"));
    aliases.set(image.Id, references);
    for (const reference of references) imageIds[reference] = image.Id;
  }
  if (list.length > MAX_CONTAINERS_READ) {
    throw new LabAnswerRefused(
      `the lab has ${list.length} containers and the checker reads at most ${MAX_CONTAINERS_READ}. Remove the ` +
        "ones you no longer need (`docker container prune` removes every stopped one), and the tasks are checked " +
        "again.",
    );
  }
  const inspected = await Promise.all(
    list.map(async (summary) => {
      // Removed between the list and the inspect: not there any more.
      const info = await docker
        .getContainer(summary.Id)
        .inspect()
        .catch(() => undefined);
      return info && containerFacts(info, aliases.get(info.Image) ?? []);
    }),
  );
  const containers = inspected.filter((c): c is ContainerFacts => c !== undefined);
  const usedImages = new Set(containers.map((c) => c.imageId));
  const mounted = new Set(containers.flatMap((c) => c.mounts.filter((m) => m.type === "volume").map((m) => m.name)));
  const volumeNames = (volumes.Volumes ?? []).map((v) => v.Name);
  return {
    containers,
    volumes: volumeNames,
    networks: networks.map((n) => ({ name: n.Name, internal: n.Internal === true })),
    images: [...aliases.values()].flat(),
    imageIds,
    imageLabels,
    imageSizes,
    // An image a container still runs stays after a prune: counting it would ask for the impossible.
    danglingImages: dangling.map((i) => i.Id).filter((id) => !usedImages.has(id)),
    untaggedImages: dangling.map((i) => i.Id),
    unusedVolumes: volumeNames.filter((name) => !mounted.has(name)),
    imageHistory,
    imagePlatforms,
    ...(buildCache ? { buildCache } : {}),
    ...probed,
  };
}

export function containerFacts(info: Docker.ContainerInspectInfo, imageAliases: string[]): ContainerFacts {
  const publishes: ContainerFacts["publishes"] = [];
  for (const [key, bindings] of Object.entries(info.HostConfig.PortBindings ?? {}))
    for (const b of (bindings as Array<{ HostIp?: string; HostPort?: string }> | null) ?? [])
      publishes.push({ port: Number.parseInt(key, 10), hostIp: b.HostIp ?? "", hostPort: Number(b.HostPort) || 0 });
  const health = info.State.Health;
  const lastProbe = health?.Log?.at(-1)?.Output?.trim();
  return {
    id: info.Id,
    name: info.Name.replace(/^\//, ""),
    image: info.Config.Image,
    imageAliases,
    imageId: info.Image,
    byDigest: /@sha256:[a-f0-9]{64}$/.test(info.Config.Image),
    running: info.State.Running,
    ...startedAt(info.State.StartedAt),
    restartCount: info.RestartCount ?? 0,
    commandLine: [info.Path, ...(info.Args ?? [])].join(" ").slice(0, 2000),
    status: info.State.Status,
    exitCode: info.State.ExitCode,
    oomKilled: info.State.OOMKilled,
    restart: info.HostConfig.RestartPolicy?.Name || "no",
    publishes,
    mounts: (info.Mounts ?? []).map((m) => ({
      type: m.Type,
      name: m.Name,
      source: m.Source,
      destination: m.Destination,
      readOnly: m.RW === false,
    })),
    networks: Object.keys(info.NetworkSettings.Networks ?? {}),
    labels: info.Config.Labels ?? {},
    health: healthStatus(health?.Status),
    ...(lastProbe ? { healthOutput: lastProbe.slice(0, 300) } : {}),
    ...healthcheckCommand(info.Config),
    env: info.Config.Env ?? [],
    attachedAtCreate: info.Config.AttachStdout === true || info.Config.AttachStderr === true,
  };
}

/**
 * The command of a HEALTHCHECK as the engine's exec events spell it: its probe runs `CMD`'s words as they are and
 * `CMD-SHELL`'s line through the image's shell (`/bin/sh -c` unless SHELL says otherwise), joined by spaces.
 */
function healthcheckCommand(config: Docker.ContainerInspectInfo["Config"]): Pick<ContainerFacts, "healthcheck"> {
  const test = config.Healthcheck?.Test ?? [];
  // The engine answers Shell when the image sets one; dockerode's type leaves it out.
  const shell = (config as { Shell?: string[] }).Shell ?? ["/bin/sh", "-c"];
  const [form, ...words] = test;
  if (form === "CMD" && words.length > 0) return { healthcheck: words.join(" ") };
  if (form === "CMD-SHELL" && words.length > 0) return { healthcheck: [...shell, words.join(" ")].join(" ") };
  return {};
}

/** The engine answers 0001-01-01T00:00:00Z for a container that never started. */
function startedAt(at: string | undefined): Pick<ContainerFacts, "startedAt"> {
  const ms = at ? Date.parse(at) : Number.NaN;
  return Number.isFinite(ms) && ms > 0 ? { startedAt: ms } : {};
}

/**
 * The history of each image an image check asks how it was made of (built, history, labels), read once per
 * reference. BuildKit marks the steps a build ran with "# buildkit"; a LABEL step shows its value as built.
 */
async function readImageHistories(docker: Docker, checks: readonly LabCheck[]): Promise<LabState["imageHistory"]> {
  const references = new Set(
    checks.flatMap((c) =>
      c.kind === "image" &&
      c.present &&
      (c.built || c.history.length > 0 || c.absent.length > 0 || c.maxStepMB !== undefined || c.labels)
        ? [c.reference]
        : [],
    ),
  );
  const entries = await Promise.all(
    [...references].map(async (reference) => {
      const steps = await docker
        .getImage(reference)
        .history()
        .catch(() => undefined);
      if (!Array.isArray(steps)) return [reference, null] as const;
      return [
        reference,
        (steps as Array<{ CreatedBy?: unknown; Size?: unknown }>).slice(0, MAX_HISTORY_STEPS).map((step) => {
          const createdBy = typeof step.CreatedBy === "string" ? step.CreatedBy.slice(0, 2000) : "";
          // The engine's answer is the lab's to forge only as far as its own images go; a size that is no count of
          // bytes counts as none.
          const size =
            typeof step.Size === "number" && Number.isSafeInteger(step.Size) && step.Size > 0 ? step.Size : 0;
          return {
            createdBy: createdBy.replace(/\s*# buildkit$/, ""),
            buildkit: /# buildkit$/.test(createdBy),
            size,
          };
        }),
      ] as const;
    }),
  );
  return Object.fromEntries(entries);
}

/** The platform of each image an image check asks about (platform), from the image's config, once per reference. */
async function readImagePlatforms(docker: Docker, checks: readonly LabCheck[]): Promise<LabState["imagePlatforms"]> {
  const references = new Set(checks.flatMap((c) => (c.kind === "image" && c.platform ? [c.reference] : [])));
  const entries = await Promise.all(
    [...references].map(async (reference) => {
      const info = (await docker
        .getImage(reference)
        .inspect()
        .catch(() => undefined)) as { Os?: unknown; Architecture?: unknown; Variant?: unknown } | undefined;
      if (!info || typeof info.Os !== "string" || typeof info.Architecture !== "string") return [reference, null];
      const parts = [
        info.Os,
        info.Architecture,
        ...(typeof info.Variant === "string" && info.Variant ? [info.Variant] : []),
      ];
      return [reference, parts.join("/").slice(0, 100)];
    }),
  );
  return Object.fromEntries(entries);
}

function healthStatus(status: string | undefined): ContainerFacts["health"] {
  return status === "starting" || status === "healthy" || status === "unhealthy" ? status : "none";
}

interface BuildCacheRecord {
  InUse?: boolean;
  Size?: number;
}

/**
 * The build cache that is not in use by a running build: what `docker builder prune -a` removes. A plain `docker
 * builder prune` keeps every step whose layers an image still uses, so it cannot empty the cache after a build.
 * `type=build-cache` keeps the engine from sizing every image, container and volume as `docker system df` does.
 */
async function readBuildCache(docker: Docker): Promise<LabState["buildCache"]> {
  const answer = await new Promise<{ BuildCache?: BuildCacheRecord[] | null } | undefined>((resolve) =>
    docker.modem.dial(
      { path: "/system/df?", method: "GET", options: { type: ["build-cache"] }, statusCodes: { 200: true } },
      (err: unknown, data: unknown) => resolve(err ? undefined : (data as { BuildCache?: BuildCacheRecord[] })),
    ),
  );
  if (!answer) return undefined;
  const unused = (answer.BuildCache ?? []).filter((r) => !r.InUse);
  return { records: unused.length, bytes: unused.reduce((sum, r) => sum + (r.Size ?? 0), 0) };
}

type ProbeFacts = Pick<LabState, "http" | "volumeFiles" | "registryTags" | "registryManifests">;

async function readProbes(probe: LabProbe | undefined, checks: readonly LabCheck[]): Promise<ProbeFacts> {
  const facts: ProbeFacts = { http: {}, volumeFiles: {}, registryTags: {}, registryManifests: {} };
  const pending = new Map<string, Promise<void>>();
  const once = (key: string, read: () => Promise<void>) => {
    if (!pending.has(key)) pending.set(key, read());
  };
  for (const check of checks) {
    if (check.kind === "http") {
      const key = httpKey(check.port, check.path);
      once(`http ${key}`, async () => {
        facts.http[key] = await readHttp(probe, check.port, check.path);
      });
    } else if (check.kind === "volume-file") {
      const key = volumeFileKey(check.volume, check.path);
      once(`volume ${key}`, async () => {
        facts.volumeFiles[key] = await readVolumeFile(probe, check.volume, check.path);
      });
    } else if (check.kind === "registry-tag") {
      const repository = check.repository;
      once(`registry ${repository}`, async () => {
        facts.registryTags[repository] = await readRegistryTags(probe, repository);
      });
      const compared = [
        ...(check.sameManifestAs || check.platforms ? [`${repository}:${check.tag}`] : []),
        ...(check.sameManifestAs ? [check.sameManifestAs] : []),
      ];
      for (const reference of compared)
        once(`manifest ${reference}`, async () => {
          facts.registryManifests[reference] = await readRegistryManifest(probe, reference);
        });
    }
  }
  await Promise.all(pending.values());
  return facts;
}

async function readHttp(probe: LabProbe | undefined, port: number, path: string): Promise<LabHttpAnswer> {
  if (!probe) return { status: null, body: "", error: NO_PROBE };
  return (
    (await labHttpGet(probe, port, path).catch(() => undefined)) ?? {
      status: null,
      body: "",
      error: "the lab did not answer the probe (it may be busy or stopping)",
    }
  );
}

async function readVolumeFile(probe: LabProbe | undefined, volume: string, path: string): Promise<VolumeFileFact> {
  if (!probe) return { kind: "no-answer", error: NO_PROBE };
  try {
    return await probe.volumeFile(volume, path, VOLUME_FILE_BYTES);
  } catch {
    return { kind: "no-answer", error: "the file could not be read (the lab may be busy or stopping)" };
  }
}

const parseTags = (body: string): string[] | undefined => {
  try {
    const parsed = JSON.parse(body) as { tags?: unknown };
    if (parsed.tags === null || parsed.tags === undefined) return [];
    if (Array.isArray(parsed.tags) && parsed.tags.every((t) => typeof t === "string")) return parsed.tags;
  } catch {
    // Not JSON, or cut at 2 KB: reported below as an answer that could not be read.
  }
  return undefined;
};

async function readRegistryManifest(probe: LabProbe | undefined, reference: string): Promise<RegistryManifestFact> {
  if (!probe) return { kind: "no-answer", error: NO_PROBE };
  const at = reference.lastIndexOf(":");
  const [repository, tag] = [reference.slice(0, at), reference.slice(at + 1)];
  const answer = await labRegistryManifest(probe, LAB_REGISTRY_PORT, repository, tag).catch(() => undefined);
  if (!answer) return { kind: "no-answer", error: "the lab did not answer the probe (it may be busy or stopping)" };
  if (answer.status === 404) return { kind: "missing" };
  if (answer.status === 200 && answer.digest)
    return {
      kind: "manifest",
      digest: answer.digest,
      mediaType: answer.mediaType ?? "",
      ...(answer.entries ? { entries: answer.entries } : {}),
    };
  return {
    kind: "no-answer",
    error:
      answer.error ??
      (answer.status === null ? "no answer" : `it answered ${answer.status} to GET /v2/${repository}/manifests/${tag}`),
  };
}

async function readRegistryTags(probe: LabProbe | undefined, repository: string): Promise<RegistryTagsFact> {
  if (!probe) return { kind: "no-answer", error: NO_PROBE };
  const answer = await readHttp(probe, LAB_REGISTRY_PORT, `/v2/${repository}/tags/list`);
  if (answer.status === null) return { kind: "no-answer", error: answer.error ?? "no answer" };
  if (answer.status === 404 && answer.body.includes("NAME_UNKNOWN")) return { kind: "unknown-repository" };
  if (answer.status !== 200)
    return { kind: "no-answer", error: `it answered ${answer.status} to GET /v2/${repository}/tags/list` };
  const tags = parseTags(answer.body);
  if (!tags) return { kind: "no-answer", error: "its tag list could not be read" };
  return { kind: "tags", tags };
}
