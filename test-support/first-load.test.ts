import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { build, type Metafile } from "esbuild";
import { beforeAll, describe, expect, it } from "vitest";

/**
 * What a page loads before interaction, read off the real import graph: the client components its layouts and page
 * import (files starting with "use client"), and everything those import statically; `import()` is left out, as
 * the browser loads it on demand. esbuild resolves the imports as the bundlers do and drops type-only ones. The
 * page-weight bench (bench/page-weight.ts) measures the bytes; this names the module when a heavy one creeps in.
 */
const ROOT = path.resolve(import.meta.dirname, "..");
const ROUTE_FILE = /(^|\/)(layout|page|template|error|global-error|not-found|forbidden|loading)\.tsx$/;

interface Edge {
  path: string;
  external: boolean;
  dynamic: boolean;
}

let inputs: Map<string, Edge[]>;
let routeFiles: string[];

beforeAll(async () => {
  routeFiles = readdirSync(path.join(ROOT, "app"), { recursive: true, encoding: "utf8" })
    .map((file) => `app/${file.split(path.sep).join("/")}`)
    .filter((file) => ROUTE_FILE.test(file));
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: routeFiles.map((file) => `./${file}`),
    bundle: true,
    write: false,
    metafile: true,
    packages: "external",
    platform: "neutral",
    format: "esm",
    outdir: "out",
    jsx: "automatic",
    loader: { ".css": "empty", ".json": "json" },
    logLevel: "silent",
  });
  inputs = edges(result.metafile);
}, 60_000);

function edges(metafile: Metafile): Map<string, Edge[]> {
  const found = new Map<string, Edge[]>();
  for (const [file, input] of Object.entries(metafile.inputs)) {
    found.set(
      file,
      input.imports.map((i) => ({ path: i.path, external: !!i.external, dynamic: i.kind === "dynamic-import" })),
    );
  }
  return found;
}

const isClient = (file: string): boolean => /^\s*["']use client["']/.test(readFileSync(path.join(ROOT, file), "utf8"));

/**
 * Each package that client code takes in by static imports, walking from `roots`, with the import chain that brings
 * it in. Server modules on the way are walked only to find the client components they render.
 */
function clientPackages(roots: string[]): Map<string, string[]> {
  const packages = new Map<string, string[]>();
  const queue = roots.map((file) => ({ file, client: isClient(file), chain: [file] }));
  const seen = new Set(queue.map(({ file, client }) => `${client}:${file}`));
  for (let item = queue.shift(); item !== undefined; item = queue.shift()) {
    for (const edge of inputs.get(item.file) ?? []) {
      // Server code may import anything; client code's import() waits for its moment, after the first load.
      if (item.client && edge.dynamic) continue;
      if (edge.external || edge.path.startsWith("node_modules/")) {
        const name = edge.path.replace(/^node_modules\//, "").match(/^(@[^/]+\/)?[^/]+/)?.[0] ?? edge.path;
        if (item.client && !packages.has(name)) packages.set(name, [...item.chain, name]);
        continue;
      }
      const client = item.client || isClient(edge.path);
      if (seen.has(`${client}:${edge.path}`)) continue;
      seen.add(`${client}:${edge.path}`);
      queue.push({ file: edge.path, client, chain: [...item.chain, edge.path] });
    }
  }
  return packages;
}

describe("first load", () => {
  it("sees a package a client component imports statically (the live preview's zod, the header's next/link)", () => {
    const packages = clientPackages(["components/authoring/live-reload.tsx", "app/layout.tsx"]);
    expect(packages.get("zod")).toEqual(["components/authoring/live-reload.tsx", "zod"]);
    expect(packages.get("next")).toBeDefined();
  });

  it("no page loads zod before interaction (~30 kB gzipped): client code that validates imports it on demand", () => {
    const chains = routeFiles.map((route) => clientPackages([route]).get("zod")?.join(" -> "));
    expect(chains.filter((chain) => chain !== undefined)).toEqual([]);
  });
});
