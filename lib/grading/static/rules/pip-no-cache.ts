import { LESSONS } from "../../../content/lesson-slugs";
import { lineageBefore } from "../../../dockerfile/model";
import { programArgv, type ShellCommand } from "../../../dockerfile/shell-commands";
import type { Finding } from "../../checks/check-spec";
import { normalizePath } from "../context-path";
import { type PipInstall, pipInstall } from "../pip-commands";
import { insertAfter, type QuickFix } from "../quick-fix";
import {
  outcome,
  resolvedMounts,
  rmIn,
  runCommandsIn,
  scratchMountOver,
  shippedInstructions,
  userAt,
} from "../rule-helpers";
import type { DockerInstruction, StaticContext } from "../static-context";
import { at, located, STATIC, type StaticRule } from "../static-rule";

/**
 * PIP_NO_CACHE_DIR: pip parses the value with strtobool and then disables the
 * cache for ANY valid boolean, "0"/"false"/"off" included: the option's
 * callback sets cache_dir = False whatever the value, kept for backwards
 * compatibility with the original inverted behaviour (see pip's
 * _handle_no_cache_dir and pypa/pip#5011). An empty value is skipped by pip's
 * config loader, so the cache stays on; any other value strtobool rejects
 * (e.g. "please") makes pip stop with an option error. So: any valid boolean
 * passes, an empty or invalid value fails with its own explanation.
 */
const PIP_BOOLEAN = /^(y|yes|t|true|on|1|n|no|f|false|off|0)$/i;
const UV_TRUE = /^(1|true|yes|on|t|y)$/i;

const TOOLS = {
  pip: { cacheVar: "PIP_CACHE_DIR", noCache: "--no-cache-dir", sub: "pip" },
  uv: { cacheVar: "UV_CACHE_DIR", noCache: "--no-cache", sub: "uv" },
} as const;
type Tool = keyof typeof TOOLS;

/** One pip install in one RUN, with what the rule needs to judge it. */
interface Install {
  ctx: StaticContext;
  run: DockerInstruction;
  command: ShellCommand;
  /** The command's position among the RUN's commands: variables exported before it apply. */
  index: number;
  pip: PipInstall;
}

export const pipNoCache: StaticRule = {
  spec: {
    ...STATIC,
    id: "size.pip-no-cache",
    category: "size",
    title: "pip does not keep its download cache in the image",
    measures:
      "pip install (and uv pip install) commands in the stages that make up the final image: each needs " +
      "--no-cache-dir (uv: --no-cache), PIP_NO_CACHE_DIR set (ENV or ARG) before it, a BuildKit cache or tmpfs mount " +
      "over the directory pip caches in (~/.cache/pip of the user it runs as, or PIP_CACHE_DIR / --cache-dir), " +
      "or removal of that cache in the same RUN.",
    points: 1,
    why:
      "pip saves every downloaded wheel in ~/.cache/pip so a second install on " +
      "your laptop is faster. In an image there is no second install: the cache " +
      "is a copy of everything you installed, often hundreds of MB for ML " +
      "libraries like torch or scikit-learn.",
    fix:
      "pip install --no-cache-dir -r requirements.txt (or ENV PIP_NO_CACHE_DIR=1 once). Equally good, and faster to " +
      "rebuild: mount a BuildKit cache where pip caches, which keeps the cache out of the image, and drop " +
      "--no-cache-dir so pip can use it: " +
      "RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt (when installing as root).",
    lesson: LESSONS.packages,
    equivalent: "hadolint DL3042",
  },
  quickFix: addNoCacheFlag,
  run(ctx) {
    const fails: Finding[] = [];
    let installs = 0;
    for (const { instruction: run, command, index } of runCommandsIn(shippedInstructions(ctx))) {
      const pip = pipInstall(command.argv);
      if (!pip) continue;
      installs++;
      const install: Install = { ctx, run, command, index, pip };
      const finding = pip.tool === "uv" ? checkUv(install) : checkPip(install);
      if (finding) fails.push(finding);
    }
    const passed =
      installs === 0
        ? "No pip install in the final image's stages."
        : "Every pip install leaves no download cache in the image.";
    return outcome(fails, [], passed);
  },
};

