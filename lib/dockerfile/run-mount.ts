import { z } from "zod";
import { closestWord } from "./closest-word";

export const MOUNT_TYPES = ["bind", "cache", "tmpfs", "secret", "ssh"] as const;
export type MountType = (typeof MOUNT_TYPES)[number];

/** One option of a --mount flag as dockerfile-ast splits it: "target=/x" or a bare "ro". */
export interface MountOption {
  name: string;
  value: string | null;
}

/** A RUN --mount the frontend accepts, with BuildKit's aliases resolved (dst= is target, src= is source). */
export interface RunMount {
  type: MountType;
  /** As written: relative targets are resolved against the WORKDIR at build time. */
  target?: string;
  source?: string;
  from?: string;
  id?: string;
  /** Secret mounts only (Dockerfile 1.10+): the variable the secret is exposed as. */
  env?: string;
}

export type MountParse =
  | { ok: true; mount: RunMount }
  /** The mount uses a variable where its type should be, so it can only be judged at build time. */
  | { ok: true; mount: undefined }
  | { ok: false; problem: string; fix: string };

const ALIASES: Record<string, string> = {
  src: "source",
  dst: "target",
  destination: "target",
  ro: "readonly",
  rw: "readwrite",
};
// Every key Dockerfile 1.7 accepts (env arrived in 1.10, which the caller gates), as BuildKit lists them.
const KEYS = [
  "type",
  "from",
  "source",
  "target",
  "readonly",
  "readwrite",
  "id",
  "sharing",
  "required",
  "mode",
  "uid",
  "gid",
  "size",
  "env",
  "src",
  "dst",
  "destination",
  "ro",
  "rw",
];
const BARE_KEYS = new Set(["readonly", "readwrite", "required"]);
const KEY_LIST =
  "A mount takes type=, target=, source=, from=, id=, sharing=, mode=, uid=, gid=, size=, " + "required and readonly.";

// BuildKit expands variables in mount values (except from=) at build time, so their format is checked then.
const variable = z.string().regex(/\$/);
const checked = (schema: z.ZodType<string>) => z.union([variable, schema]).optional();
const goBool = z.string().regex(/^(1|t|T|TRUE|true|True|0|f|F|FALSE|false|False)$/);
const EXPECTED: Record<string, string> = {
  sharing: "shared, private or locked",
  mode: "an octal file mode such as 0440",
  uid: "a numeric user ID such as 1000",
  gid: "a numeric group ID such as 1000",
  size: "a size such as 512m",
  readonly: "true or false",
  readwrite: "true or false",
  required: "true or false",
};

const mountSchema = z
  .strictObject({
    type: z.enum(MOUNT_TYPES),
    target: z.string().optional(),
    source: z.string().optional(),
    from: z
      .string()
      .regex(/^[^$]*$/)
      .optional(),
    id: z.string().optional(),
    env: z.string().optional(),
    sharing: checked(z.enum(["shared", "private", "locked"])),
    mode: checked(z.string().regex(/^[0-7]+$/)),
    uid: checked(z.string().regex(/^\d+$/)),
    gid: checked(z.string().regex(/^\d+$/)),
    size: checked(z.string().regex(/^\d+(\.\d+)?\s*([kmgtp]i?b?|b)?$/i)),
    readonly: checked(z.union([z.literal(""), goBool])),
    readwrite: checked(z.union([z.literal(""), goBool])),
    required: checked(z.union([z.literal(""), goBool])),
  })
  .superRefine((m, ctx) => {
    const only = (key: keyof typeof m, types: MountType[]) => {
      if (m[key] === undefined || types.includes(m.type)) return;
      ctx.addIssue({ code: "custom", path: [key], message: "type" });
    };
    only("required", ["secret", "ssh"]);
    only("size", ["tmpfs"]);
    only("sharing", ["cache"]);
    only("env", ["secret"]);
    only("mode", ["secret", "ssh", "cache"]);
    only("uid", ["secret", "ssh", "cache"]);
    only("gid", ["secret", "ssh", "cache"]);
    only("from", ["bind", "cache", "tmpfs", "ssh"]);
    if (m.type !== "secret") return;
    const named = [m.source, m.target, m.id, m.env].some((v) => v !== undefined);
    if (!named) ctx.addIssue({ code: "custom", path: ["id"], message: "missing" });
    if (m.source === undefined || m.id === undefined) return;
    ctx.addIssue({ code: "custom", path: ["source"], message: "both" });
  });

/**
 * Parses one RUN --mount flag the way the Dockerfile frontend does: comma
 * separated key=value options, keys case-insensitive, type bind by default.
 * A problem comes back as a learner-facing sentence and a fix.
 */
export function parseMount(options: readonly MountOption[]): MountParse {
  const raw: Record<string, string> = {};
  const written: Record<string, string> = {};
  for (const option of options) {
    const name = option.name.trim().toLowerCase();
    if (name === "") continue;
    const key = ALIASES[name] ?? name;
    if (!KEYS.includes(name)) {
      const hint = closestWord(name, KEYS);
      return refused(`"${option.name}" is not a --mount option.`, hint ? `Did you mean ${hint}=?` : KEY_LIST);
    }
    if (option.value === null && !BARE_KEYS.has(key)) {
      return refused(
        `--mount option "${option.name}" needs a value (${option.name}=...).`,
        `Write it as ${option.name}=<value>.`,
      );
    }
    raw[key] = option.value ?? "";
    written[key] = option.value === null ? option.name : `${option.name}=${option.value}`;
  }
  const type = (raw.type ?? "bind").toLowerCase();
  if (type.includes("$")) return { ok: true, mount: undefined };
  if (!(MOUNT_TYPES as readonly string[]).includes(type)) {
    const hint = closestWord(type, MOUNT_TYPES);
    return refused(
      `--mount type "${raw.type}" does not exist: BuildKit mounts are ${MOUNT_TYPES.join(", ")}.`,
      hint
        ? `Did you mean type=${hint}?`
        : "Use type=cache for a package cache, type=secret for a credential " +
            "or type=bind for files from the build context.",
    );
  }
  const parsed = mountSchema.safeParse({ ...raw, type });
  if (!parsed.success) return explain(parsed.error.issues[0]!, type as MountType, written);
  const m = parsed.data;
  return { ok: true, mount: { type: m.type, target: m.target, source: m.source, from: m.from, id: m.id, env: m.env } };
}

function explain(issue: z.ZodError["issues"][number], type: MountType, written: Record<string, string>): MountParse {
  const key = String(issue.path[0] ?? "");
  const as = written[key] ?? key;
  if (issue.code === "custom" && issue.message === "type") {
    return refused(
      `--mount ${as} is not allowed on a ${type} mount.`,
      `Remove ${as}, or use the mount type it belongs to.`,
    );
  }
  if (issue.code === "custom" && issue.message === "missing") {
    return refused(
      "A secret mount needs id= (the name given to docker build --secret id=...).",
      "Name it: --mount=type=secret,id=hf_token",
    );
  }
  if (issue.code === "custom" && issue.message === "both") {
    return refused("A secret mount takes either id= or source=, not both.", "Keep id=<name> and drop source=.");
  }
  if (key === "from") {
    return refused(
      `--mount ${as}: from= cannot use a variable.`,
      "Name a stage instead (FROM <image> AS deps) and mount from=deps.",
    );
  }
  const expected = EXPECTED[key] ?? "a valid value";
  return refused(`--mount ${as}: ${key} must be ${expected}.`, `Write ${key}= followed by ${expected}.`);
}

function refused(problem: string, fix: string): MountParse {
  return { ok: false, problem, fix };
}
