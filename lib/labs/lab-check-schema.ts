import { z } from "zod";

/**
 * What a lab task checks in the lab engine's real state (sandbox-runner/labs/verify/): one condition on the
 * containers, volumes, networks or images the learner made. A task passes when all its checks hold.
 */
const dockerName = z
  .string()
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}$/, "a Docker object name (letters, digits, _ . -), such as api");
const imageReference = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._/:-]*(@sha256:[a-f0-9]{64})?$/, "an image reference such as churn-api:1.0");

const publishSchema = z
  .object({
    /** The container's port, as in `-p 127.0.0.1:8080:8000` → 8000. */
    port: z.number().int().min(1).max(65_535),
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
      /** running (the default), exited (with `exitCode` when given) or removed (no such container). */
      state: z.enum(["running", "exited", "removed"]).default("running"),
      exitCode: z.number().int().optional(),
      restart: z.enum(["no", "always", "unless-stopped", "on-failure"]).optional(),
      publishes: z.array(publishSchema).max(5).default([]),
      mounts: z.array(mountSchema).max(5).default([]),
      networks: z.array(dockerName).max(5).default([]),
    })
    .strict(),
  z
    .object({
      kind: z.literal("volume"),
      name: dockerName,
      /** removed: the learner must have deleted it (`docker volume rm`, `down -v`). */
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
    })
    .strict(),
]);
export type LabCheck = z.infer<typeof labCheckSchema>;