function checkPip(install: Install): Finding | undefined {
  const { pip, command } = install;
  if (pip.options.includes("--no-cache-dir")) return undefined;
  const value = setting(install, "PIP_NO_CACHE_DIR");
  const setTo = (effect: string): Finding => ({
    message: `PIP_NO_CACHE_DIR is set to "${value}": ${effect}.`,
    ...located(command),
    fix: "ENV PIP_NO_CACHE_DIR=1",
  });
  if (value !== undefined && value.trim() !== "") {
    if (PIP_BOOLEAN.test(value)) return undefined;
    return setTo("pip does not accept that as a boolean, so pip install stops with an option error");
  }
  const cache = cacheDir(install, "pip");
  if (cacheHandled(install, cache, "pip")) return undefined;
  if (value !== undefined) return setTo("pip ignores an empty setting, so the cache stays on");
  return cacheFinding(install, cache, "pip");
}

function checkUv(install: Install): Finding | undefined {
  if (install.pip.options.includes("--no-cache")) return undefined;
  if (UV_TRUE.test(setting(install, "UV_NO_CACHE") ?? "")) return undefined;
  const cache = cacheDir(install, "uv");
  return cacheHandled(install, cache, "uv") ? undefined : cacheFinding(install, cache, "uv");
}

/** Where the tool writes its cache in this RUN, and why; no path when that is the home of a user unknown here. */
interface CacheDir {
  path?: string;
  /** "/opt/pip-cache", or "app's ~/.cache/pip". */
  shown: string;
  because: string;
  user: string;
}

/** pip's and uv's own lookup order: the option, the tool's variable, XDG_CACHE_HOME, then ~/.cache of the user. */
function cacheDir(install: Install, tool: Tool): CacheDir {
  const { ctx, run } = install;
  const user = userAt(ctx, run);
  const { cacheVar, sub } = TOOLS[tool];
  const found = (path: string, because: string): CacheDir => {
    const absolute = `/${normalizePath(path.startsWith("/") ? path : `${ctx.workdir(run)}/${path}`)}`;
    return { path: absolute, shown: absolute, because, user };
  };
  const option = install.pip.options.find((o) => o.startsWith("--cache-dir="))?.slice("--cache-dir=".length);
  if (option) return found(ctx.expand(option, run), `--cache-dir sends it to ${option}`);
  const own = setting(install, cacheVar);
  if (own) return found(own, `${cacheVar} is ${own}`);
  const xdg = setting(install, "XDG_CACHE_HOME");
  if (xdg) return found(`${xdg}/${sub}`, `XDG_CACHE_HOME is ${xdg}`);
  const home = setting(install, "HOME");
  if (home) return found(`${home}/.cache/${sub}`, `HOME is ${home}`);
  if (/^(root|0)$/.test(user)) return found(`/root/.cache/${sub}`, "it runs as root");
  return { shown: `${user}'s ~/.cache/${sub}`, because: `it runs as ${user}`, user };
}

/** A variable as the command sees it: set inline, exported earlier in the RUN (a heredoc script), or by ENV/ARG. */
function setting({ ctx, run, command, index }: Install, name: string): string | undefined {
  const assigned = (words: readonly string[]) =>
    words.findLast((w) => w.startsWith(`${name}=`))?.slice(name.length + 1);
  const inline = assigned(command.argv.slice(0, command.argv.length - programArgv(command.argv).length));
  if (inline !== undefined) return ctx.expand(inline, run);
  for (const earlier of run.commands.slice(0, index).reverse()) {
    const assignmentsOnly = programArgv(earlier.argv).length === 0;
    const value = assigned(earlier.argv[0] === "export" ? earlier.argv.slice(1) : assignmentsOnly ? earlier.argv : []);
    if (value !== undefined) return ctx.expand(value, run);
  }
  return ctx.variable(name, run);
}

