import { z } from "zod";

/**
 * The settings every process shares, one piece per concern: each variable is declared once, here or (the web's own)
 * in ./env.ts, and each process composes the pieces it reads. The web app validates all of them (./env.ts); a runner
 * host only its own (sandbox-runner's facades), so a runner never needs, nor refuses, the web's secrets.
 */

/** What a runner process can host (RUNNER_HOSTS): grading jobs, learners' shells, labs. */
export const HOST_KINDS = ["grade", "shell", "lab"] as const;
export type HostKind = (typeof HOST_KINDS)[number];

/** Where every process finds the database. */
export const DATABASE_SETTINGS = {
  DATABASE_URL: z.string().url().default("postgresql://dockyard:dockyard@127.0.0.1:54329/dockyard"),
};

/** Where data and the course content live, and whether content is authored live. */
export const FILES_SETTINGS = {
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATA_DIR: z.string().default(".data"),
  /** Where course content is read from (modules, lessons, quizzes, exercises); tests point it at fixtures. */
  CONTENT_DIR: z.string().default("content"),
};

/** The Docker engine that runners (and `npm start`) talk to. */
export const ENGINE_SETTINGS = {
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
  /** The docker CLI's configuration directory (its plugins: buildx, compose); the CLI's own variable. */
  DOCKER_CONFIG: z.string().optional(),
};

/** What `npm test` and the verifications remember between runs. */
export const VERIFY_SETTINGS = {
  /**
   * `npm test`: where passed Docker test files and exercise and lab verifications are remembered, by a hash of
   * everything that can change their outcome (sandbox-runner/remembered/pass-memo.ts). Outside the clone, so a fresh
   * clone on the same machine reuses them. DOCKYARD_VERIFY_FRESH=1 runs every one again whatever is remembered.
   */
  DOCKYARD_VERIFY_CACHE: z.string().default("/var/cache/dockyard/verify"),
  DOCKYARD_VERIFY_FRESH: z.enum(["0", "1"]).default("0"),
};

/** How runners prove they are alive: read by runners and by the web app (`/api/health`). */
export const LIVENESS_SETTINGS = {
  /** How often a runner writes its heartbeat, which is also how often it looks for jobs whose runner died. */
  RUNNER_HEARTBEAT_SECONDS: z.coerce.number().int().min(1).max(300).default(10),
  /**
   * A runner's lease: silent this long, it counts as dead, and its jobs go back to the queue for another runner.
   * At least three beats (lib/runners/liveness.ts checks), so a runner busy with a heavy build is never declared
   * dead by mistake.
   */
  RUNNER_LEASE_SECONDS: z.coerce.number().int().min(3).max(3600).default(60),
};

/** A runner process: its name and the hosts it runs. */
export const RUNNER_SETTINGS = {
  RUNNER_ID: z.string().optional(),
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
};

/** The grading host: how many jobs at once, and its GPUs. */
export const GRADING_SETTINGS = {
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
};

/** The lab host. */
export const LAB_SETTINGS = {
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
};

/**
 * The validated settings of one schema, read from process.env. Re-read when one of its variables changes, because
 * tests (and the e2e platform) point CONTENT_DIR and DATA_DIR at their own folders after start-up.
 */
export function settingsReader<S extends z.ZodRawShape>(shape: S): () => z.infer<z.ZodObject<S>> {
  const schema = z.object(shape);
  const names = Object.keys(shape);
  let cached: { key: string; settings: z.infer<typeof schema> } | undefined;
  return () => {
    const key = names.map((name) => process.env[name] ?? "").join("\0");
    if (cached?.key !== key) cached = { key, settings: parseSettings(schema, process.env) };
    return cached.settings;
  };
}

/** Validates a set of variables; an empty one means "not set", as in a shell (`DATABASE_URL= npm start`). */
export function parseSettings<T>(schema: z.ZodType<T>, source: Record<string, string | undefined>): T {
  const parsed = schema.safeParse(given(source));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid environment: ${problems}`);
  }
  return parsed.data;
}

/** The variables that are set: an empty one counts as unset. */
export function given(source: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(source).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ""),
  );
}

/** What lib/'s content and file helpers read, in any process. */
export const filesSettings = settingsReader(FILES_SETTINGS);

/** What the liveness rules read, in the web app and in every runner. */
export const livenessSettings = settingsReader(LIVENESS_SETTINGS);

/** What the shared pool reads (lib/db/pool.ts), in any process. */
export const databaseSettings = settingsReader(DATABASE_SETTINGS);
