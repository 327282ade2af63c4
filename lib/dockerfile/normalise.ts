import type { DockerfileModel, DockerInstruction, InstructionFlag } from "./model";

/**
 * A Dockerfile reduced to what it does, for comparing learners' files: one line per instruction (plus one per line of
 * a here-document), in the file's order.
 *
 * Read from the one parsed model, so comments, blank lines, line continuations, runs of whitespace and the case of
 * keywords are already gone. On top of that, names that carry no meaning become placeholders numbered in order of
 * first appearance:
 * - stage aliases (`AS builder`, `--from=builder`, `FROM builder`, `RUN --mount=from=builder`) → stage1, stage2…;
 * - ARG names, and ENV names the file itself reads back as `$NAME`/`${NAME}` (a value made for the Dockerfile) →
 *   VAR1, VAR2…, with every use. Docker's predefined ARGs and the ENV names programs read (PATH, PYTHON*, PIP_*…)
 *   keep their names, and so does an ENV the file never reads: the program in the image reads it, so its name is
 *   what it means (`ENV PYTHONUNBUFFERED=1` and `ENV PIP_NO_CACHE_DIR=1` are different files);
 * - user and group names created or switched to (USER, useradd/adduser/groupadd/addgroup, `--chown`) → user1…,
 *   where they name users: USER, `--chown`, and whole words or `user:group` pairs in the arguments of useradd,
 *   chown, su and the like. Never inside a path, and never elsewhere: a user called `app` leaves `COPY app ./app`.
 *
 * Paths (WORKDIR, COPY destinations, /home/<user>) keep their text: renaming them would make every file that copies
 * the app somewhere equal, and a copier who moves /app to /srv changes a few shingles, not the whole file.
 *
 * Nothing Docker orders is sorted: instructions, ENV pairs and shell words keep their order. Only an instruction's
 * flags are sorted by name, because Docker reads `--chown=a --from=b` and `--from=b --chown=a` the same.
 */
export function normaliseDockerfile(model: DockerfileModel): string[] {
  const names = renameableNames(model);
  const placeholders = new Placeholders();
  const rename: Rename = (text, users = "none") => {
    const renamed = renameVariables(text, names.variables, placeholders);
    return users === "none" ? renamed : renameUsers(renamed, users, names.users, placeholders);
  };
  const lines: string[] = [];
  for (const instruction of model.instructions) {
    lines.push(normaliseInstruction(instruction, names, placeholders, rename));
    // A RUN's here-document is a script; a COPY's is a file's content, where a user's name is just text.
    const users = instruction.keyword === "RUN" ? "shell" : "none";
    for (const heredoc of instruction.heredocs) {
      for (const line of heredoc.content.split("\n")) {
        const collapsed = line.trim().replace(/\s+/g, " ");
        if (collapsed !== "" && !collapsed.startsWith("#")) lines.push(rename(collapsed, users));
      }
    }
  }
  return lines;
}

/**
 * Renames variables in `text`, and user names: `all` where the whole text names users (USER, --chown), `shell` in
 * the arguments of the commands that take user names (useradd, chown, su…), `none` elsewhere: `COPY app ./app` and
 * `uvicorn app.main:app` keep their words even when a user is called app.
 */
type Rename = (text: string, users?: "all" | "shell" | "none") => string;

type RenameableNames = ReturnType<typeof renameableNames>;

/** Numbers each kind of name in order of first appearance in the normalised text. */
class Placeholders {
  private readonly assigned = new Map<string, string>();

  of(kind: "stage" | "VAR" | "user", name: string): string {
    const key = `${kind}\0${name}`;
    if (!this.assigned.has(key)) {
      const count = [...this.assigned.keys()].filter((k) => k.startsWith(`${kind}\0`)).length;
      this.assigned.set(key, `${kind}${count + 1}`);
    }
    return this.assigned.get(key)!;
  }
}

