import { createHash, randomUUID } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import rehypeShiki from "@shikijs/rehype";
import { bundleMDX } from "mdx-bundler";
import remarkGfm from "remark-gfm";
import { isErrno } from "../errors/errno";
import { PlatformFault } from "../errors/platform-fault";
import { contentCacheDir } from "./content-root";
import { rehypeCodeTitles } from "./rehype-code-titles";
import { rehypeHeadingIds } from "./rehype-heading-ids";

// Bump when the compile options change so old cache entries are ignored.
const COMPILER_VERSION = "mdx-bundler@10/gfm/shiki4/heading-ids/2";

// Highlighting happens here, once per compile; the output is cached, so no grammar reaches a request or a browser.
const HIGHLIGHT = {
  themes: { light: "github-light", dark: "github-dark" },
  langs: ["dockerfile", "bash", "shell", "python", "yaml", "json", "toml", "ini", "diff", "text", "markdown"],
  fallbackLanguage: "text",
  defaultLanguage: "text",
  addLanguageClass: true,
} as const;

const memory = new Map<string, string>();
// A page and its metadata load the same lesson at the same time: compile once.
const inFlight = new Map<string, Promise<string>>();

/**
 * Compiles MDX to a function body, at most once per distinct source: results
 * are cached in memory and on disk under the hash of source + compiler version.
 */
export async function compileMdx(source: string, file: string): Promise<string> {
  const hash = createHash("sha256").update(COMPILER_VERSION).update("\0").update(source).digest("hex");
  const known = memory.get(hash);
  if (known) return known;
  let pending = inFlight.get(hash);
  if (!pending) {
    pending = loadOrCompile(hash, source, file).finally(() => inFlight.delete(hash));
    inFlight.set(hash, pending);
  }
  return pending;
}

async function loadOrCompile(hash: string, source: string, file: string): Promise<string> {
  const cached = await readCache(hash);
  const code = cached ?? (await bundle(source, file));
  memory.set(hash, code);
  if (!cached) await writeCache(hash, code);
  return code;
}

async function bundle(source: string, file: string): Promise<string> {
  try {
    const result = await bundleMDX({
      source,
      cwd: path.dirname(file),
      mdxOptions(options) {
        options.remarkPlugins = [...(options.remarkPlugins ?? []), remarkGfm];
        options.rehypePlugins = [
          ...(options.rehypePlugins ?? []),
          rehypeHeadingIds,
          rehypeCodeTitles,
          [rehypeShiki, HIGHLIGHT],
        ];
        return options;
      },
    });
    return result.code;
  } catch (err) {
    const message = `${path.relative(process.cwd(), file)}: MDX does not compile: ${(err as Error).message}`;
    throw new PlatformFault("content", message, { cause: err });
  }
}

async function readCache(hash: string): Promise<string | undefined> {
  try {
    return await readFile(path.join(contentCacheDir(), `${hash}.js`), "utf8");
  } catch (err) {
    // Not cached yet is the normal miss. An unreadable cache is worth a log line, but compiling still works.
    if (!isErrno(err, "ENOENT")) console.warn("[content] could not read the compiled-lesson cache:", err);
    return undefined;
  }
}

async function writeCache(hash: string, code: string): Promise<void> {
  const dir = contentCacheDir();
  await mkdir(dir, { recursive: true });
  // Write then rename so a concurrent reader never sees half a file.
  // Unique per write: two processes (the content build and a server) may compile the same lesson.
  const tmp = path.join(dir, `${hash}.${process.pid}.${randomUUID()}.tmp`);
  await writeFile(tmp, code);
  await rename(tmp, path.join(dir, `${hash}.js`));
}
