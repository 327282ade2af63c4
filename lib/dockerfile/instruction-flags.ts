import { LESSONS } from "../content/lesson-slugs";
import { closestWord } from "./closest-word";
import { FEATURES, type FrontendFeature, graderSupports, needsNewerFrontend } from "./frontend";
import type { InstructionFlag } from "./model";
import { type MountOption, parseMount } from "./run-mount";

/** A flag as written before an instruction's arguments (`--mount=type=cache,target=/x`), its name as written. */
export type FlagInput = Pick<InstructionFlag, "name" | "value" | "line" | "options">;

export interface FlagProblem {
  line: number;
  /** What is wrong and why, without the "Dockerfile:12:" prefix. */
  message: string;
  /** How to fix it. */
  fix: string;
  /** The lesson that teaches the feature, when one does more than the Dockerfile basics. */
  lesson?: string;
}

interface FlagSpec {
  /** "list" flags may be repeated (--mount, --exclude); "bool" flags may be written without a value. */
  kind: "string" | "bool" | "list";
  feature?: FrontendFeature;
  /** What to do instead, since graders lack the feature (a sentence without its full stop). */
  instead?: string;
  check?: (value: string, context: FlagContext) => Omit<FlagProblem, "line"> | undefined;
}

export interface FlagContext {
  keyword: string;
  /** The file's # syntax value, if it has one: messages explain that graders set it aside. */
  syntax?: string;
  /** The instruction's arguments after the flags (COPY/ADD sources and destination). */
  args: string[];
}

const chmod: FlagSpec = { kind: "string", check: checkChmod };
const duration: FlagSpec = { kind: "string", check: checkDuration };

/**
 * The flags the Dockerfile frontend accepts, per instruction. Everything
 * without a feature is in Dockerfile 1.7; later additions name the release
 * that brought them, so the message can say so. Keep it in step with the
 * frontend's releases. Other instructions take no flags this check validates.
 */
const FLAGS: Record<string, Record<string, FlagSpec>> = {
  FROM: { platform: { kind: "string" } },
  RUN: {
    mount: { kind: "list" },
    network: { kind: "string", check: oneOf("network", ["default", "none", "host"]) },
    security: {
      kind: "string",
      feature: FEATURES.runSecurity,
      instead:
        "Remove the flag: RUN steps are sandboxed by default, and --security=insecure also needs the " +
        "security.insecure entitlement, which a build must be explicitly allowed to use",
      check: oneOf("security", ["sandbox", "insecure"]),
    },
    device: {
      kind: "list",
      feature: FEATURES.runDevice,
      instead: "Remove the flag: graders give build steps no devices",
    },
  },
  COPY: {
    from: { kind: "string" },
    chown: { kind: "string" },
    chmod,
    link: { kind: "bool" },
    parents: {
      kind: "bool",
      feature: FEATURES.copyParents,
      instead: "Copy each directory with its own COPY line (COPY src/pkg/ ./src/pkg/)",
    },
    exclude: {
      kind: "list",
      feature: FEATURES.exclude,
      instead: "Copy only the paths you need, or leave files out of the build context with .dockerignore",
    },
  },
  ADD: {
    chown: { kind: "string" },
    chmod,
    link: { kind: "bool" },
    "keep-git-dir": { kind: "bool" },
    checksum: { kind: "string", check: checkChecksum },
    exclude: {
      kind: "list",
      feature: FEATURES.exclude,
      instead: "Add only the paths you need, or leave files out of the build context with .dockerignore",
    },
    unpack: {
      kind: "bool",
      feature: FEATURES.addUnpack,
      instead: "Use COPY for a file that must stay packed, or RUN tar -x for one that must be unpacked",
    },
  },
  HEALTHCHECK: {
    interval: duration,
    timeout: duration,
    "start-period": duration,
    "start-interval": duration,
    retries: { kind: "string", check: checkRetries },
  },
};

/** The first problem with an instruction's flags, as the frontend would report it, or undefined. */
export function flagProblem(flags: readonly FlagInput[], context: FlagContext): FlagProblem | undefined {
  const known = FLAGS[context.keyword];
  if (!known) return undefined;
  const seen = new Set<string>();
  for (const flag of flags) {
    const name = flag.name.toLowerCase();
    const spec = known[name];
    const at = (problem: Omit<FlagProblem, "line">): FlagProblem => ({ ...problem, line: flag.line });
    if (!spec) {
      const hint = closestWord(name, Object.keys(known));
      const list = Object.keys(known)
        .filter((f) => !known[f]!.feature)
        .map((f) => `--${f}`)
        .join(", ");
      const fix = hint ? `Did you mean --${hint}?` : `${context.keyword} takes ${list}.`;
      return at({ message: `${context.keyword} has no --${flag.name} flag.`, fix });
    }
    if (spec.kind !== "list" && seen.has(name)) {
      return at({ message: `--${name} is given twice on this ${context.keyword}.`, fix: `Keep one --${name}.` });
    }
    seen.add(name);
    if (spec.feature && !graderSupports(spec.feature)) {
      const fix = `${spec.instead ?? "Remove the flag"}.`;
      return at({ message: needsNewerFrontend(spec.feature, context.syntax), fix });
    }
    if (spec.kind === "bool") {
      if (flag.value !== null && !/^(true|false)$/i.test(flag.value)) {
        const fix = `Write --${name} (or --${name}=false to turn it off).`;
        return at({ message: `--${name}=${flag.value}: --${name} is true or false.`, fix });
      }
      continue;
    }
    if (flag.value === null || flag.value === "") {
      return at({ message: `--${name} needs a value.`, fix: `Write --${name}=<value>, or remove the flag.` });
    }
    // --mount's options are read from dockerfile-ast's split of the value; variables in them are allowed.
    const problem =
      name === "mount"
        ? mountProblem(flag.options, context.syntax)
        : flag.value.includes("$")
          ? undefined
          : spec.check?.(flag.value, context);
    if (problem) return at(problem);
  }
  return undefined;
}

