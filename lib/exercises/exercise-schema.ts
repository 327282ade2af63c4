import { z } from "zod";
import { slugSchema } from "../content/schemas";

/** What a GPU probe can be asked to compute (checks.gpu.answer). */
export const GPU_ANSWER_KINDS = ["seeded-dot-product"] as const;
export type GpuAnswerKind = (typeof GPU_ANSWER_KINDS)[number];
/** The probe argument the grader replaces with the seed it drew. */
export const GPU_SEED_ARGUMENT = "{seed}";

const relativePath = z
  .string()
  .min(1)
  .max(200)
  .refine(
    (p) => !p.startsWith("/") && !p.split("/").includes("..") && !p.includes("\\"),
    "must be a relative path inside the exercise",
  );

const urlPath = z.string().regex(/^\/[\w\-./?=&%]*$/, "must be a URL path such as /health");

const composeServiceName = z.string().regex(/^[a-zA-Z0-9._-]+$/, "a Compose service name");

const absolutePath = z
  .string()
  .regex(/^\/[\w\-./]*$/, "an absolute path such as /checkpoints")
  .refine((p) => !p.split("/").includes(".."), "must not contain ..");

/** A path a Compose service must have mounted. */
const serviceMountSchema = z
  .object({
    target: absolutePath,
    /** An input the service must not change: mounted read-only (:ro or read_only: true). */
    readOnly: z.boolean().default(false),
    /** What is written there must outlive the container: a named volume or a host folder, not an anonymous one. */
    keep: z.boolean().default(false),
  })
  .strict();

/** What a Compose exercise expects of one service of the learner's stack. */
export const composeServiceExpectationSchema = z
  .object({
    /** Named in findings, e.g. "the Redis cache". */
    role: z.string().min(3).max(60).optional(),
    /** Built from the exercise's Dockerfile: the image the pipeline builds, inspects and runs. */
    build: z.boolean().default(false),
    /** Services it must wait for, healthy, before it starts. */
    dependsOn: z.array(composeServiceName).default([]),
    /** Keeps data that must survive re-creating the container, so it needs a named volume. */
    stateful: z.boolean().default(false),
    /** false: only other containers talk to it, so it must not publish ports on the host. */
    publishes: z.boolean().default(true),
    /** Needs GPUs: it must ask the engine for them (gpus:, or a device reservation with the gpu capability). */
    gpus: z.boolean().default(false),
    /** Shared memory (/dev/shm) its worker processes fill, in MB: shm_size must be at least this (Docker gives 64). */
    shmMinMB: z.number().int().min(65).max(65_536).optional(),
    /** Paths it must have mounted: read-only inputs, and outputs kept on a volume or host folder after it ends. */
    mounts: z.array(serviceMountSchema).max(10).default([]),
  })
  .strict();
export type ComposeServiceExpectation = z.infer<typeof composeServiceExpectationSchema>;

/** Endpoints of the built service the stack phase calls from inside its container, on `checks.run.port`. */
const composeStackSchema = z
  .object({
    /** Answers JSON with one entry per service it depends on: true when it reached it by name, else what failed. */
    dependencies: urlPath,
    /**
     * Stores a marker in every stateful service (POST `{"value": "..."}`); GET answers JSON with one entry per
     * stateful service, the value it holds or null: each must keep it through `down` and `up`, and lose it with
     * `down -v`.
     */
    marker: urlPath,
    /** Replicas of the built service `--scale` starts. */
    scale: z.number().int().min(2).max(4).default(3),
  })
  .strict();

/** An HTTP request the run phase makes from inside the container. */
export const probeSchema = z.object({
  name: z
    .string()
    .min(1)
    .max(40)
    .regex(/^[a-z0-9-]+$/, "lower-case letters, digits and dashes"),
  path: urlPath,
  method: z.enum(["GET", "POST"]).default("GET"),
  /** JSON body for POST probes. */
  body: z.unknown().optional(),
  expectStatus: z.number().int().min(100).max(599).default(200),
  /** Text the response body must contain, e.g. "prediction". */
  expectBodyIncludes: z.string().optional(),
});
export type Probe = z.infer<typeof probeSchema>;

