import { posix } from "node:path";
import type { CheckOutcome, DockerfileModel, Finding } from "../../grading/lib";
import { closestWord, fail, LESSONS, pass, skipped } from "../../grading/lib";
import type { ImageCheck } from "../image-check";
import type { FileEntry, ImageFacts } from "../image-facts";
import { overlayOf } from "../overlay-layers";
import { cmdOrEntrypoint } from "./cmd-or-entrypoint";
import { absoluteIn, type ImageTree, listDirectory, resolvePath } from "./image-path";
import { canExecute, modeString, resolveUser, type UserIds } from "./image-user";
import { type StartTargets, type StartWord, startTargets } from "./start-command";

/** Docker's PATH for an image that sets none. */
const DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

export const startCommandExists: ImageCheck = {
  spec: {
    id: "correctness.start-command-exists",
    category: "correctness",
    title: "The start command's program and script exist in the image",
    method: "image",
    measures:
      "Resolves the final CMD/ENTRYPOINT in the built image's file tree: the program on the image's PATH (or " +
      "relative to WORKDIR), following symlinks, executable by the image's USER; and the script or module a " +
      "known interpreter is told to run (python, node, sh/bash, uvicorn/gunicorn), relative to WORKDIR.",
    points: 2,
    why:
      "A start command that names a missing file builds without complaint: Docker only finds out when the " +
      "container starts, and then it exits at once. A typo in CMD, a COPY to another directory or a WORKDIR " +
      "that does not match ships an image that can never run.",
    fix:
      "Make CMD/ENTRYPOINT name files that are in the final image, relative to WORKDIR: check where COPY put " +
      "them (e.g. `WORKDIR /srv` + `COPY app/ ./app/` puts app/main.py at /srv/app/main.py).",
    lesson: LESSONS.serviceDockerfile,
    equivalent: "container-structure-test (fileExistenceTest)",
  },
  run({ facts, dockerfile }) {
    const targets = startTargets(facts.config);
    if (!targets) return skipped(`The image has no CMD or ENTRYPOINT (see "${cmdOrEntrypoint.spec.title}").`);
    return judgeStart(facts, dockerfile, targets);
  },
};

interface Context {
  tree: ImageTree;
  workdir: string;
  pathDirs: string[];
  /** Where Python imports from besides WORKDIR. */
  pythonPath: string[];
  user: UserIds;
  at: (word: StartWord) => string;
  instruction: (word: StartWord) => string;
}

function judgeStart(facts: ImageFacts, dockerfile: DockerfileModel, targets: StartTargets): CheckOutcome {
  const shipped = dockerfile.shippedStages.flatMap((s) => s.instructions);
  const lastOf = (keyword: string) => shipped.findLast((i) => i.keyword === keyword);
  const sources = { entrypoint: lastOf("ENTRYPOINT"), cmd: lastOf("CMD") };
  const ctx: Context = {
    tree: overlayOf(facts.layers).final,
    workdir: facts.config.workingDir || "/",
    pathDirs: (facts.config.env.PATH ?? DEFAULT_PATH).split(":").filter((d) => d.startsWith("/")),
    pythonPath: (facts.config.env.PYTHONPATH ?? "").split(":").filter((d) => d.startsWith("/")),
    user: resolveUser(facts.config.user, facts.accounts),
    at: (word) => {
      const line = sources[word.from]?.line;
      return line ? `Dockerfile:${line}` : `image config (${word.from === "cmd" ? "Cmd" : "Entrypoint"})`;
    },
    instruction: (word) => (word.from === "cmd" ? "CMD" : "ENTRYPOINT"),
  };
  const evidence =
    `Entrypoint = ${JSON.stringify(facts.config.entrypoint)}, Cmd = ${JSON.stringify(facts.config.cmd)}, ` +
    `WORKDIR = ${ctx.workdir}, USER = ${facts.config.user || "root"}`;

  const findings: Finding[] = [];
  const notes = [
    checkProgram(ctx, targets.program, findings),
    targets.shellProgram && checkProgram(ctx, targets.shellProgram, findings),
    targets.script && checkScript(ctx, targets.script, findings),
    targets.module && checkModule(ctx, targets.module, findings),
  ].filter(Boolean);
  if (findings.length > 0) return fail(...findings.map((f) => ({ ...f, evidence: f.evidence ?? evidence })));
  return pass(`The start command's files are in the image: ${notes.join("; ")}.`, evidence);
}

