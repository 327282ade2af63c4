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
/** A platform as an image's config and an index name it: `os/architecture[/variant]`, such as linux/arm64. */
const platform = z
  .string()
  .regex(/^linux\/[a-z0-9]+(\/v[0-9]+)?$/, "a platform such as linux/amd64, linux/arm64 or linux/arm/v7");
/** An image label's key, as OCI names them: `org.opencontainers.image.version`. */
const labelKey = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]{0,127}$/, "a label key such as org.opencontainers.image.version");

const publishSchema = z
  .object({
    /** The container's port, as in `-p 127.0.0.1:8080:8000` → 8000. */
    port,
    /** The host port it must be published on (8080 above); any when absent. */
    hostPort: port.optional(),
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
    /** Mounted read-only (`:ro`, `readonly` in --mount, `read_only: true` in Compose): the container cannot write. */
    readOnly: z.boolean().optional(),
  })
  .strict();

/**
 * The words of a task's goal that a check stands for, copied from the goal as they are written there: lintLab
 * refuses a goal that names something (a `backticked` name, a flag, "in the background", "read-only") no check reads.
 */
const goalWords = z.array(z.string().min(2).max(200)).max(12).default([]);

export const labCheckSchema = z.discriminatedUnion("kind", [
  z
    .object({
      kind: z.literal("container"),
      goalWords,
      name: dockerName,
      /** The image it runs, as the learner typed it (a tag) or by digest. */
      image: imageReference.optional(),
      /**
       * running (the default), exited (with `exitCode` when given) or removed: no such container now, and one was
       * there earlier in the lab (the lab's history, task-judge.ts): nothing to remove is not a removal.
       */
      state: z.enum(["running", "exited", "removed"]).default("running"),
      exitCode: z.number().int().optional(),
      /**
       * How its last run ended, from the engine's events this lab saw (lab-history.ts): `stop` a SIGTERM (docker
       * stop) and no SIGKILL, `kill` a SIGKILL with no SIGTERM before it (docker kill; a docker stop that ran past its
       * grace period is neither), `itself` its program ended with no signal sent. Only with state: exited. A
       * container the platform stopped (a lab kept and resumed) has no ending the learner gave it.
       */
      endedBy: z.enum(["stop", "kill", "itself"]).optional(),
      /**
       * Words its command line must hold (the entrypoint and command the container ran, `python train.py`): what it
       * ran, not only what it is named. Each is matched as whole words of the command line.
       */
      command: z.array(z.string().min(1).max(200)).max(4).default([]),
      restart: z.enum(["no", "always", "unless-stopped", "on-failure"]).optional(),
      publishes: z.array(publishSchema).max(5).default([]),
      /** It publishes no port at all: a service only other containers may reach, over their network. */
      publishesNothing: z.literal(true).optional(),
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
      /**
       * A command was run in it with exec (`docker exec`) since it last started, and ended with exit code 0 (the
       * engine's exec_die event): a failed exec (a typo, a wrong host name) is not the task done.
       */
      exec: z.literal(true).optional(),
      /**
       * Words the exec's command must hold (`getent hosts cache`), matched as whole words: with exec, the command the
       * goal names ran and ended with code 0, not any command.
       */
      execCommand: z.array(z.string().min(1).max(200)).max(4).default([]),
      /** Environment entries it must have, `NAME=value`. */
      env: z
        .array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*=/, "NAME=value"))
        .max(5)
        .default([]),
    })
    .strict()
    .refine((c) => c.endedBy === undefined || c.state === "exited", {
      message: "endedBy says how a container's run ended: only with state: exited",
    })
    .refine((c) => c.exec === undefined || c.state === "running", {
      message: "exec speaks of a running container's current run: only with state: running",
    })
    .refine((c) => c.execCommand.length === 0 || c.exec === true, {
      message: "execCommand says which exec: only with exec: true",
    })
    .refine((c) => !(c.publishesNothing && c.publishes.length > 0), {
      message: "publishesNothing and publishes cannot both hold",
    }),
  z
    .object({
      kind: z.literal("volume"),
      goalWords,
      name: dockerName,
      /** false: the learner must have deleted it (`docker volume rm`, `down -v`): it existed earlier in the lab. */
      present: z.boolean().default(true),
    })
    .strict(),
  z
    .object({
      kind: z.literal("network"),
      goalWords,
      name: dockerName,
      internal: z.boolean().optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal("image"),
      goalWords,
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
      /**
       * It was built in this lab, by a build of a Dockerfile (BuildKit's steps in its history): not a tag of an image
       * that was already there, not `docker image import` or `docker load`, not an image the lab started with.
       */
      built: z.literal(true).optional(),
      /**
       * Text its build history must hold, one entry each (`COPY server.py`): the Dockerfile it was built from did
       * these steps. With `labels`, each label must also come from a LABEL step of the Dockerfile, not --label.
       */
      history: z.array(z.string().min(2).max(200)).max(5).default([]),
      /**
       * Text no step of its history may hold (`RUN rm -f /tmp/corpus.bin`): the Dockerfile it was built from did not
       * do these. A correct answer can be written many ways, a wrong one often only one: this names the wrong one.
       */
      absent: z.array(z.string().min(2).max(200)).max(5).default([]),
      /**
       * No step its build ran (BuildKit's steps in its history, not its base image's) adds more than this many MB:
       * the SIZE column of `docker history`. A file one step writes stays in that step's layer, whatever a later
       * step deletes, so this is how a task asks for "downloaded, used and deleted in one step".
       */
      maxStepMB: z.number().positive().max(10_000).optional(),
      /**
       * The whole image, its base included, is at most this many MB (the SIZE column of `docker image ls`): an image
       * of only the files it must hold (`FROM scratch`) and not those files on top of an operating system.
       */
      maxMB: z.number().positive().max(100_000).optional(),
      /**
       * The platform it was built for, from its config (`docker image inspect -f '{{.Os}}/{{.Architecture}}'`):
       * what `docker build --platform` sets, or the base image's platform.
       */
      platform: platform.optional(),
    })
    .strict()
    .refine(
      (c) =>
        c.present ||
        (c.labels === undefined &&
          c.pulled === undefined &&
          !c.built &&
          c.history.length === 0 &&
          c.absent.length === 0 &&
          c.maxStepMB === undefined &&
          c.maxMB === undefined &&
          c.platform === undefined),
      {
        message:
          "labels, pulled, built, history, absent, maxStepMB, maxMB and platform speak of an image that is there: " +
          "leave them out of a check with present: false",
      },
    )
    .refine((c) => c.maxStepMB === undefined || c.built, {
      message: "maxStepMB measures the steps a build ran: it needs built: true",
    })
    .refine((c) => !(c.built && c.pulled), {
      message: "an image is either built here or pulled back from a registry: built and pulled cannot both hold",
    }),
  z
    .object({
      /** GET http://127.0.0.1:<port><path>, sent from inside the lab's network namespace. */
      kind: z.literal("http"),
      goalWords,
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
      goalWords,
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
      goalWords,
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
       * Words the exec's command must hold (`getent hosts cache`), matched as whole words: with exec, the command the
       * goal names ran and ended with code 0, not any command.
       */
      execCommand: z.array(z.string().min(1).max(200)).max(4).default([]),
      /**
       * Every running one was restarted in place (`docker compose restart`, or stop and start): the same container,
       * started again after it stopped, judged from the engine's events. A container made anew is not a restart.
       */
      restarted: z.literal(true).optional(),
      /**
       * Every running one was made anew after the service's earlier containers were removed (`docker compose down`,
       * then `up`): not a restart of the same container. What a task about data outliving its containers needs.
       */
      recreated: z.literal(true).optional(),
      /**
       * What Compose was told the service waits for, read from the project (the com.docker.compose.depends_on label
       * Compose writes from compose.yaml), not guessed from the order things started: `cache: service_healthy`.
       */
      dependsOn: z
        .record(dockerName, z.enum(["service_started", "service_healthy", "service_completed_successfully"]))
        .refine((d) => Object.keys(d).length <= 5, "at most 5 services")
        .optional(),
      /** Named volumes its running containers mount, by where: `{ target: /data, volume: cache-data }`. */
      mounts: z.array(mountSchema).max(5).default([]),
      /**
       * Ports every running one publishes, as a container check's: `{ port: 8000, hostIp: 127.0.0.1 }` for each
       * replica of a service scaled over a host port range, whatever numbers Compose gave them.
       */
      publishes: z.array(publishSchema).max(5).default([]),
    })
    .strict()
    .refine(
      (c) =>
        c.running > 0 ||
        (c.exec === undefined && c.restarted === undefined && c.recreated === undefined && c.dependsOn === undefined),
      {
        message:
          "exec, restarted, recreated and dependsOn speak of running containers: leave them out of a check with " +
          "running: 0",
      },
    )
    .refine((c) => c.execCommand.length === 0 || c.exec === true, {
      message: "execCommand says which exec: only with exec: true",
    })
    .refine((c) => !(c.restarted && c.recreated), {
      message: "a restart keeps the container, a recreation replaces it: restarted and recreated cannot both hold",
    }),
  z
    .object({
      /** A tag in the lab's own registry (localhost:5000), read from its HTTP API. */
      kind: z.literal("registry-tag"),
      goalWords,
      repository,
      tag,
      present: z.boolean().default(true),
      /**
       * The image this local reference names is the one pushed: the engine recorded a digest of it in this
       * repository (its RepoDigests, written by the push). A tag pushed from another build, then built over here and
       * never pushed again, is not it.
       */
      pushedFrom: imageReference.optional(),
      /**
       * Another tag of the lab's registry (`repository:tag`) this one must name the very manifest of: the same
       * digest, computed by the checker from the bytes the registry serves. What a promotion by digest leaves
       * (`skopeo copy` registry to registry); a copy that converts the manifest (`--format oci`) or another build
       * is not it.
       */
      sameManifestAs: z
        .string()
        .refine(
          (r) => {
            const at = r.lastIndexOf(":");
            return at > 0 && repository.safeParse(r.slice(0, at)).success && tag.safeParse(r.slice(at + 1)).success;
          },
          { message: "a tag of the lab's registry as repository:tag, such as churn-api:1.0" },
        )
        .optional(),
      /**
       * The tag names an index (a Docker manifest list or an OCI index) with an entry for each platform given, and
       * each entry is the image this engine pushed under the local reference given for it: its digest one the
       * engine recorded for that image (RepoDigests). What `docker buildx imagetools create` or `docker manifest`
       * makes of images built one platform at a time; image checks on those references say what each must be.
       */
      platforms: z
        .record(platform, imageReference)
        .refine((p) => Object.keys(p).length >= 2 && Object.keys(p).length <= 8, "two to eight platforms")
        .optional(),
    })
    .strict()
    .refine(
      (c) => c.present || (c.pushedFrom === undefined && c.sameManifestAs === undefined && c.platforms === undefined),
      {
        message:
          "pushedFrom, sameManifestAs and platforms speak of a tag that is there: leave them out of a check with " +
          "present: false",
      },
    )
    .refine((c) => c.sameManifestAs !== `${c.repository}:${c.tag}`, {
      message: "sameManifestAs names another tag than the one checked",
    }),
  z
    .object({
      /** Nothing of this sort is left in the lab's engine: what a prune removes. */
      kind: z.literal("clean"),
      goalWords,
      what: z.enum(["stopped-containers", "dangling-images", "unused-volumes", "build-cache"]),
      /**
       * The opposite: something of this sort is still here. A task that asks to prune one sort at a time checks the
       * others remain, so `docker system prune` (every sort at once) is not that task done.
       */
      remaining: z.literal(true).optional(),
    })
    .strict(),
]);
export type LabCheck = z.infer<typeof labCheckSchema>;