// Docker's own build args: their names are what they mean (https://docs.docker.com/build/building/variables/).
const PROXY_ARGS = ["HTTP_PROXY", "HTTPS_PROXY", "FTP_PROXY", "NO_PROXY", "ALL_PROXY"];
const PREDEFINED_ARGS = new Set([
  ...PROXY_ARGS,
  ...PROXY_ARGS.map((name) => name.toLowerCase()),
  "BUILDKIT_INLINE_CACHE",
  "SOURCE_DATE_EPOCH",
]);
const PREDEFINED_ARG = /^(TARGET|BUILD)(PLATFORM|OS|ARCH|VARIANT)$/;
/** Environment variables that programs (the shell, Python, pip, CUDA, locales) read by name. */
const MEANINGFUL_ENV = new RegExp(
  `^(${[
    "PATH|HOME|USER|SHELL|LANG|LANGUAGE|LC_\\w+|TZ|TERM|DEBIAN_FRONTEND|LD_LIBRARY_PATH|LD_PRELOAD",
    "PYTHON\\w*|PIP_\\w+|VIRTUAL_ENV|CONDA\\w*|UV_\\w+|POETRY_\\w+",
    "CUDA\\w*|NVIDIA_\\w+|HF_\\w+|TRANSFORMERS_\\w+|TORCH\\w*|OMP_\\w+|MKL_\\w+",
    "XDG_\\w+|SSL_CERT_\\w+|REQUESTS_CA_BUNDLE",
  ].join("|")})$`,
);

const VARIABLE_USE = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)|([A-Za-z_][A-Za-z0-9_]*))/g;
const USER_COMMANDS = new Set(["useradd", "adduser", "groupadd", "addgroup"]);
// Options of those commands whose value names a group (-g, -G, --gid, --groups, --ingroup).
const GROUP_OPTIONS = new Set(["-g", "-G", "--gid", "--groups", "--ingroup"]);
// Options that take a value which is not a name (a uid, a shell, a home directory, a comment).
const VALUE_OPTIONS = new Set(["-u", "--uid", "-s", "--shell", "-d", "--home", "--home-dir", "-c", "--comment", "-K"]);

