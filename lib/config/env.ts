import { z } from "zod";

/** What a runner process can host (RUNNER_HOSTS): grading jobs, learners' shells, labs. */
export const HOST_KINDS = ["grade", "shell", "lab"] as const;
export type HostKind = (typeof HOST_KINDS)[number];

/** The address ranges TRUSTED_PROXY's keywords stand for. */
const PROXY_KEYWORDS: Record<string, string[]> = {
  loopback: ["127.0.0.0/8", "::1/128"],
  // Docker's and most data centres' internal networks: a proxy in front of instances that publish no port.
  private: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7", "127.0.0.0/8", "::1/128"],
};
const proxyAddress = z.union([z.ipv4(), z.ipv6()]);
const proxyRange = z.union([z.cidrv4(), z.cidrv6()]);

/**
 * TRUSTED_PROXY: comma-separated addresses, CIDR ranges and keywords, as CIDR ranges (a lone address is a range of
 * one). Empty: no proxy is trusted.
 */
const trustedProxySchema = z
  .string()
  .default("")
  .transform((value, ctx) => {
    const ranges: string[] = [];
    for (const entry of value.split(",").map((part) => part.trim())) {
      if (entry === "") continue;
      const keyword = entry.toLowerCase();
      if (Object.hasOwn(PROXY_KEYWORDS, keyword)) ranges.push(...PROXY_KEYWORDS[keyword]!);
      else if (proxyAddress.safeParse(entry).success) ranges.push(`${entry}/${entry.includes(":") ? 128 : 32}`);
      else if (proxyRange.safeParse(entry).success) ranges.push(entry);
      else {
        ctx.addIssue({
          code: "custom",
          message:
            `"${entry}" is not an IP address, a CIDR range (such as 10.0.0.0/8), "loopback" or "private"; ` +
            "list the reverse proxies in front of the web app, separated by commas",
        });
      }
    }
    return ranges;
  });

/**
 * Environment for every process (web app, runner, scripts). Defaults describe
 * the single-machine set-up started by `npm start`; production overrides them.
 */
