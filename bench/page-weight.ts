/**
 * The JavaScript a page loads before the learner can interact with it, gzipped, read from a production build
 * (`npx next build`), and separately what loads later (dynamic imports, the instant-checks worker).
 *
 *   node --import tsx bench/page-weight.ts [.next directory=.next]
 *
 * "Before interaction" is what Next puts in the page's HTML as script tags: the framework's root chunks (React,
 * the router, Turbopack's runtime; the same on every page) from the route's build manifest, and the entry chunks
 * of the page's layouts, boundaries and page from its client reference manifest. The nomodule polyfills are left
 * out: browsers that run the app never fetch them. "Later" is every chunk the first ones name, transitively.
 * Exits 1 when the exercise page's JavaScript before interaction exceeds the budget.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { runInNewContext } from "node:vm";
import { gzipSync } from "node:zlib";
import { z } from "zod";

const BUDGET_BYTES = 150_000;
const EXERCISE_ROUTE = "/exercises/[slug]";
const ROUTES = [EXERCISE_ROUTE, "/lessons/[slug]"];

const nextDir = path.resolve(process.argv[2] ?? ".next");
if (!existsSync(path.join(nextDir, "BUILD_ID"))) {
  console.error(`No production build in ${nextDir}: run \`npx next build\` first.`);
  process.exit(2);
}

const buildManifestSchema = z.object({ rootMainFiles: z.array(z.string()) });
const clientManifestSchema = z.object({ entryJSFiles: z.record(z.string(), z.array(z.string())) });
// Turbopack names async chunks and worker chunks by these paths inside the chunks that load them.
const CHUNK_REFERENCE = /static\/chunks\/[\w.-]+\.js/g;

const gzipped = new Map<string, number>();
function gzipSize(chunk: string): number {
  let size = gzipped.get(chunk);
  if (size === undefined) {
    size = gzipSync(readFileSync(path.join(nextDir, chunk))).length;
    gzipped.set(chunk, size);
  }
  return size;
}

function initialChunks(route: string): { framework: string[]; entries: string[] } {
  const dir = path.join(nextDir, "server/app", route);
  const build = buildManifestSchema.parse(JSON.parse(readFileSync(path.join(dir, "page/build-manifest.json"), "utf8")));
  // The client reference manifest is a script assigning to globalThis.__RSC_MANIFEST; run it in an empty context.
  const sandbox: { __RSC_MANIFEST?: Record<string, unknown> } = {};
  runInNewContext(readFileSync(path.join(dir, "page_client-reference-manifest.js"), "utf8"), sandbox);
  const client = clientManifestSchema.parse(sandbox.__RSC_MANIFEST?.[`${route}/page`]);
  const entries = [...new Set(Object.values(client.entryJSFiles).flat())].filter((c) => c.endsWith(".js"));
  return { framework: build.rootMainFiles, entries: entries.filter((c) => !build.rootMainFiles.includes(c)) };
}

function laterChunks(initial: string[]): string[] {
  const seen = new Set(initial);
  const queue = [...initial];
  const later: string[] = [];
  for (let chunk = queue.shift(); chunk !== undefined; chunk = queue.shift()) {
    for (const [found] of readFileSync(path.join(nextDir, chunk), "utf8").matchAll(CHUNK_REFERENCE)) {
      if (seen.has(found)) continue;
      seen.add(found);
      later.push(found);
      queue.push(found);
    }
  }
  return later;
}

const kB = (bytes: number): string => `${(bytes / 1000).toFixed(1)} kB`;
const total = (chunks: string[]): number => chunks.reduce((sum, c) => sum + gzipSize(c), 0);

let exerciseInitial = 0;
for (const route of ROUTES) {
  const { framework, entries } = initialChunks(route);
  const initial = [...framework, ...entries];
  const later = laterChunks(initial);
  if (route === EXERCISE_ROUTE) exerciseInitial = total(initial);
  console.log(`\n${route}`);
  console.log(`  before interaction: ${kB(total(initial))} gzipped`);
  console.log(`    framework (every page): ${kB(total(framework))}`);
  for (const c of framework) console.log(`      ${path.basename(c).padEnd(36)} ${kB(gzipSize(c)).padStart(9)}`);
  console.log(`    layouts and page:       ${kB(total(entries))}`);
  for (const c of entries) console.log(`      ${path.basename(c).padEnd(36)} ${kB(gzipSize(c)).padStart(9)}`);
  console.log(`  loaded later: ${kB(total(later))} gzipped in ${later.length} chunks`);
  for (const c of later) console.log(`      ${path.basename(c).padEnd(36)} ${kB(gzipSize(c)).padStart(9)}`);
}

const verdict = exerciseInitial <= BUDGET_BYTES ? "within" : "OVER";
console.log(
  `\n${EXERCISE_ROUTE} before interaction: ${kB(exerciseInitial)}, ${verdict} the ${kB(BUDGET_BYTES)} budget`,
);
if (exerciseInitial > BUDGET_BYTES) process.exitCode = 1;
