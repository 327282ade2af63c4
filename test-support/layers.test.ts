import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { build, type Metafile } from "esbuild";
import { beforeAll, describe, expect, it } from "vitest";

/**
 * The layers of the code base (docs/architecture.md), read off the real import graph: esbuild resolves every
 * import of every production file exactly as the bundlers do (tsconfig paths included), and each rule below
 * lists the imports that break it. Type-only imports are erased first, as at run time.
 */
const ROOT = path.resolve(import.meta.dirname, "..");
const TEST_CODE = /\.test\.tsx?$|^e2e\/|^bench\/|^test-support\/|\/testing\//;

let graph: Map<string, string[]>;
let sources: string[];

beforeAll(async () => {
  const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "*.ts", "*.tsx"], {
    cwd: ROOT,
    encoding: "utf8",
  })
    .split("\n")
    .filter((file) => /^(app|components|lib|sandbox-runner|scripts)\//.test(file) && !TEST_CODE.test(file))
    .filter(
      (file) => !file.endsWith(".d.ts") && !file.startsWith("lib/generated/") && existsSync(path.join(ROOT, file)),
    );
  sources = files;
  const result = await build({
    absWorkingDir: ROOT,
    // "./": with packages external, a bare "lib/x.ts" would read as a package name.
    entryPoints: files.map((file) => `./${file}`),
    bundle: true,
    write: false,
    metafile: true,
    packages: "external",
    platform: "node",
    format: "esm",
    outdir: "out",
    jsx: "automatic",
    loader: { ".css": "empty", ".json": "json" },
    logLevel: "silent",
  });
  graph = importGraph(result.metafile);
}, 60_000);

function importGraph(metafile: Metafile): Map<string, string[]> {
  const edges = new Map<string, string[]>();
  for (const [file, input] of Object.entries(metafile.inputs)) {
    if (file.startsWith("node_modules/")) continue;
    edges.set(
      file,
      input.imports.filter((i) => !i.external && !i.path.startsWith("node_modules/")).map((i) => i.path),
    );
  }
  return edges;
}

function breaches(from: RegExp, to: RegExp, except: RegExp = /$^/): string[] {
  const found: string[] = [];
  for (const [file, imports] of graph) {
    if (!from.test(file) || except.test(file)) continue;
    for (const target of imports) if (to.test(target)) found.push(`${file} -> ${target}`);
  }
  return found;
}

