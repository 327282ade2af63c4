import { randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, readdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import Docker from "dockerode";
import { isNotFound } from "../docker/docker-error";
import { engineClient } from "../docker/engine";
import type { LabEngine } from "./lab-engine";
import { isErrno, type LabImage } from "./lib";

/**
 * Names learners know from the Docker docs and tutorials, given in the lab to the course's images as well. Each
 * alias names a version line the image really is (registry 2.8.2 is `registry:2`, Redis 7.0.15 is `redis:7`), so
 * `docker run -d -p 127.0.0.1:5000:5000 registry:2` works as written and `docker image inspect` tells no lie.
 * Never `latest`: upstream's moves on, the seeded images do not.
 */
export const LAB_IMAGE_ALIASES: Readonly<Partial<Record<LabImage, readonly string[]>>> = {
  "dockyard/registry:2.8.2-bookworm": ["registry:2"],
  "dockyard/redis:7.0.15-bookworm": ["redis:7"],
};

export interface LoadLabImagesOptions {
  /** Where saved images are kept between labs, one tar per image and image ID. Root's alone: 0700. */
  cacheDir: string;
  /** The engine holding the seeded images; the grading engine unless a test says otherwise. */
  source?: Docker;
}

export interface LoadedLabImage {
  name: LabImage;
  /** The image ID, the same in the lab as in the grading engine. */
  id: string;
  /** Other names it has in the lab (LAB_IMAGE_ALIASES). */
  aliases: readonly string[];
  /** Whether this call saved it from the grading engine (no tar of this ID was cached yet). */
  saved: boolean;
}

/** A `.partial` this old belongs to a process that died while saving: nothing writes for that long. */
const STALE_PARTIAL_MS = 60 * 60 * 1000;

/**
 * Copies the course's seeded images into a lab's engine: a lab has no route to any registry, so it starts with
 * these and nothing else. Each image is saved from the grading engine once per image ID into `cacheDir` (a
 * re-seeded image has a new ID, so it is saved again and the older tar removed), then streamed into the lab's
 * engine through its socket, where it keeps its name and ID.
 */
export async function loadLabImages(
  engine: LabEngine,
  images: readonly LabImage[],
  options: LoadLabImagesOptions,
): Promise<LoadedLabImage[]> {
  const source = options.source ?? engineClient();
  const lab = new Docker({ socketPath: engine.socket });
  await mkdir(options.cacheDir, { recursive: true, mode: 0o700 });
  const loaded: LoadedLabImage[] = [];
  for (const name of new Set(images)) {
    const { file, id, saved } = await cachedTar(source, name, options.cacheDir);
    await loadTar(lab, file);
    const inLab = (await lab.getImage(name).inspect()) as { Id: string };
    if (inLab.Id !== id) throw new Error(`${name} has ID ${inLab.Id} in lab ${engine.id}, not ${id}: its tar is wrong`);
    const aliases = LAB_IMAGE_ALIASES[name] ?? [];
    for (const alias of aliases) {
      const [repo, tag] = splitTag(alias);
      await lab.getImage(id).tag({ repo, tag });
    }
    loaded.push({ name, id, aliases, saved });
  }
  return loaded;
}

/**
 * The tar of `name` as it is now in the source engine, saved unless a tar of its ID is cached. Two labs saving at
 * once each write a file of their own and rename it into place: either complete tar may win, both are the same.
 */
async function cachedTar(
  source: Docker,
  name: LabImage,
  cacheDir: string,
): Promise<{ file: string; id: string; saved: boolean }> {
  const prefix = `${name.replace(/[^A-Za-z0-9._-]/g, "_")}@`;
  for (let attempt = 0; ; attempt++) {
    const id = await imageId(source, name);
    const file = path.join(cacheDir, `${prefix}${id.replace(/^sha256:/, "")}.tar`);
    if (await exists(file)) return { file, id, saved: false };
    const partial = `${file}.${process.pid}-${randomUUID().slice(0, 8)}.partial`;
    try {
      await pipeline(await source.getImage(name).get(), createWriteStream(partial, { mode: 0o600 }));
      // Re-seeded while it was being saved: the tar holds the newer image, under the older ID's name.
      if ((await imageId(source, name)) !== id) {
        if (attempt < 2) continue;
        throw new Error(`${name} kept changing while it was saved from the grading engine`);
      }
      await rename(partial, file);
    } finally {
      await rm(partial, { force: true });
    }
    await removeOlderTars(cacheDir, prefix, path.basename(file));
    return { file, id, saved: true };
  }
}

/** The ID `name` has in the source engine now; a clear error when it was never seeded there. */
export async function imageId(source: Docker, name: string): Promise<string> {
  try {
    return ((await source.getImage(name).inspect()) as { Id: string }).Id;
  } catch (err) {
    if (isNotFound(err))
      throw new Error(`${name} is not in the grading engine: seed it first (ensureBaseImages)`, { cause: err });
    throw err;
  }
}

/**
 * Tars of one image older than the one just saved, and partial files a dead process left. Only older ones: a
 * process that saved a since re-seeded image and prunes after a newer tar appeared must not remove that one. A lab
 * still reading a removed tar keeps it open until it is done.
 */
async function removeOlderTars(cacheDir: string, prefix: string, keep: string): Promise<void> {
  const kept = (await stat(path.join(cacheDir, keep))).mtimeMs;
  for (const entry of await readdir(cacheDir)) {
    if (!entry.startsWith(prefix) || entry === keep) continue;
    const file = path.join(cacheDir, entry);
    const info = await stat(file).catch(() => undefined);
    if (!info) continue;
    const old = entry.endsWith(".tar") ? info.mtimeMs < kept : Date.now() - info.mtimeMs > STALE_PARTIAL_MS;
    if (old) await rm(file, { force: true });
  }
}

/** `POST /images/load`: the engine answers 200 and reports a broken tar only in the JSON lines of the body. */
async function loadTar(lab: Docker, file: string): Promise<void> {
  const response = await lab.loadImage(createReadStream(file), { quiet: true });
  const lines: unknown[] = await new Promise((resolve, reject) =>
    lab.modem.followProgress(response, (err: Error | null, output: unknown[]) => (err ? reject(err) : resolve(output))),
  );
  for (const line of lines as Array<{ error?: string; errorDetail?: { message?: string } }>) {
    const error = line.errorDetail?.message ?? line.error;
    if (error) throw new Error(`loading ${path.basename(file)} into a lab failed: ${error}`);
  }
}

function splitTag(ref: string): [repo: string, tag: string] {
  const colon = ref.lastIndexOf(":");
  return colon > ref.lastIndexOf("/") ? [ref.slice(0, colon), ref.slice(colon + 1)] : [ref, "latest"];
}

/** Whether `file` is there; errors other than its absence are thrown. */
export async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch (err) {
    if (isErrno(err, "ENOENT")) return false;
    throw err;
  }
}