function renameableNames(model: DockerfileModel) {
  const stages = new Set(model.stages.flatMap((s) => (s.name ? [s.name] : [])));
  const read = new Set<string>();
  for (const instruction of model.instructions) {
    for (const text of [instruction.source, ...instruction.heredocs.map((h) => h.content)]) {
      for (const match of text.matchAll(VARIABLE_USE)) read.add((match[1] ?? match[2])!);
    }
  }
  const variables = new Set<string>();
  const users = new Set<string>();
  for (const instruction of model.instructions) {
    for (const { name } of instruction.properties) {
      if (instruction.keyword === "ARG" && !PREDEFINED_ARGS.has(name) && !PREDEFINED_ARG.test(name))
        variables.add(name);
      if (instruction.keyword === "ENV" && read.has(name) && !MEANINGFUL_ENV.test(name)) variables.add(name);
    }
    if (instruction.keyword === "USER") for (const part of instruction.args.split(":")) addUser(users, part);
    for (const flag of instruction.flags) {
      if (flag.name === "chown") for (const part of (flag.value ?? "").split(":")) addUser(users, part);
    }
    for (const command of instruction.commands) {
      const [program, ...rest] = command.argv;
      if (!program || !USER_COMMANDS.has(program.replace(/^.*\//, ""))) continue;
      let last: string | undefined;
      for (let k = 0; k < rest.length; k++) {
        const word = rest[k]!;
        if (GROUP_OPTIONS.has(word)) for (const group of (rest[++k] ?? "").split(",")) addUser(users, group);
        else if (VALUE_OPTIONS.has(word)) k++;
        else if (!word.startsWith("-")) last = word;
      }
      if (last) addUser(users, last);
    }
  }
  return { stages, variables, users };
}

/** A user or group name worth renaming: not root, not a number, not a variable (renamed as one). */
function addUser(users: Set<string>, name: string) {
  const trimmed = name.trim();
  if (/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(trimmed) && trimmed !== "root") users.add(trimmed);
}

function normaliseInstruction(
  instruction: DockerInstruction,
  names: RenameableNames,
  placeholders: Placeholders,
  rename: Rename,
): string {
  const stage = (name: string) =>
    names.stages.has(name.toLowerCase()) ? placeholders.of("stage", name.toLowerCase()) : name;
  const parts = [instruction.keyword];
  const flags = [...instruction.flags].sort((a, b) => a.name.localeCompare(b.name));
  for (const flag of flags) parts.push(normaliseFlag(flag, stage, rename));
  switch (instruction.keyword) {
    case "FROM": {
      const [image = "", as, alias] = instruction.args.split(" ");
      parts.push(stage(rename(image)));
      if (as?.toUpperCase() === "AS" && alias) parts.push("AS", stage(alias));
      break;
    }
    case "ARG":
    case "ENV":
      for (const { name, value } of instruction.properties) {
        const renamed = names.variables.has(name) ? placeholders.of("VAR", name) : name;
        parts.push(value === null ? renamed : `${renamed}=${quoted(rename(value))}`);
      }
      break;
    default:
      if (instruction.exec) parts.push(JSON.stringify(instruction.exec.map((word) => rename(word))));
      else parts.push(rename(instruction.args, USER_CONTEXT[instruction.keyword]));
  }
  return parts.join(" ");
}

const USER_CONTEXT: Record<string, "all" | "shell"> = { USER: "all", RUN: "shell" };

function normaliseFlag(flag: InstructionFlag, stage: (name: string) => string, rename: Rename) {
  if (flag.value === null) return `--${flag.name}`;
  if (flag.name === "from") return `--from=${stage(flag.value)}`;
  if (flag.name === "mount") {
    const options = flag.options.map((o) =>
      o.value === null ? o.name : `${o.name}=${o.name === "from" ? stage(o.value) : rename(o.value)}`,
    );
    return `--mount=${options.join(",")}`;
  }
  return `--${flag.name}=${rename(flag.value, flag.name === "chown" ? "all" : "none")}`;
}

/** A value as ENV/ARG would read it back: quoted only when it holds whitespace, so `A="x"` and `A=x` agree. */
function quoted(value: string): string {
  return /\s/.test(value) || value === "" ? JSON.stringify(value) : value;
}

/** Renames variables at their uses, and writes every `$NAME` as `${NAME}`, which Docker and the shell read alike. */
function renameVariables(text: string, variables: Set<string>, placeholders: Placeholders): string {
  return text.replace(VARIABLE_USE, (_whole, braced: string | undefined, bare: string | undefined) => {
    const name = (braced ?? bare)!;
    const renamed = variables.has(name) ? placeholders.of("VAR", name) : name;
    return braced ? `\${${renamed}` : `\${${renamed}}`;
  });
}

// Commands whose arguments name users and groups.
const USER_PROGRAMS = new Set([
  ...USER_COMMANDS,
  ...["usermod", "groupmod", "chown", "chgrp", "su", "gosu", "runuser", "sudo", "install"],
]);
const SEPARATORS = new Set(["&&", "||", ";", "|", "&"]);

/** User and group names where they stand as a whole word or either side of `user:group`, in `mode` (see Rename). */
function renameUsers(text: string, mode: "all" | "shell", users: Set<string>, placeholders: Placeholders): string {
  if (users.size === 0) return text;
  const user = (word: string) => (users.has(word) ? placeholders.of("user", word) : word);
  let program: string | undefined;
  let startsCommand = true;
  return text
    .split(" ")
    .map((word) => {
      if (SEPARATORS.has(word)) {
        startsCommand = true;
        return word;
      }
      if (startsCommand) program = word.replace(/^.*\//, "");
      const inCommand = mode === "all" || (!startsCommand && program !== undefined && USER_PROGRAMS.has(program));
      startsCommand = word.endsWith(";");
      if (!inCommand) return word;
      const pair = /^([^:/\s]+):([^:/\s]+)$/.exec(word);
      return pair ? `${user(pair[1]!)}:${user(pair[2]!)}` : user(word);
    })
    .join(" ");
}