const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().url().default("postgresql://dockyard:dockyard@127.0.0.1:54329/dockyard"),
  /**
   * The public URL: the address learners type, https:// behind TLS. Cookies (Secure or not), HSTS, the origin that
   * state-changing requests must come from (lib/http/origin-check.ts) and links in exports are made from it.
   */
  APP_URL: z
    .string()
    .url()
    .refine((url) => /^https?:\/\//i.test(url), "the public URL must start with http:// or https://")
    .default("http://localhost:3000"),
  /**
   * The reverse proxies in front of the web app (lib/http/forwarded.ts): only a request whose TCP peer is one of them
   * may say, in X-Forwarded-For/-Proto/-Host, who the client is and how it connected. From anybody else those
   * headers are replaced, so nobody can pick the address the sign-in rate limit counts or claim HTTPS.
   */
  TRUSTED_PROXY: trustedProxySchema,
  BETTER_AUTH_SECRET: z.string().min(32).optional(),
  DATA_DIR: z.string().default(".data"),
  /** Where course content is read from (modules, lessons, quizzes, exercises); tests point it at fixtures. */
  CONTENT_DIR: z.string().default("content"),
  /** `npm start`: the web app's port and interface, and the port of its embedded PostgreSQL. */
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  /** `npm run create-admin`: the new administrator's password, kept out of shell history. */
  DOCKYARD_ADMIN_PASSWORD: z.string().optional(),
  /**
   * The grading engine. Unset: Dockyard's own engine (scripts/ensure-docker.sh), whose socket is
   * below; set: an operator's engine (>= 25, with the buildx plugin for the docker CLI on PATH).
   */
  DOCKER_HOST: z.string().optional(),
  /** Where scripts/engine/install-engine.sh unpacks Dockyard's own engine, its CLI and plugins. */
  DOCKYARD_ENGINE_HOME: z.string().default("/var/lib/dockyard-engine"),
  /**
   * Set by `npm start` (scripts/run.sh) when it started Dockyard's own engine: that dockerd's process id. The
   * supervisor (scripts/platform.ts) then watches it, starts the engine again when it dies, and stops it on Ctrl-C.
   */
  DOCKYARD_ENGINE_PID: z.coerce.number().int().min(1).optional(),
  /**
   * `npm test`: where passed Docker test files and exercise and lab verifications are remembered, by a hash of
   * everything that can change their outcome (sandbox-runner/remembered/pass-memo.ts). Outside the clone, so a fresh
   * clone on the same machine reuses them. DOCKYARD_VERIFY_FRESH=1 runs every one again whatever is remembered.
   */
  DOCKYARD_VERIFY_CACHE: z.string().default("/var/cache/dockyard/verify"),
  DOCKYARD_VERIFY_FRESH: z.enum(["0", "1"]).default("0"),
  /** The docker CLI's configuration directory (its plugins: buildx, compose); the CLI's own variable. */
  DOCKER_CONFIG: z.string().optional(),
  /**
   * Gradings one runner runs at once: "auto" derives it from the machine's cores and memory
   * (sandbox-runner/hosts/capacity.ts), a number fixes it.
   */
  RUNNER_CONCURRENCY: z.union([z.literal("auto"), z.coerce.number().int().min(1).max(64)]).default("auto"),
  RUNNER_GPUS: z.coerce.number().int().min(0).max(64).default(0),
  /**
   * How a GPU runner attaches GPUs: "nvidia" (the NVIDIA container toolkit, like `docker run --gpus all`) or
   * CDI device names, comma-separated (like `docker run --device nvidia.com/gpu=all`; CDI is on in engines >= 25).
   */
  RUNNER_GPU_DEVICES: z
    .string()
    .regex(
      /^(nvidia|[a-z0-9.-]+\/[a-z0-9._-]+=[a-zA-Z0-9._:-]+(,[a-z0-9.-]+\/[a-z0-9._-]+=[a-zA-Z0-9._:-]+)*)$/,
      'either "nvidia" or CDI device names such as nvidia.com/gpu=all',
    )
    .default("nvidia"),
  RUNNER_ID: z.string().optional(),
  /** How often a runner writes its heartbeat, which is also how often it looks for jobs whose runner died. */
  RUNNER_HEARTBEAT_SECONDS: z.coerce.number().int().min(1).max(300).default(10),
  /**
   * A runner's lease: silent this long, it counts as dead, and its jobs go back to the queue for another runner.
   * At least three beats (lib/runners/liveness.ts checks), so a runner busy with a heavy build is never declared
   * dead by mistake.
   */
  RUNNER_LEASE_SECONDS: z.coerce.number().int().min(3).max(3600).default(60),
  /**
   * Where mail goes (lib/mail/send-mail.ts): an SMTP server (`smtp://user:pass@host:587`, `smtps://…:465`), or, unset,
   * the outbox admins read. Set it wherever more than one web instance runs: each would keep an outbox of its own.
   */
  SMTP_URL: z
    .string()
    .url()
    .refine((url) => /^smtps?:\/\//i.test(url), "SMTP_URL must start with smtp:// or smtps://")
    .optional(),
  /** The From header of mail; the default names the platform at the public URL's host. */
  MAIL_FROM: z.string().min(3).max(200).optional(),
  /**
   * The hosts a runner process runs, comma-separated (docs/deploy.md): "grade" (grading jobs), "shell" (learners'
   * shells in the images graded on its engine), "lab" (labs, as RUNNER_LABS says). All three by default, so one
   * machine can run the whole platform; a fleet gives each machine the hosts it is sized for.
   */
  RUNNER_HOSTS: z
    .string()
    .default("grade,shell,lab")
    .transform((value, ctx) => {
      const kinds = value
        .split(",")
        .map((kind) => kind.trim())
        .filter(Boolean);
      const unknown = kinds.filter((kind) => !(HOST_KINDS as readonly string[]).includes(kind));
      if (kinds.length === 0 || unknown.length > 0) {
        ctx.addIssue({
          code: "custom",
          message:
            `a comma-separated list of ${HOST_KINDS.join(", ")}` +
            (unknown.length ? `, not ${unknown.join(", ")}` : ""),
        });
        return z.NEVER;
      }
      return [...new Set(kinds)] as HostKind[];
    }),
  /**
   * Whether a runner serves labs (docs/labs.md): "auto" when its machine can (root, RootlessKit, bubblewrap, the
   * lab accounts of scripts/labs/ensure-lab-host.sh and Dockyard's own engine packages), "on" to refuse to start
   * without, "off" never.
   */
  RUNNER_LABS: z.enum(["auto", "on", "off"]).default("auto"),
  /**
   * Where running labs keep their files (each runner a folder of its own below it). Every folder on the way must be
   * passable (x) by the lab accounts, so not below a home or a checkout that only root may enter.
   */
  LABS_DIR: z.string().default("/var/lib/dockyard-labs"),
  /**
   * Whether lab hosts seal a disk per lab account with the course's images in it (DATA_DIR/lab-seeds, about 240 MB
   * each) and start labs on copies of it, in place of loading the images into every new engine: "on" by default;
   * "off" where disk is short, or in tests that must not have seals running beside them.
   */
  LAB_SEED_DISKS: z.enum(["on", "off"]).default("on"),
  /**
   * The flood limit: at most SUBMISSION_RATE_LIMIT of a learner's own submissions in any SUBMISSION_RATE_WINDOW_SECONDS
   * (re-grades and submissions the platform failed are not counted). A learner iterating quickly, one submission at a
   * time with failed checks back in seconds, stays well below it; a script resubmitting in a loop does not.
   */
  SUBMISSION_RATE_LIMIT: z.coerce.number().int().min(1).max(10_000).default(20),
  SUBMISSION_RATE_WINDOW_SECONDS: z.coerce.number().int().min(60).max(86_400).default(600),
});

export type Env = z.infer<typeof envSchema>;

/** The name of every setting: what a deployment may set in an app process's environment. */
export const SETTINGS = Object.keys(envSchema.shape) as (keyof Env)[];
let cached: { key: string; env: Env } | undefined;

/**
 * The validated settings. Re-read when a setting in process.env changes, because tests (and the e2e platform) point
 * CONTENT_DIR and DATA_DIR at their own folders after start-up.
 */
export function env(): Env {
  const key = SETTINGS.map((name) => process.env[name] ?? "").join("\0");
  if (cached?.key !== key) cached = { key, env: parseEnv(process.env) };
  return cached.env;
}

/** Whether the operator gave a setting, rather than its default applying (`npm start` then skips its own database). */
export function isSet(name: keyof Env, source: Record<string, string | undefined> = process.env): boolean {
  return given(source)[name] !== undefined;
}

/** Validates a set of variables; an empty one means "not set", as in a shell (`DATABASE_URL= npm start`). */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = envSchema.safeParse(given(source));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid environment: ${problems}`);
  }
  return parsed.data;
}

function given(source: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(source).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ""),
  );
}