/** Per-exercise parameters of the check catalogue; a check whose section is absent is not graded. */
export const exerciseChecksSchema = z
  .object({
    size: z
      .object({
        maxMB: z.number().positive().max(20_000),
        /**
         * The report compares a multi-stage attempt's image with the learner's own newest earlier single-stage
         * attempt (or their earliest built one): the before and after of a multi-stage rewrite.
         */
        compareWithSingleStage: z.boolean().optional(),
      })
      .optional(),
    cache: z
      .object({
        /** The app file the cache phase edits; every step before the dependency install must be reused. */
        mutate: relativePath,
        /** The dependency manifest; changing it must make the install step rebuild (negative control). */
        manifest: relativePath.optional(),
        /** Text identifying the dependency install step in RUN lines. */
        installMarker: z.string().min(1).default("pip install"),
      })
      .optional(),
    /**
     * The run phase starts the image the learner built. A service (the default) must start, answer its health
     * path and probes, and stop on SIGTERM; a job must run to completion with the expected exit code and print
     * or write what the exercise asks.
     */
    run: z
      .object({
        kind: z.enum(["service", "job"]).default("service"),
        /** Service: the port it listens on (inside the container). */
        port: z.number().int().min(1).max(65535).optional(),
        health: z
          .object({ path: urlPath.default("/health"), deadlineSeconds: z.number().int().min(1).max(120).default(30) })
          .prefault({}),
        probes: z.array(probeSchema).max(10).default([]),
        /** Seconds `docker stop` may take before it counts as ignoring SIGTERM. */
        stopSeconds: z.number().int().min(1).max(30).default(5),
        readOnlyRootfs: z.boolean().default(false),
        /** Service: the image must declare a HEALTHCHECK. Never for a job, which has no endpoint to check. */
        requireHealthcheck: z.boolean().optional(),
        /** Job: the exit code that means success. */
        exitCode: z.number().int().min(0).max(255).default(0),
        /** Job: seconds it may run before it counts as hanging (the run phase's own limit still applies). */
        deadlineSeconds: z.number().int().min(1).max(120).default(30),
        /** Job: text its output (stdout and stderr) must contain, e.g. "prediction". */
        outputIncludes: z.string().min(1).max(200).optional(),
        /** Job: an absolute path it must write: a file, or a directory that ends up holding at least one file. */
        writes: absolutePath.optional(),
        /**
         * Job: runs with this Compose service's shared memory (shm_size) and mounts, as `docker compose run` would;
         * a bind mount of a folder of the exercise is filled with that folder's files.
         */
        composeService: composeServiceName.optional(),
      })
      .superRefine((run, ctx) => {
        if (run.kind === "service" && run.port === undefined)
          ctx.addIssue({ code: "custom", path: ["port"], message: "a service needs the port it listens on" });
        if (run.kind === "job") {
          for (const key of ["port", "requireHealthcheck"] as const)
            if (run[key] !== undefined)
              ctx.addIssue({ code: "custom", path: [key], message: `a job has no ${key}: it serves nothing` });
          if (run.probes.length > 0)
            ctx.addIssue({ code: "custom", path: ["probes"], message: "a job has no probes: it serves nothing" });
        } else if (run.composeService !== undefined)
          ctx.addIssue({
            code: "custom",
            path: ["composeService"],
            message: "only a job runs with a Compose service's settings",
          });
      })
      .transform((run) => ({
        ...run,
        requireHealthcheck: run.kind === "service" && (run.requireHealthcheck ?? true),
      }))
      .optional(),
    gpu: z
      .object({
        /** Command run in the container on a GPU runner; exit 0 means the GPU is usable. */
        probe: z.array(z.string()).min(1).default(["nvidia-smi"]),
        /**
         * The probe must also compute something on the GPU: the grader draws a fresh seed for each grading, puts it
         * where the probe says `{seed}`, and the output must hold the answer for that seed (the kinds are computed
         * in sandbox-runner/pipeline/gpu-answers.ts). A fixed answer could be printed without any GPU work.
         */
        answer: z.enum(GPU_ANSWER_KINDS).optional(),
        /**
         * The CUDA version the GPU nodes' driver reports in nvidia-smi, e.g. "12.4": the newest it supports natively
         * (newer runtimes may still run: gpu.cuda-driver-compatible has the rules).
         */
        maxCuda: z
          .string()
          .regex(/^\d+\.\d+$/)
          .default("12.4"),
      })
      .refine((gpu) => (gpu.answer !== undefined) === gpu.probe.includes(GPU_SEED_ARGUMENT), {
        message: `a GPU answer needs ${GPU_SEED_ARGUMENT} among the probe's arguments, and only an answer uses one`,
        path: ["probe"],
      })
      .optional(),
    /**
     * A Compose stack graded by rules, by the Compose Specification's schema and,
     * where the grader has it, by `docker compose config`; started for real only
     * when `stack` asks for it (its images must be the grader's own).
     */
    compose: z
      .object({
        file: relativePath.default("compose.yaml"),
        /** What the exercise expects of each service, by service name. */
        services: z.record(composeServiceName, composeServiceExpectationSchema).default({}),
        /**
         * The stack phase: the grader starts the stack for real (`docker compose up --wait`, internal networks only,
         * the built service running the graded image) and checks start order, reaching services by name, data on
         * named volumes, localhost-only ports and scaling (sandbox-runner/compose/stack/).
         */
        stack: composeStackSchema.optional(),
      })
      .superRefine((compose, ctx) => {
        const names = Object.keys(compose.services);
        const built = names.filter((n) => compose.services[n]!.build);
        if (compose.stack && built.length !== 1)
          ctx.addIssue({ code: "custom", path: ["stack"], message: "the stack phase needs the one built service" });
        if (compose.stack && !names.some((n) => compose.services[n]!.stateful))
          ctx.addIssue({
            code: "custom",
            path: ["stack"],
            message: "the stack phase's marker needs a stateful service to keep it",
          });
        if (built.length > 1)
          ctx.addIssue({
            code: "custom",
            path: ["services"],
            message: `only one service can be built from the exercise's Dockerfile, not ${built.join(", ")}`,
          });
        for (const [name, s] of Object.entries(compose.services)) {
          for (const dep of s.dependsOn) {
            if (dep === name || !names.includes(dep))
              ctx.addIssue({
                code: "custom",
                path: ["services", name, "dependsOn"],
                message: `${dep} is not another service listed under compose.services`,
              });
          }
        }
      })
      .optional(),
    /** Catalogue checks this exercise does not grade (e.g. multi-stage rules in a first exercise). */
    disable: z.array(z.string()).default([]),
  })
  .superRefine((checks, ctx) => {
    if (checks.compose?.stack && checks.run?.port === undefined)
      ctx.addIssue({
        code: "custom",
        path: ["compose", "stack"],
        message: "the stack phase calls the built service on run.port: the exercise needs a service run section",
      });
    const service = checks.run?.composeService;
    if (service !== undefined && !checks.compose?.services[service])
      ctx.addIssue({
        code: "custom",
        path: ["run", "composeService"],
        message: `${service} is not a service listed under compose.services`,
      });
  })
  .prefault({});

