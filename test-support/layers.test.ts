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

  it("the runner takes shared code from lib/ only through sandbox-runner/from-lib.ts", () => {
    expect(breaches(/^sandbox-runner\//, /^lib\//, /^sandbox-runner\/from-lib\.ts$/)).toEqual([]);
    // Type-only imports are gone from the graph; the surface lists types too.
    const typeImports = sources
      .filter((file) => file.startsWith("sandbox-runner/") && file !== "sandbox-runner/from-lib.ts")
      .filter((file) => /from "(\.\.\/)+lib\//.test(readFileSync(path.join(ROOT, file), "utf8")));
    expect(typeImports).toEqual([]);
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
