import { posix } from "node:path";
import { composeServices } from "./compose-model";
import { parseCompose } from "./parse-compose";

/** A mount of the job's container: an anonymous volume at `target`, filled first with `files` (a bind's folder). */
export interface JobMount {
  target: string;
  /** The exercise's files under the bind mount's folder, with paths relative to that folder. */
  files: { path: string; content: string }[];
  /** Where the files came from, for the log: "./data". */
  from?: string;
}

/** How a job runs when its exercise says "as this Compose service": shared memory and mounts. */
export interface ComposeRunOptions {
  /** shm_size in bytes; undefined: Docker's default (64 MB). */
  shmBytes?: number;
  mounts: JobMount[];
  /** What the log says about the settings, one line each. */
  notes: string[];
}

/** Larger than any training job here asks for; bounded so a typo such as 16000g cannot reach the engine. */
const MAX_SHM_BYTES = 64 * 1024 ** 3;
const MAX_MOUNTS = 10;

/**
 * The settings `docker compose run <service>` would give the job, as far as the grader applies them: shm_size, and
 * each volume's target as a fresh volume. A bind mount of a folder of the exercise (./data) is emulated by copying
 * that folder's files into the volume, so nothing of the host is ever mounted; any other source starts empty. GPU
 * requests are the GPU phase's business and read-only flags the static rules': the runtime mounts are writable so
 * the files can be put in before the job starts. Undefined when the file does not parse or has no such service: the
 * static rules report that.
 */
export function composeRunOptions(
  file: string,
  text: string | undefined,
  service: string,
  files: readonly { path: string; content: string }[],
): ComposeRunOptions | undefined {
  if (text === undefined) return undefined;
  const parsed = parseCompose(file, text);
  if (!parsed.ok) return undefined;
  const found = composeServices(parsed.file.data).find((s) => s.name === service);
  if (!found) return undefined;
  const notes: string[] = [];
  const shm = found.shmSize?.bytes;
  const shmBytes = shm === undefined || shm === 0 ? undefined : Math.min(shm, MAX_SHM_BYTES);
  notes.push(
    shmBytes === undefined
      ? `${service} sets no usable shm_size: /dev/shm is Docker's default 64 MB`
      : `/dev/shm: ${found.shmSize!.text} (shm_size)`,
  );
  const mounts: JobMount[] = [];
  const composeDir = posix.dirname(file);
  for (const volume of found.volumes) {
    const target = volume.target?.replace(/\/+$/, "");
    if (!target?.startsWith("/") || target.split("/").includes("..") || mounts.length >= MAX_MOUNTS) continue;
    if (volume.type === "tmpfs") continue;
    const folder = volume.type === "bind" && volume.source ? exerciseFolder(composeDir, volume.source) : undefined;
    const inside = folder === undefined ? [] : filesUnder(files, folder);
    mounts.push({ target, files: inside, from: folder === undefined ? undefined : volume.source });
    notes.push(
      folder === undefined
        ? `${target}: an empty volume (${volume.source ?? "anonymous"})`
        : `${target}: a copy of ${volume.source} (${inside.length} file${inside.length === 1 ? "" : "s"})`,
    );
  }
  return { shmBytes, mounts, notes };
}

/** The exercise-relative folder a bind source names ("./data" -> "data"), or undefined outside the exercise. */
function exerciseFolder(composeDir: string, source: string): string | undefined {
  if (!source.startsWith("./") && !source.startsWith("../") && source !== ".") return undefined;
  const joined = posix.normalize(posix.join(composeDir, source));
  if (joined === ".." || joined.startsWith("../") || posix.isAbsolute(joined)) return undefined;
  return joined === "." ? "" : joined.replace(/\/+$/, "");
}

function filesUnder(files: readonly { path: string; content: string }[], folder: string) {
  const prefix = folder === "" ? "" : `${folder}/`;
  return files
    .filter((f) => f.path.startsWith(prefix))
    .map((f) => ({ path: f.path.slice(prefix.length), content: f.content }));
}
