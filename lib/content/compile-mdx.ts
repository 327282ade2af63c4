import { createHash, randomUUID } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import rehypeShiki from "@shikijs/rehype";
import { bundleMDX } from "mdx-bundler";
import remarkGfm from "remark-gfm";
import { isErrno } from "../errors/errno";
import { ContentFault } from "./content-fault";
import type { ContentProblem } from "./content-problem";
import { contentCacheDir } from "./content-root";
import { rehypeCodeTitles } from "./rehype-code-titles";
import { rehypeHeadingIds } from "./rehype-heading-ids";
import { rehypeTryInPlayground } from "./rehype-try-in-playground";

// Bump when the compile options change so old cache entries are ignored.
const COMPILER_VERSION = "mdx-bundler@10/gfm/shiki4/heading-ids/try-in-playground/4";

// Highlighting happens here, once per compile; the output is cached, so no grammar reaches a request or a browser.
const HIGHLIGHT = {
  themes: { light: "github-light-default", dark: "github-dark-default" },
  langs: ["dockerfile", "bash", "shell", "python", "yaml", "json", "toml", "ini", "diff", "text", "markdown"],
  fallbackLanguage: "text",
  defaultLanguage: "text",
  addLanguageClass: true,
} as const;

// A page and its metadata load the same lesson at the same time: compile once.
const compiled = new Map<string, Promise<string>>();

/**
 * Compiles MDX to a function body, cached in memory and on disk by the hash of source and compiler version.
 * `firstLine`: the line of `file` on which `source` starts, so a syntax error names the file's line.
 */
export async function compileMdx(source: string, file: string, firstLine = 1): Promise<string> {
  const hash = createHash("sha256").update(COMPILER_VERSION).update("\0").update(source).digest("hex");
  let code = compiled.get(hash);
  if (!code) {
    code = loadOrCompile(hash, source, file, firstLine);
    // A failed compile is not kept: the next load tries again (and reports the problem again).
    code.catch(() => compiled.delete(hash));
    compiled.set(hash, code);
  }
  return code;
}

async function loadOrCompile(hash: string, source: string, file: string, firstLine: number): Promise<string> {
  const cached = await readCache(hash);
  const code = cached ?? (await bundle(source, file, firstLine));
  if (!cached) await writeCache(hash, code);
  return code;
}

async function bundle(source: string, file: string, firstLine: number): Promise<string> {
  try {
    const result = await bundleMDX({
      source,
      cwd: path.dirname(file),
      // A syntax error is thrown, located, as a ContentFault; esbuild's own print of it would only repeat it.
      esbuildOptions(options) {
        options.logLevel = "silent";
        return options;
      },
      mdxOptions(options) {
        options.remarkPlugins = [...(options.remarkPlugins ?? []), remarkGfm];
        options.rehypePlugins = [
          ...(options.rehypePlugins ?? []),
          rehypeHeadingIds,
          rehypeTryInPlayground,
          rehypeCodeTitles,
          [rehypeShiki, HIGHLIGHT],
        ];
        return options;
      },
    });
    return result.code;
  } catch (err) {
    throw new ContentFault([compileProblem(err, file, firstLine)], { cause: err });
  }
}

interface MdxMessage {
  line?: number;
  column?: number;
  reason?: string;
  cause?: MdxMessage;
}
interface EsbuildMessage {
  text: string;
  location?: { line: number; column: number } | null;
  detail?: MdxMessage;
}

// "(5:1-5:10)": the MDX parser's position of a tag it mentions, counted from the start of the body.
const BODY_RANGE = /\((\d+):(\d+)-\d+:\d+\)/g;

/**
 * The MDX parser's own message at its line in the file: esbuild's detail (sometimes wrapped once more), or for an
 * unclosed tag, reported at the end of the file, the tag's position in the text.
 */
function compileProblem(err: unknown, file: string, firstLine: number): ContentProblem {
  const first = (err as { errors?: EsbuildMessage[] }).errors?.[0];
  if (!first) return { file, message: `MDX does not compile: ${(err as Error).message}` };
  const detail = first.detail?.cause ?? first.detail;
  const reason = detail?.reason ?? first.text;
  const named = /\((\d+):(\d+)-/.exec(reason);
  const [line, column] =
    detail?.line !== undefined
      ? [detail.line, detail.column]
      : first.location?.line
        ? [first.location.line, first.location.column + 1]
        : named
          ? [Number(named[1]), Number(named[2])]
          : [undefined, undefined];
  const toFile = (bodyLine: number) => bodyLine + firstLine - 1;
  const message = reason.replace(BODY_RANGE, (_, l: string) => `(line ${toFile(Number(l))})`);
  return {
    file,
    line: line === undefined ? undefined : toFile(line),
    column,
    message: `MDX does not compile: ${message}`,
  };
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