function oneOf(name: string, values: string[]): FlagSpec["check"] {
  const choices = values.map((v) => `--${name}=${v}`);
  const listed = `${choices.slice(0, -1).join(", ")} or ${choices[choices.length - 1]}`;
  return (value) => {
    if (values.includes(value)) return undefined;
    return { message: `--${name}=${value} is not a ${name} mode.`, fix: `Use ${listed}.` };
  };
}

function mountProblem(options: MountOption[], syntax: string | undefined): Omit<FlagProblem, "line"> | undefined {
  // BuildKit reads the value as CSV ("target=/a b" in quotes); dockerfile-ast splits such a flag at the space.
  if (options.some((o) => /["']/.test(`${o.name}${o.value ?? ""}`))) return undefined;
  const parsed = parseMount(options);
  if (!parsed.ok) {
    const secret = options.some((o) => o.name.toLowerCase() === "type" && o.value?.toLowerCase() === "secret");
    return { message: `RUN ${parsed.problem}`, fix: parsed.fix, lesson: secret ? LESSONS.secrets : LESSONS.caching };
  }
  if (parsed.mount?.env !== undefined && !graderSupports(FEATURES.secretEnv)) {
    const id = parsed.mount.id ?? "<id>";
    const variable = parsed.mount.env;
    return {
      message: needsNewerFrontend(FEATURES.secretEnv, syntax),
      fix:
        `Drop env= and read the secret from its file: --mount=type=secret,id=${id} and ` +
        `${variable}="$(cat /run/secrets/${id})" <command>.`,
      lesson: LESSONS.secrets,
    };
  }
  return undefined;
}

function checkChmod(value: string, context: FlagContext): Omit<FlagProblem, "line"> | undefined {
  if (/^[0-7]{3,4}$/.test(value)) return undefined;
  if (/^[ugoa]*[+=-][rwxXst]*(,[ugoa]*[+=-][rwxXst]*)*$/.test(value)) {
    if (graderSupports(FEATURES.symbolicChmod)) return undefined;
    const message = needsNewerFrontend(FEATURES.symbolicChmod, context.syntax);
    return { message, fix: "Use an octal mode such as --chmod=755." };
  }
  return {
    message: `--chmod=${value} is not a file mode.`,
    fix: "Use an octal mode such as --chmod=755 (rwxr-xr-x) or --chmod=644 (rw-r--r--).",
  };
}

function checkChecksum(value: string, context: FlagContext): Omit<FlagProblem, "line"> | undefined {
  if (!/^(sha256:[a-f0-9]{64}|sha384:[a-f0-9]{96}|sha512:[a-f0-9]{128})$/.test(value)) {
    const bare = /^[a-f0-9]{64}$/i.test(value);
    const shown = value.length > 20 ? `${value.slice(0, 20)}…` : value;
    return {
      message: `--checksum=${shown} is not a digest${bare ? ": it lacks the algorithm" : ""}.`,
      fix: "Write --checksum=sha256:<64 lower-case hex characters>; sha256sum <file> prints them.",
    };
  }
  const local = context.args.slice(0, -1).filter((s) => !/^https?:\/\//.test(s) && !s.startsWith("<<"));
  if (local.length > 0) {
    return {
      message: `ADD --checksum verifies downloads, but ${local.join(", ")} is not an http(s) URL.`,
      fix: "Drop --checksum for local files (use COPY for them), or ADD the file from its https:// URL.",
    };
  }
  return undefined;
}

function checkDuration(value: string): Omit<FlagProblem, "line"> | undefined {
  if (value === "0" || /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(value)) return undefined;
  const unitless = /^\d+$/.test(value);
  return {
    message: `${value} is not a duration${unitless ? ": it has no unit" : ""}.`,
    fix: `Give a number with a unit, e.g. ${unitless ? `${value}s` : "30s or 1m30s"}.`,
    lesson: LESSONS.health,
  };
}

function checkRetries(value: string): Omit<FlagProblem, "line"> | undefined {
  if (/^\d+$/.test(value)) return undefined;
  return {
    message: `--retries=${value} is not a whole number.`,
    fix: "Write --retries=3 (how many failed checks in a row mark the container unhealthy).",
    lesson: LESSONS.health,
  };
}