/**
 * Progressive hints, in the order a learner gets them: each opens by itself after that many of the learner's failed
 * graded attempts (`afterFailures`), or on request, one at a time (lib/exercises/hints.ts).
 */
export const hintsSchema = z
  .array(
    z
      .object({
        /** The little Markdown of components/labs/lab-markdown.tsx: paragraphs, lists, `code`, **strong**. */
        text: z.string().trim().min(1, "a hint needs text").max(2000, "a hint is at most 2000 characters"),
        /** Opens by itself after this many failed attempts; without it, only on request. */
        afterFailures: z
          .number()
          .int("a whole number of failed attempts")
          .min(1, "at least 1 failed attempt")
          .optional(),
      })
      .strict(),
  )
  .max(10, "at most 10 hints: a learner reads them one by one")
  .superRefine((hints, ctx) => {
    // Hints open in order, so one cannot open by failures before the one ahead of it.
    let before: { at: number; index: number } | undefined;
    hints.forEach((hint, index) => {
      if (hint.afterFailures === undefined) return;
      if (before && hint.afterFailures < before.at)
        ctx.addIssue({
          code: "custom",
          path: [index, "afterFailures"],
          message:
            `hint ${index + 1} opens after ${hint.afterFailures} ` +
            `failed attempt${hint.afterFailures === 1 ? "" : "s"}, ` +
            `before hint ${before.index + 1} ` +
            `(after ${before.at}); afterFailures must not decrease along the list`,
        });
      else before = { at: hint.afterFailures, index };
    });
    const requestOnly = hints.findIndex((h) => h.afterFailures === undefined);
    const laterTimed = hints.findIndex((h, i) => i > requestOnly && h.afterFailures !== undefined);
    if (requestOnly !== -1 && laterTimed !== -1)
      ctx.addIssue({
        code: "custom",
        path: [laterTimed, "afterFailures"],
        message:
          `hint ${requestOnly + 1} opens only on request, so hint ${laterTimed + 1} after it cannot open by failed ` +
          "attempts: give the earlier hint an afterFailures too, or drop this one's",
      });
  })
  .default([]);