/** The program on PATH (or by path), executable by USER; a note for the pass message, or a finding. */
function checkProgram(ctx: Context, word: StartWord, findings: Finding[]): string | undefined {
  const name = word.word;
  const location = ctx.at(word);
  const candidates = name.includes("/")
    ? [absoluteIn(ctx.workdir, name)]
    : ctx.pathDirs.map((d) => posix.join(d, name));
  const existing = candidates
    .map((path) => ({ path, resolved: resolvePath(ctx.tree, path) }))
    .flatMap(({ path, resolved }) =>
      "found" in resolved && isRegular(resolved.found) ? [{ path, real: resolved.path, entry: resolved.found }] : [],
    );
  // The engine's PATH search, like execvp, skips files nobody may execute.
  const chosen = existing.find((e) => (e.entry.mode & 0o111) !== 0) ?? existing[0];
  if (!chosen) {
    const where = name.includes("/")
      ? `there is no ${candidates[0]} in the image`
      : `no directory on the image's PATH (${ctx.pathDirs.join(":")}) has it`;
    const known = name.includes("/") ? [] : ctx.pathDirs.flatMap((d) => listDirectory(ctx.tree, d));
    const close = known.length ? closestWord(name, [...new Set(known)]) : undefined;
    findings.push({
      message:
        `${ctx.instruction(word)} starts \`${name}\`, but ${where}, so the container cannot start ` +
        '(Docker reports "executable file not found").',
      location,
      fix: close
        ? `Did you mean \`${close}\`? Change \`${name}\` to \`${close}\` in the ${ctx.instruction(word)}.`
        : `Install ${name} in the final stage (or COPY it from the stage that built it), or start a program ` +
          "the image has.",
    });
    return undefined;
  }
  const via = chosen.real !== chosen.path ? ` (${chosen.real})` : "";
  if ("unknown" in ctx.user) return `${chosen.path}${via}`;
  if ((chosen.entry.mode & 0o111) === 0 || !canExecute(chosen.entry, ctx.user)) {
    const { uid, gid = 0, mode } = chosen.entry;
    const owner = `owner uid ${uid}, group ${gid}, mode ${modeString(mode)}`;
    findings.push({
      message:
        `${ctx.instruction(word)} starts ${chosen.path}${via}, but the image's user ` +
        `${ctx.user.name} (uid ${ctx.user.uid}) may not execute it (${owner}): the container fails with ` +
        '"permission denied".',
      location,
      fix:
        `Make it executable for everyone when you copy it (\`COPY --chmod=755 ...\` or \`RUN chmod 755 ` +
        `${chosen.real}\`), or run a script through its interpreter, e.g. \`CMD ["python", "app.py"]\`.`,
    });
    return undefined;
  }
  return `${chosen.path}${via} is executable by ${ctx.user.name}`;
}

/** The script an interpreter is told to run, relative to WORKDIR. */
function checkScript(ctx: Context, word: StartWord & { interpreter: string }, findings: Finding[]): string | undefined {
  const path = absoluteIn(ctx.workdir, word.word);
  const resolved = resolvePath(ctx.tree, path);
  if ("found" in resolved && resolved.found.type !== "dir") return `${word.word} is at ${resolved.path}`;
  const missing = "missing" in resolved ? resolved.missing : path;
  const close = closeWord(ctx, word.word, path, missing, (candidate) => {
    const found = resolvePath(ctx.tree, absoluteIn(ctx.workdir, candidate));
    return "found" in found && found.found.type !== "dir";
  });
  const what = "found" in resolved ? `${path} is a directory, not a file` : `there is no ${missing}`;
  findings.push({
    message:
      `${ctx.instruction(word)} runs \`${word.interpreter} ${word.word}\`, but ${what} in the image ` +
      `(${word.word} is relative to WORKDIR ${ctx.workdir}), so ${word.interpreter} exits at once.`,
    location: ctx.at(word),
    fix: close
      ? `${word.word} does not exist, ${close} does: change \`${word.word}\` to \`${close}\` in the ` +
        `${ctx.instruction(word)}.`
      : `COPY ${word.word} into the image, or point the ${ctx.instruction(word)} at the file where COPY put it ` +
        `(relative to WORKDIR ${ctx.workdir}).`,
  });
  return undefined;
}

