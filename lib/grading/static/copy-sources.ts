import { type DockerInstruction, flagValue } from "../../dockerfile/model";
import { normalizePath } from "./context-path";
import { isIgnored } from "./dockerignore";
import type { StaticContext } from "./static-context";

export interface CopySpec {
  /** Sources as written. */
  sources: string[];
  dest: string;
  /** The --from stage/image, if any: then the sources are not build-context files. */
  from?: string;
  /** COPY <<EOF: the content is inline, not from the context. */
  heredoc: boolean;
}

/** Splits a COPY/ADD into sources and destination. */
export function copySpec(instruction: DockerInstruction): CopySpec {
  const words = instruction.exec ?? instruction.args.split(" ").filter((w) => w !== "");
  const heredoc = words.some((w) => /^<<-?["']?[A-Za-z_]/.test(w));
  const dest = words.length > 1 ? words[words.length - 1]! : "";
  return { sources: heredoc ? [] : words.slice(0, -1), dest, from: flagValue(instruction, "from"), heredoc };
}

/** "COPY . ." sends everything: "." and "./" and "/" all mean the context root. */
export function isWholeContext(source: string): boolean {
  const cleaned = normalizePath(source);
  return cleaned === "" || cleaned === "*";
}

const GLOB = /[*?[]/;

/** The context files a COPY source brings in, after .dockerignore. */
export function contextFilesFor(ctx: StaticContext, source: string): string[] {
  const covered = sourceCovers(source);
  return [...ctx.files.keys()].filter((path) => !isIgnored(ctx.dockerignore, path) && covered(path));
}

/**
 * Whether a COPY/ADD source (as written, possibly a directory or glob) would bring in `path`, ignoring
 * .dockerignore.
 */
export function sourceIncludes(source: string, path: string): boolean {
  return sourceCovers(source)(normalizePath(path));
}

/** Which normalized context paths a COPY/ADD source (as written) brings in, .dockerignore aside. */
function sourceCovers(source: string): (path: string) => boolean {
  const cleaned = normalizePath(source);
  if (cleaned === "") return () => true;
  if (!GLOB.test(cleaned)) return (path) => path === cleaned || path.startsWith(`${cleaned}/`);
  const regex = globRegex(cleaned);
  return (path) => {
    const parts = path.split("/");
    // A glob that matches a directory copies that directory's content too.
    return parts.some((_, i) => regex.test(parts.slice(0, i + 1).join("/")));
  };
}

/**
 * Where a context file lands in the image for one COPY: a directory source
 * copies its content under dest; a file goes into dest when dest is a
 * directory ("./", ".", several sources, the WORKDIR) and becomes dest otherwise.
 */
export function imagePathOf(file: string, source: string, spec: CopySpec, workdir: string): string {
  const cleaned = normalizePath(source);
  const destAbs = spec.dest.startsWith("/")
    ? `/${normalizePath(spec.dest)}`
    : `/${normalizePath(`${workdir}/${spec.dest}`)}`;
  const join = (rest: string) => `${destAbs === "/" ? "" : destAbs}/${rest}`;
  if (cleaned === "" || (file !== cleaned && file.startsWith(`${cleaned}/`)))
    return join(file.slice(cleaned === "" ? 0 : cleaned.length + 1));
  const base = file.slice(file.lastIndexOf("/") + 1);
  const destIsDir =
    spec.dest.endsWith("/") ||
    spec.dest === "." ||
    spec.sources.length > 1 ||
    GLOB.test(cleaned) ||
    destAbs === `/${normalizePath(workdir)}`;
  return destIsDir ? join(base) : destAbs;
}

/**
 * A COPY source glob as BuildKit reads it: Go filepath.Match syntax ("*" and "?" stay inside one
 * path segment, "[...]" classes, "\\" escapes) plus "**" for any depth. Not the .dockerignore
 * matcher: a COPY source has no "!" exceptions and no last-rule-wins order.
 */
function globRegex(pattern: string): RegExp {
  let out = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "*" && pattern[i + 1] === "*") {
      i++;
      if (pattern[i + 1] === "/") {
        i++;
        out += "(?:.*/)?";
      } else out += ".*";
    } else if (c === "*") out += "[^/]*";
    else if (c === "?") out += "[^/]";
    else if (c === "[") {
      const close = pattern.indexOf("]", i + 1);
      if (close < 0) {
        out += "\\[";
        continue;
      }
      out += `[${pattern
        .slice(i + 1, close)
        .replace(/^!/, "^")
        .replace(/\\/g, "\\\\")}]`;
      i = close;
    } else if (c === "\\" && i + 1 < pattern.length) {
      out += escapeRegex(pattern[++i]!);
    } else out += escapeRegex(c);
  }
  try {
    return new RegExp(`^${out}$`);
  } catch {
    // BuildKit rejects a malformed pattern such as "[z-a]"; here it simply matches nothing.
    return /(?!)/;
  }
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}