describe("layers", () => {
  it("lib/ is the bottom layer: it never reaches up into routes, React, the runner or the scripts", () => {
    expect(breaches(/^lib\//, /^(app|components|sandbox-runner|scripts)\//)).toEqual([]);
  });

  it("the runner is a service of its own: no routes, React or operator scripts", () => {
    expect(breaches(/^sandbox-runner\//, /^(app|components|scripts)\//)).toEqual([]);
  });

  it("each runner area takes lib/ only through its own facade, <area>/lib.ts", () => {
    const facades = new Set(Object.keys(RUNNER_AREAS).map(facadeOf));
    const runner = (file: string) => file.startsWith("sandbox-runner/") && !facades.has(file);
    expect(breaches(/^sandbox-runner\//, /^lib\//, new RegExp(`^(${[...facades].join("|")})$`))).toEqual([]);
    // Type-only imports are gone from the graph, so the source text is read too: a type ties areas as a call does.
    const crossing: string[] = [];
    for (const file of sources.filter(runner)) {
      const own = facadeOf(runnerArea(file));
      for (const target of importedPaths(file)) {
        const facade = facades.has(`${target}.ts`) ? `${target}.ts` : undefined;
        if (target.startsWith("lib/")) crossing.push(`${file} -> ${target}`);
        if (facade && facade !== own) crossing.push(`${file} -> ${facade} (its own is ${own})`);
      }
    }
    expect(crossing).toEqual([]);
  });

  it("the web app queues work for runners and never loads the runner's code", () => {
    expect(breaches(/^(app|components)\//, /^(sandbox-runner|scripts)\//)).toEqual([]);
  });

  it("production code never loads test support", () => {
    expect(breaches(/^/, TEST_CODE)).toEqual([]);
  });

  it("has no import cycles", () => {
    expect(cycles(graph)).toEqual([]);
  });

  it("no two lib/ folders import each other, even through others or by types alone", () => {
    expect(tangledFolders("lib")).toEqual([]);
  });

  it("no two components/ folders import each other, even through others or by types alone", () => {
    expect(tangledFolders("components")).toEqual([]);
  });
});

/**
 * The runner's areas (docs/architecture.md): the core, each host, what the session hosts share, and the
 * verifications. Each takes lib/ through its facade `sandbox-runner/<area>/lib.ts` and nothing else, so a host loads
 * only the shared code it uses. A file belongs to the first area whose pattern matches its path below sandbox-runner/.
 */
const RUNNER_AREAS: Record<string, RegExp> = {
  grading: under(
    ...["pipeline/", "run/", "inspect/", "cache/", "compose/", "cli/", "grading/", "hosts/grading.ts"],
    ...["grading-job.ts", "grading-sink.ts", "event-sink.ts", "grade-cli.ts", "submission-in-flight.ts"],
    "docker/apply-dockerignore.ts",
  ),
  shell: under("shell/"),
  labs: under("labs/", "hosts/labs.ts"),
  sessions: under("sessions/"),
  verify: under("verify/", "remembered/"),
  core: /^/,
};

/** The paths below sandbox-runner/ in any of these folders (ending in "/") or these files. */
function under(...paths: string[]): RegExp {
  const alternatives = paths.map((p) => (p.endsWith("/") ? p : `${p}$`).replaceAll(".", "\\."));
  return new RegExp(`^(${alternatives.join("|")})`);
}

function runnerArea(file: string): string {
  const inRunner = file.replace(/^sandbox-runner\//, "");
  return Object.entries(RUNNER_AREAS).find(([, pattern]) => pattern.test(inRunner))![0];
}

function facadeOf(area: string): string {
  return `sandbox-runner/${area}/lib.ts`;
}

/** What a file's import and export specifiers name, relative ones resolved from the root (no extension). */
function importedPaths(file: string): string[] {
  const specifier = /(?:from|import)\s*\(?\s*"([^"]+)"/g;
  return [...readFileSync(path.join(ROOT, file), "utf8").matchAll(specifier)]
    .map(([, spec]) => (spec!.startsWith("@/") ? spec!.slice(2) : spec!))
    .filter((spec) => !spec.startsWith("@") && (spec.startsWith(".") || /^(lib|sandbox-runner)\//.test(spec)))
    .map((spec) =>
      (spec.startsWith(".") ? path.posix.join(path.posix.dirname(file), spec) : spec).replace(/\.ts$/, ""),
    );
}

/** The folders of `layer` that import each other, each group as the imports that tie it, with a file of each. */
function tangledFolders(layer: "lib" | "components"): string[][] {
  const { edges, example } = folderGraph(layer);
  return cycles(edges).map((folders) =>
    folders.flatMap((from) =>
      (edges.get(from) ?? [])
        .filter((to) => folders.includes(to))
        .map((to) => `${from} -> ${to} (${example.get(`${from}>${to}`)})`),
    ),
  );
}

/**
 * The top folders of `layer` as a graph: an edge from a folder to each other folder one of its production files
 * imports, read from the source text so that type-only imports count (they tie the folders' meanings as much as a
 * call does).
 */
function folderGraph(layer: string): { edges: Map<string, string[]>; example: Map<string, string> } {
  const folderOf = (file: string) => new RegExp(`^${layer}/([^/]+)/`).exec(file)?.[1];
  const edges = new Map<string, Set<string>>();
  const example = new Map<string, string>();
  const specifier = /(?:from|import)\s*\(?\s*"([^"]+)"/g;
  for (const file of sources) {
    const from = folderOf(file);
    if (!from) continue;
    for (const [, spec] of readFileSync(path.join(ROOT, file), "utf8").matchAll(specifier)) {
      const target = spec!.startsWith("@/")
        ? spec!.slice(2)
        : spec!.startsWith(".")
          ? path.posix.join(path.posix.dirname(file), spec!)
          : null;
      const to = target && folderOf(target);
      if (!to || to === from) continue;
      edges.set(from, (edges.get(from) ?? new Set()).add(to));
      if (!example.has(`${from}>${to}`)) example.set(`${from}>${to}`, file);
    }
  }
  return { edges: new Map([...edges].map(([folder, to]) => [folder, [...to].sort()])), example };
}

/** Strongly connected components with more than one file (Tarjan), each listed from its first file. */
function cycles(edges: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const next of edges.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1) found.push(component.sort());
  };
  for (const node of [...edges.keys()].sort()) if (!index.has(node)) visit(node);
  return found;
}
