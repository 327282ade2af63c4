import { z } from "zod";

/**
 * Environment for every process (web app, runner, scripts). Defaults describe
 * the single-machine set-up started by `npm start`; production overrides them.
 */
const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().url().default("postgresql://dockyard:dockyard@127.0.0.1:54329/dockyard"),
  APP_URL: z.string().url().default("http://localhost:3000"),
  BETTER_AUTH_SECRET: z.string().min(32).optional(),
  DATA_DIR: z.string().default(".data"),
  /**
   * The grading engine. Unset: Dockyard's own engine (scripts/ensure-docker.sh), whose socket is
   * below; set: an operator's engine (>= 25, with the buildx plugin for the docker CLI on PATH).
   */
  DOCKER_HOST: z.string().optional(),
  /** Where scripts/engine/install-engine.sh unpacks Dockyard's own engine, its CLI and plugins. */
  DOCKYARD_ENGINE_HOME: z.string().default("/var/lib/dockyard-engine"),
  RUNNER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  RUNNER_GPUS: z.coerce.number().int().min(0).max(64).default(0),
  /**
   * How a GPU runner attaches GPUs: "nvidia" (the NVIDIA container toolkit, like `docker run --gpus all`) or
   * CDI device names, comma-separated (like `docker run --device nvidia.com/gpu=all`; CDI is on in engines >= 25).
   */
  RUNNER_GPU_DEVICES: z
    .string()
    .regex(/^(nvidia|[a-z0-9.-]+\/[a-z0-9._-]+=[a-zA-Z0-9._:-]+(,[a-z0-9.-]+\/[a-z0-9._-]+=[a-zA-Z0-9._:-]+)*)$/, 'either "nvidia" or CDI device names such as nvidia.com/gpu=all')
    .default("nvidia"),
  RUNNER_ID: z.string().optional(),
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Validates a set of variables; an empty one means "not set", as in a shell (`DATABASE_URL= npm start`). */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const given = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ""));
  const parsed = envSchema.safeParse(given);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid environment: ${problems}`);
  }
  return parsed.data;
}
