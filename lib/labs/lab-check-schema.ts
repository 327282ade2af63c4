import { z } from "zod";

/**
 * What a lab task checks in the lab engine's real state (sandbox-runner/labs/verify/): one condition on the
 * containers, volumes, networks, images, Compose services or registry the learner made, or on what a port inside
 * the lab answers. A task passes when all its checks hold.
 */
const dockerName = z
  .string()
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}$/, "a Docker object name (letters, digits, _ . -), such as api");
const imageReference = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._/:-]*(@sha256:[a-f0-9]{64})?$/, "an image reference such as churn-api:1.0");

/** A repository in the lab's own registry, as pushed: `churn-api` for localhost:5000/churn-api:1.0. */
const repository = z
  .string()
  .regex(/^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/, "a repository name such as churn-api");
const tag = z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, "a tag such as 1.0 or 1.0-3f2a1c9");
/** A path inside the lab, absolute, made of plain segments (no `..`). */
const labPath = z
  .string()
  .max(300)
  .regex(/^(\/[A-Za-z0-9_.@+-]+)+\/?$|^\/$/, "an absolute path of plain names, such as /health")
  .refine((p) => !p.split("/").includes(".."), "a path without ..");
const port = z.number().int().min(1).max(65_535);
/** An image label's key, as OCI names them: `org.opencontainers.image.version`. */
const labelKey = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]{0,127}$/, "a label key such as org.opencontainers.image.version");

const publishSchema = z
  .object({
    /** The container's port, as in `-p 127.0.0.1:8080:8000` → 8000. */
    port,
    /** The host address it must be bound to; 127.0.0.1 for "only this machine". */
    hostIp: z.string().optional(),
  })
  .strict();

const mountSchema = z
  .object({
    /** A named volume (`-v model-files:/models`); absent for a bind mount. */
    volume: dockerName.optional(),
    /** `bind` for `-v ./dir:/target` or `--mount type=bind`. */
    type: z.enum(["volume", "bind"]).default("volume"),
    target: z.string().regex(/^\//, "an absolute path inside the container"),
  })
  .strict();

export const labCheckSchema = z.discriminatedUnion("kind", [
  z
    .object({
      kind: z.literal("container"),
      name: dockerName,
      /** The image it runs, as the learner typed it (a tag) or by digest. */
      image: imageReference.optional(),
      /**
       * running (the default), exited (with `exitCode` when given) or removed: no such container now, and one was
       * there earlier in the lab (the lab's history, task-judge.ts): nothing to remove is not a removal.
       */
      state: z.enum(["running", "exited", "removed"]).default("running"),
      exitCode: z.number().int().optional(),
      restart: z.enum(["no", "always", "unless-stopped", "on-failure"]).optional(),
      publishes: z.array(publishSchema).max(5).default([]),
      mounts: z.array(mountSchema).max(5).default([]),
      networks: z.array(dockerName).max(5).default([]),
      /** Its HEALTHCHECK reports healthy. */
      healthy: z.boolean().optional(),
      /**
       * It was last started in the background (`docker run -d`), not attached to the terminal: judged from the
       * engine's events (an `attach` before its `start`), which the lab's watcher follows.
       */
      detached: z.boolean().optional(),
      /** It was started from an image pinned by digest (`name@sha256:…`), not by a tag that can move. */
      byDigest: z.boolean().optional(),
      /** It runs the very image this reference names in the lab now (same image ID): a deploy or a roll-back. */
      sameImageAs: imageReference.optional(),
      /** Environment entries it must have, `NAME=value`. */
      env: z
        .array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*=/, "NAME=value"))
        .max(5)
        .default([]),
    })
    .strict(),
  z
    .object({
      kind: z.literal("volume"),
      name: dockerName,
      /** false: the learner must have deleted it (`docker volume rm`, `down -v`): it existed earlier in the lab. */
      present: z.boolean().default(true),
    })
    .strict(),
  z
    .object({
      kind: z.literal("network"),
      name: dockerName,
      internal: z.boolean().optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal("image"),
      reference: imageReference,
      present: z.boolean().default(true),
      /**
       * Labels it must carry, `key: value`: what its Dockerfile's LABEL wrote when it was built, often a build
       * argument's value (`ARG VERSION`, `docker build --build-arg VERSION=1.0`).
       */
      labels: z
        .record(labelKey, z.string().max(200))
        .refine((labels) => Object.keys(labels).length <= 5, "at most 5 labels")
        .optional(),
      /**
       * The engine pulled it from a registry (a `pull` event for this reference, or for its repository's every tag)
       * after the last time an image it named was untagged or deleted: fetched back, not built or tagged again here.
       */
      pulled: z.literal(true).optional(),
    })
    .strict()
    .refine((c) => c.present || (c.labels === undefined && c.pulled === undefined), {
      message: "labels and pulled speak of an image that is there: leave them out of a check with present: false",
    }),
  z
    .object({
      /** GET http://127.0.0.1:<port><path>, sent from inside the lab's network namespace. */
      kind: z.literal("http"),
      port,
      path: labPath.default("/"),
      status: z.number().int().min(100).max(599).default(200),
      bodyIncludes: z.string().min(1).max(200).optional(),
    })
    .strict(),
  z
    .object({
      /** A file in a named volume, read inside the lab (never through a path the host resolves). */
      kind: z.literal("volume-file"),
      volume: dockerName,
      /** Relative to the volume's root. */
      path: z
        .string()
        .max(300)
        .regex(/^[A-Za-z0-9_.@+-]+(\/[A-Za-z0-9_.@+-]+)*$/, "a path inside the volume, such as models/model.txt")
        .refine((p) => !p.split("/").includes(".."), "a path without .."),
      contains: z.string().min(1).max(200).optional(),
    })
    .strict(),
  z
    .object({
      /** Containers of one service of a Compose project (their com.docker.compose.* labels). */
      kind: z.literal("compose-service"),
      project: dockerName,
      service: dockerName,
      /** How many of its containers must be running; 0 means the service is down. */
      running: z.number().int().min(0).max(10).default(1),
      /** Every running one reports healthy. */
      healthy: z.boolean().default(false),
      /** Every running one was started in the background (`docker compose up -d`), not attached to a terminal. */
      detached: z.boolean().optional(),
      /**
       * A command was run in one of its running containers (`docker compose exec`, `docker exec`) since that
       * container last started: judged from the engine's exec_start events. Its health check's own probes run
       * through exec too and do not count.
       */
      exec: z.literal(true).optional(),
      /**
       * Every running one was restarted in place (`docker compose restart`, or stop and start): the same container,
       * started again after it stopped, judged from the engine's events. A container made anew is not a restart.
       */
      restarted: z.literal(true).optional(),
    })
    .strict()
    .refine((c) => c.running > 0 || (c.exec === undefined && c.restarted === undefined), {
      message: "exec and restarted speak of running containers: leave them out of a check with running: 0",
    }),
  z
    .object({
      /** A tag in the lab's own registry (localhost:5000), read from its HTTP API. */
      kind: z.literal("registry-tag"),
      repository,
      tag,
      present: z.boolean().default(true),
    })
    .strict(),
  z
    .object({
      /** Nothing of this sort is left in the lab's engine: what a prune removes. */
      kind: z.literal("clean"),
      what: z.enum(["stopped-containers", "dangling-images", "unused-volumes", "build-cache"]),
    })
    .strict(),
]);
export type LabCheck = z.infer<typeof labCheckSchema>;
