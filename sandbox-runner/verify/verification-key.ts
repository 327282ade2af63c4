import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type Docker from "dockerode";
import { build } from "esbuild";
import { engineClient, engineEndpoint, engineShellEnv } from "../docker/engine";
import { SEEDED_IMAGES } from "../images/find-stale-images";

const run = promisify(execFile);
const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
/**
 * Folders whose every file can change a verdict without being imported: the runner's Dockerfiles, seed scripts,
 * Python helpers and nftables rules, the lab host's set-up, the engine's installer. Tests are left out: they are
 * not run by a verification.
 */
const RESOURCE_DIRS = ["sandbox-runner", "scripts/labs", "scripts/engine"];
const ALWAYS = ["package-lock.json"];

export interface VerificationSubject {
  kind: "exercise" | "lab";
  slug: string;
  /** The exercise's or lab's folder (content/exercises/<slug>, content/labs/<slug>). */
  dir: string;
  /** The module that runs the verification: every file it imports, transitively, is part of the key. */
  entry: string;
  /** The checkout the entry belongs to (this one unless a test verifies a copy of it). */
  root?: string;
}

export interface VerificationKey {
  hash: string;
  /** Each ingredient's own hash, so a changed key can say what changed. */
  parts: Record<string, string>;
}

/**
 * Everything that can change whether an exercise's or a lab's verification passes, hashed: its own folder, the
 * code that grades or runs it (the import graph of the verification's entry module, as esbuild resolves it, plus
 * the non-code files of the runner), the lock file, the engine's version and the ids of the seeded images. Two
 * checkouts with the same key get the same verdict from the same machine, so a passed verification may be
 * remembered under it (verification-memo.ts) and any edit that could matter runs it again.
 */
export async function verificationKey(subject: VerificationSubject, docker = engineClient()): Promise<VerificationKey> {
  const root = subject.root ?? REPO_ROOT;
  const [content, code, engine, images] = await Promise.all([
    hashFiles(await listFiles(subject.dir), subject.dir),
    codeFiles(subject.entry, root).then((files) => hashFiles(files, root)),
    engineIdentity(docker),
    imageIds(docker),
  ]);
  const parts = { subject: `${subject.kind}:${subject.slug}`, content, code, engine, images };
  return { hash: sha256(JSON.stringify(parts)).slice(0, 24), parts };
}

/** The entry's import graph within the repository, and every non-test file of the resource folders. */
export async function codeFiles(entry: string, root = REPO_ROOT): Promise<string[]> {
  const bundled = await build({
    entryPoints: [entry],
    absWorkingDir: root,
    bundle: true,
    write: false,
    platform: "node",
    format: "esm",
    packages: "external",
    metafile: true,
    logLevel: "silent",
  });
  const imported = Object.keys(bundled.metafile.inputs).map((input) => path.resolve(root, input));
  const resources = await Promise.all(RESOURCE_DIRS.map((dir) => listFiles(path.join(root, dir))));
  const files = new Set([
    ...imported,
    ...resources.flat().filter((file) => !/\.test\.tsx?$/.test(file)),
    ...ALWAYS.map((file) => path.join(root, file)),
  ]);
  return [...files].sort();
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && !e.parentPath.split(path.sep).includes("node_modules"))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/** One hash over the files' names (relative to root, so the clone's location does not matter) and contents. */
async function hashFiles(files: string[], root: string): Promise<string> {
  const hash = createHash("sha256");
  for (const file of files) {
    hash.update(`${path.relative(root, file)}\0`);
    hash.update(
      createHash("sha256")
        .update(await readFile(file))
        .digest("hex"),
    );
    hash.update("\n");
  }
  return hash.digest("hex");
}

/** The daemon's build and the buildx plugin that grading builds through. */
async function engineIdentity(docker: Docker): Promise<string> {
  const version = await docker.version();
  const buildx = await run(engineEndpoint().cli, ["buildx", "version"], { env: engineShellEnv() });
  return sha256(JSON.stringify([version.Version, version.GitCommit, version.ApiVersion, buildx.stdout.trim()]));
}

async function imageIds(docker: Docker): Promise<string> {
  const ids = await Promise.all(
    SEEDED_IMAGES.map(async ({ name }) => {
      const image = await docker
        .getImage(name)
        .inspect()
        .catch(() => undefined);
      return `${name}=${image?.Id ?? "missing"}`;
    }),
  );
  return sha256(ids.join("\n"));
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