/**
 * A module to import from the working directory: checked only when its top package is there (or on PYTHONPATH),
 * since an installed module (uvicorn, http.server) lives in site-packages, where the image's own Python looks.
 */
function checkModule(
  ctx: Context,
  word: StartWord & { runner: string; needsMain: boolean },
  findings: Finding[],
): string | undefined {
  const parts = word.word.split(".");
  const bases = [ctx.workdir, ...ctx.pythonPath];
  const exists = (path: string) => "found" in resolvePath(ctx.tree, path);
  const base = bases.find((b) => exists(posix.join(b, parts[0]!)) || exists(posix.join(b, `${parts[0]}.py`)));
  if (!base) return undefined;
  const moduleFile = (candidate: string[]) => {
    const stem = posix.join(base, ...candidate);
    const files = [`${stem}.py`, posix.join(stem, word.needsMain ? "__main__.py" : "__init__.py")];
    return files.find((f) => {
      const r = resolvePath(ctx.tree, f);
      return "found" in r && r.found.type !== "dir";
    });
  };
  const file = moduleFile(parts);
  if (file) return `module ${word.word} is ${file}`;
  const dir = posix.join(base, ...parts.slice(0, -1));
  const names = listDirectory(ctx.tree, dir).map((n) => n.replace(/\.py$/, ""));
  const last = parts[parts.length - 1]!;
  const closeName = closestWord(
    last,
    names.filter((n) => n !== "__pycache__" && n !== "__init__"),
  );
  const close =
    closeName && moduleFile([...parts.slice(0, -1), closeName]) ? [...parts.slice(0, -1), closeName] : undefined;
  const initFile = word.needsMain ? "__main__.py" : "__init__.py";
  const how = word.runner.startsWith("python") ? `${word.runner} -m ${word.word}` : `${word.runner} ${word.word}:…`;
  findings.push({
    message:
      `${ctx.instruction(word)} runs \`${how}\`, but the image has no module ${word.word}: neither ` +
      `${posix.join(base, ...parts)}.py nor ${posix.join(base, ...parts, initFile)} ` +
      `exists (modules are found from WORKDIR ${ctx.workdir}), so the container exits at once.`,
    location: ctx.at(word),
    fix: close
      ? `Did you mean ${close.join(".")}? Change \`${word.word}\` to \`${close.join(".")}\` in the ` +
        `${ctx.instruction(word)}.`
      : `COPY the package into WORKDIR ${ctx.workdir}, or name the module where COPY put it.`,
  });
  return undefined;
}

/**
 * The word with its missing path component replaced by the closest existing name in that directory, when the
 * result exists ("app/mian.py" → "app/main.py").
 */
function closeWord(
  ctx: Context,
  word: string,
  path: string,
  missing: string,
  exists: (candidate: string) => boolean,
): string | undefined {
  const name = posix.basename(missing);
  const names = listDirectory(ctx.tree, posix.dirname(missing)).filter((n) => n !== name);
  const close = closestWord(name, names);
  if (!close) return undefined;
  const rest = path.slice(missing.length);
  const fixedPath = posix.join(posix.dirname(missing), close) + rest;
  const candidate = word.startsWith("/") ? fixedPath : posix.relative(ctx.workdir, fixedPath);
  return exists(candidate) ? candidate : undefined;
}

function isRegular(entry: FileEntry): boolean {
  return entry.type === "file" || entry.type === "hardlink";
}