/** A cache/tmpfs mount over the cache, the cache removed in the same RUN, or pip configured earlier not to cache. */
function cacheHandled({ ctx, run }: Install, cache: CacheDir, tool: Tool): boolean {
  if (cache.path ? scratchMountOver(ctx, run, cache.path) : homeCacheMount(ctx, run, tool)) return true;
  const removed = (word: string) =>
    (cache.path !== undefined && word.replace(/\/\*?$/, "") === cache.path) ||
    (/\.cache(\/|$)/.test(word) && (word.includes(TOOLS[tool].sub) || /\.cache\/?\*?$/.test(word)));
  if (rmIn(run, removed)) return true;
  const configured = /pip config set \S*no-cache-dir|no-cache-dir\s*=\s*\S+.*pip\.conf/;
  return tool === "pip" && lineageBefore(ctx, run).some((i) => i.keyword === "RUN" && configured.test(i.source));
}

/** For a user whose home this check cannot know: a cache mount at some ~/.cache outside /root. */
function homeCacheMount(ctx: StaticContext, run: DockerInstruction, tool: Tool): boolean {
  const cacheDirectory = new RegExp(`/\\.cache(/${TOOLS[tool].sub})?$`);
  return resolvedMounts(ctx, run).some(
    ({ mount, target }) =>
      (mount.type === "cache" || mount.type === "tmpfs") && !target.startsWith("/root/") && cacheDirectory.test(target),
  );
}

function cacheFinding({ ctx, run, command }: Install, cache: CacheDir, tool: Tool): Finding {
  const { noCache, sub } = TOOLS[tool];
  const flagged = command.text.replace(/\binstall\b/, `install ${noCache}`);
  const mountAt = (path: string) => run.text.replace(/^RUN\s+/i, `RUN --mount=type=cache,target=${path} `);
  // Installing as root before USER is the simple way to a cache mount; a non-root user's cache needs uid= as well.
  const mountFix = cache.path
    ? "Equally good, and faster to rebuild: mount a BuildKit cache there, which keeps it out of the image: " +
      mountAt(cache.path)
    : `Or install before USER ${cache.user}, as root, with a cache mount, which keeps the cache out of the image: ` +
      mountAt(`/root/.cache/${sub}`);
  // A cache mount that misses the cache directory is the BuildKit mistake worth naming.
  const missed = resolvedMounts(ctx, run).find(
    ({ mount, target }) => mount.type === "cache" && /\.cache|pip|uv/.test(target),
  );
  if (missed) {
    const where = cache.path
      ? `Mount the cache at ${cache.path} instead (--mount=type=cache,target=${cache.path})`
      : `Install before USER ${cache.user}, as root, where the cache mount at /root/.cache/${sub} works; ` +
        `or mount ${cache.user}'s own cache ` +
        `(--mount=type=cache,target=<home of ${cache.user}>/.cache/${sub},uid=<UID of ${cache.user}>)`;
    return {
      message:
        `This RUN mounts a cache at ${missed.target}, but ${tool} writes its cache to ${cache.shown} ` +
        `(${cache.because}), so the download cache is still saved into this layer.`,
      location: at(command.line),
      evidence: run.text,
      fix: `${where}; or use ${flagged}.`,
    };
  }
  const name = tool === "uv" ? "uv pip install" : "pip install";
  return {
    message: `${name} runs without ${noCache}, so ${tool}'s download cache (${cache.shown}) is saved into this layer.`,
    ...located(command),
    fix: `${flagged}\n${mountFix}`,
  };
}

/** "--no-cache-dir" (uv: "--no-cache") right after the install word; the other ways out need a decision. */
function addNoCacheFlag(dockerfile: string, line: number): QuickFix | undefined {
  const uv = insertAfter(dockerfile, line, /\buv\s+pip\s+install\b/, " --no-cache");
  if (uv) return { title: "Add --no-cache to uv pip install", edits: [uv] };
  const pip = insertAfter(dockerfile, line, /\b(pip[\d.]*|python[\d.]*\s+-m\s+pip)\s+install\b/, " --no-cache-dir");
  return pip && { title: "Add --no-cache-dir to pip install", edits: [pip] };
}