export type Hint = z.infer<typeof hintsSchema>[number];

export const exerciseSpecSchema = z.object({
  title: z.string().min(3),
  summary: z.string().min(10).max(300),
  lesson: slugSchema.optional(),
  /** Shown on the exercises index; optional so a new exercise validates before anyone has rated it. */
  difficulty: z.enum(["beginner", "intermediate", "advanced"]).optional(),
  /** Estimated minutes for a learner who has read the lesson, shown on the exercises index. */
  minutes: z.number().int().min(1).max(240).optional(),
  /** The little Markdown of components/labs/lab-markdown.tsx: paragraphs, "- " lists, `code`, **strong**. */
  prompt: z.string().min(10),
  queue: z.enum(["grade-cpu", "grade-gpu"]).default("grade-cpu"),
  /** Files the learner writes; every other file in starter/ is fixed and always comes from the exercise. */
  editable: z.array(relativePath).min(1).max(20),
  checks: exerciseChecksSchema,
  hints: hintsSchema,
  /** How the grader builds the image: BuildKit's --target and the secrets RUN --mount=type=secret may read. */
  build: z
    .object({
      /** Build up to this stage (`docker build --target`); the image graded is that stage's. */
      target: z
        .string()
        .regex(/^[a-zA-Z][a-zA-Z0-9_.-]*$/, "a stage name")
        .optional(),
      /**
       * Stand-in credentials the exercise hands to the build as BuildKit secrets (`--secret id=...`), so a
       * learner can practise `RUN --mount=type=secret,id=...` without a real token. Never a real secret.
       */
      secrets: z
        .array(
          z.object({
            id: z.string().regex(/^[a-zA-Z0-9_.-]+$/, "letters, digits, dot, dash, underscore"),
            value: z.string().min(1).max(4096),
          }),
        )
        .max(5)
        .default([]),
    })
    .prefault({}),
  /** The shell a learner (or instructor) may open in the graded image (lib/shell/). */
  shell: z
    .object({
      /** The shell's root file system is read-only (with a writable /tmp) unless the exercise needs to write. */
      readOnlyRootfs: z.boolean().default(true),
      /** What to try in the shell for this exercise, shown beside the terminal; the course's defaults otherwise. */
      tryThese: z
        .array(z.object({ command: z.string().min(1).max(200), why: z.string().min(5).max(200) }))
        .max(8)
        .optional(),
    })
    .prefault({}),
  limits: z
    .object({
      buildSeconds: z.number().int().min(10).max(300).default(300),
      buildMemoryMB: z.number().int().min(64).max(2048).default(2048),
      /** What one build step may write to its layer. */
      buildDiskMB: z.number().int().min(16).max(2048).default(2048),
      runSeconds: z.number().int().min(5).max(60).default(60),
      runMemoryMB: z.number().int().min(64).max(1024).default(1024),
      /** The stack phase as a whole: its ups, downs and probes (each container gets runMemoryMB). */
      stackSeconds: z.number().int().min(30).max(300).default(180),
    })
    .prefault({}),
});

export type ExerciseSpec = z.infer<typeof exerciseSpecSchema>;
export type ExerciseChecks = ExerciseSpec["checks"];

/** variants/<name>/expect.yaml: the checks this broken version must fail, and only those. */
export const variantExpectSchema = z.object({
  description: z.string().min(5),
  fails: z.array(z.string()).min(1),
  /** Checks that may warn without the variant counting as wrong. */
  warns: z.array(z.string()).default([]),
});
export type VariantExpect = z.infer<typeof variantExpectSchema>;
