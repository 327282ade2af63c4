import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { readdir, readFile, realpath, stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type Docker from "dockerode";
import { build } from "esbuild";
import { engineClient, engineEndpoint, engineShellEnv } from "../docker/engine";
import { SEEDED_IMAGES } from "../images/find-stale-images";

const run = promisify(execFile);
export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/**
 * Folders whose every file can change what the runner does without being imported: its Dockerfiles, seed scripts,
 * Python helpers and nftables rules, the lab host's set-up, the engine's installer. Tests in them are left out:
 * none runs another's.
 */
export const RUNNER_RESOURCES = ["sandbox-runner", "scripts/labs", "scripts/engine"];
/** The dependencies, as installed. */
const ALWAYS = ["package-lock.json"];
/**
 * Course data that imported code reads at run time, by the module that reads it: when the module is in a graph, the
 * folder is part of the key. (The runner reads exercises and labs; the course outline only the content loaders.)
 */
const READ_AT_RUN_TIME: ReadonlyArray<{ module: string; folder: string }> = [
  { module: "lib/exercises/load-exercise.ts", folder: "content/exercises" },
  { module: "lib/labs/load-lab.ts", folder: "content/labs" },
  { module: "lib/content/load-course.ts", folder: "content" },
  { module: "lib/course-checks/check-content.ts", folder: "content" },
  { module: "lib/content/compile-mdx.ts", folder: "content" },
  { module: "lib/course-checks/content-events.ts", folder: "content" },
  { module: "lib/search/write-search-index.ts", folder: "content" },
  { module: "lib/db/migrate.ts", folder: "prisma" },
];

/**
 * Processes started by a script's path rather than imported: when the module that starts one is in a graph, the
 * script's own graph joins it (a test's runner fleet starts the runner; the memo's test runs verify-exercises).
 */
const STARTS: ReadonlyArray<{ module: string; script: string }> = [
  { module: "test-support/scale/testing/runner-fleet.ts", script: "sandbox-runner/main.ts" },
  { module: "sandbox-runner/verify/verification-memo.docker.test.ts", script: "scripts/verify-exercises.ts" },
  { module: "scripts/supervisor/node-process.ts", script: "sandbox-runner/main.ts" },
  { module: "scripts/supervisor/node-process.ts", script: "scripts/web-server.ts" },
];

/** A key and each ingredient's own hash, so a changed key can say what changed. */
export interface InputKey {
  hash: string;
  parts: Record<string, string>;
}

export interface KeyedWork {
  /** What is keyed, e.g. `exercise:first-image`, `docker-test:sandbox-runner/reaper.docker.test.ts`. */
  subject: string;
  /** Modules whose whole import graph (as esbuild resolves it) is part of the key. */
  entries: string[];
  /** Folders hashed whole (every file, tests included): an exercise's own folder, say. */
  folders?: string[];
  /**
   * The course data this work reads is its own `folders` alone (one exercise's verification reads that exercise),
   * though its code can read more: the course data READ_AT_RUN_TIME names is then left out, so editing one exercise
   * does not re-key every other's verification.
   */
  ownDataOnly?: boolean;
  /** Folders (or files) hashed without their test files, beside RUNNER_RESOURCES. */
  resources?: string[];
}

/**
 * Keys for work run on this machine's engine (a verification, a Docker test): the hash of everything that can change
 * its outcome. Its code (each entry's import graph within the checkout, the runner's non-code files, the course data
 * the graph reads, the lock file), the folders it names, and the machine: Node's version, the engine's build and the
 * seeded images' ids. Two checkouts with the same key get the same outcome from the same machine, so a pass may be
 * remembered under it (pass-memo.ts) and any edit that could matter runs it again. Paths are hashed relative to
 * `root`, so where a clone lies does not matter.
 */
export async function inputKeys(work: KeyedWork[], root = REPO_ROOT, docker = engineClient()): Promise<InputKey[]> {
  const [machine, graphs] = await Promise.all([
    machineIdentity(docker),
    importGraphs([...work.flatMap((w) => w.entries), ...STARTS.map((s) => s.script)], root),
  ]);
  const hashOnce = once((file) => readFile(file).then((bytes) => createHash("sha256").update(bytes).digest("hex")));
  const visible = checkoutFiles(root);
  const listOnce = once((dir) => listFiles(path.join(root, dir), visible));
  return Promise.all(
    work.map(async (w) => {
      const imported = closedGraph(w.entries, graphs, root);
      const read = READ_AT_RUN_TIME.filter((r) => imported.has(path.join(root, r.module)))
        .map((r) => r.folder)
        .filter((folder) => !(w.ownDataOnly && folder.startsWith("content")));
      const resources = (
        await Promise.all([...RUNNER_RESOURCES, ...(w.resources ?? []), ...read].map(listOnce))
      ).flat();
      const code = new Set([
        ...imported,
        ...resources.filter((file) => !/\.test\.tsx?$/.test(file)),
        ...ALWAYS.map((file) => path.join(root, file)),
      ]);
      const folders = (
        await Promise.all((w.folders ?? []).map((dir) => listFiles(path.resolve(root, dir), visible)))
      ).flat();
      const parts = {
        subject: w.subject,
        content: await hashFiles(folders, root, hashOnce),
        code: await hashFiles([...code].sort(), root, hashOnce),
        ...machine,
      };
      return { hash: sha256(JSON.stringify(parts)).slice(0, 24), parts };
    }),
  );
}

/** `make`, asked once per key: the work shares every file's hash and every folder's listing. */
function once<T>(make: (key: string) => Promise<T>): (key: string) => Promise<T> {
  const made = new Map<string, Promise<T>>();
  return (key) => {
    if (!made.has(key)) made.set(key, make(key));
    return made.get(key)!;
  };
}

/** The entries' import graphs, with the graph of every script a module in them starts, until nothing is added. */
function closedGraph(entries: string[], graphs: Map<string, string[]>, root: string): Set<string> {
  const files = new Set<string>();
  const pending = entries.map((entry) => path.resolve(root, entry));
  const added = new Set<string>();
  for (let entry = pending.pop(); entry !== undefined; entry = pending.pop()) {
    if (added.has(entry)) continue;
    added.add(entry);
    for (const file of graphs.get(entry) ?? []) files.add(file);
    for (const start of STARTS) {
      if (files.has(path.join(root, start.module))) pending.push(path.join(root, start.script));
    }
  }
  return files;
}

/** Each entry's import graph within the checkout (absolute paths), from one esbuild pass over them all. */
async function importGraphs(entries: string[], root: string): Promise<Map<string, string[]>> {
  const unique = [...new Set(entries.map((entry) => path.resolve(root, entry)))];
  const bundled = await build({
    entryPoints: unique,
    absWorkingDir: root,
    bundle: true,
    write: false,
    outdir: path.join(root, ".data/import-graphs"),
    platform: "node",
    format: "esm",
    packages: "external",
    metafile: true,
    logLevel: "silent",
  });
  const graphs = new Map<string, string[]>();
  for (const output of Object.values(bundled.metafile.outputs)) {
    if (!output.entryPoint) continue;
    graphs.set(
      path.resolve(root, output.entryPoint),
      Object.keys(output.inputs).map((input) => path.resolve(root, input)),
    );
  }
  return graphs;
}

/**
 * Every file under `dir`, or `dir` itself where it names a file, that the checkout holds (`visible`, where known).
 * A folder is walked, not asked of git, so a new file counts before it is committed.
 */
export async function listFiles(dir: string, visible?: Promise<Set<string> | undefined>): Promise<string[]> {
  const holds = await visible;
  const keep = (file: string) => holds === undefined || holds.has(file);
  if ((await stat(dir).catch(() => undefined))?.isFile()) return keep(dir) ? [dir] : [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile() && !e.parentPath.split(path.sep).includes("node_modules"))
    .map((e) => path.join(e.parentPath, e.name))
    .filter(keep)
    .sort();
}

/**
 * The files a fresh clone of this checkout would hold besides what it builds: those git tracks and new ones it does
 * not ignore (absolute paths). A key is remembered here and recalled in CI's fresh clone, so a file only this
 * work tree has (a bundle left in sandbox-runner/, a build output, a scratch file in an exercise's folder) must key
 * nothing: once it did, and every remembered pass missed in CI. Undefined where `root` is not the top of a git
 * work tree (a copy a test makes): every file counts there.
 */
export async function checkoutFiles(root: string): Promise<Set<string> | undefined> {
  const git = (args: string[]) =>
    run("git", ["-C", root, ...args], { maxBuffer: 64 * 1024 * 1024 }).then(
      (r) => r.stdout,
      () => undefined,
    );
  const top = (await git(["rev-parse", "--show-toplevel"]))?.trim();
  if (!top || (await realpath(top)) !== (await realpath(root))) return undefined;
  const listed = await git(["ls-files", "-z", "--cached", "--others", "--exclude-standard"]);
  if (listed === undefined) return undefined;
  return new Set(
    listed
      .split("\0")
      .filter(Boolean)
      .map((file) => path.join(root, file)),
  );
}

/** One hash over the files' names (relative to root) and contents. */
async function hashFiles(files: string[], root: string, hashOf: (file: string) => Promise<string>): Promise<string> {
  const hash = createHash("sha256");
  const each = await Promise.all(files.map(hashOf));
  files.forEach((file, i) => {
    hash.update(`${path.relative(root, file)}\0${each[i]}\n`);
  });
  return hash.digest("hex");
}

/** Node's version, the daemon's build and the buildx plugin that grading builds through, the seeded images' ids. */
async function machineIdentity(docker: Docker): Promise<{ node: string; engine: string; images: string }> {
  const [version, buildx, ids] = await Promise.all([
    docker.version(),
    run(engineEndpoint().cli, ["buildx", "version"], { env: engineShellEnv() }),
    Promise.all(
      SEEDED_IMAGES.map(async ({ name }) => {
        const image = await docker
          .getImage(name)
          .inspect()
          .catch(() => undefined);
        return `${name}=${image?.Id ?? "missing"}`;
      }),
    ),
  ]);
  return {
    node: process.version,
    engine: sha256(JSON.stringify([version.Version, version.GitCommit, version.ApiVersion, buildx.stdout.trim()])),
    images: sha256(ids.join("\n")),
  };
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
