import { z } from "zod";

/*
 * What a lab's Docker engine held when its learner asked for help, as the lab host read it (the same read its task
 * checks make) and as staff see it beside the question. Written by the host, read by the web app: one schema, checked
 * on both sides. Lists are capped so a lab with thousands of containers makes a snapshot of bounded size.
 */

export const ENGINE_SNAPSHOT_CAP = 200;

const name = z.string().max(500);

export const engineSnapshotSchema = z.discriminatedUnion("kind", [
  z
    .object({
      kind: z.literal("read"),
      /** ISO 8601: when the host read the engine. */
      readAt: z.string(),
      containers: z
        .array(
          z.object({
            name,
            image: name,
            /** Docker's status word: created, running, exited, … */
            status: z.string().max(40),
            exitCode: z.number().int(),
            /** "127.0.0.1:8080->8000" for each published port. */
            ports: z.array(z.string().max(100)).max(50),
            networks: z.array(name).max(50),
          }),
        )
        .max(ENGINE_SNAPSHOT_CAP),
      /** Every tag and digest reference, sorted. */
      images: z.array(name).max(ENGINE_SNAPSHOT_CAP),
      volumes: z.array(name).max(ENGINE_SNAPSHOT_CAP),
      networks: z.array(name).max(ENGINE_SNAPSHOT_CAP),
      /** Some list was longer than the cap and was cut. */
      truncated: z.boolean(),
    })
    .strict(),
  /** The host could not read the engine (the lab was not open, or its engine did not answer): said, never guessed. */
  z.object({ kind: z.literal("unread"), readAt: z.string(), reason: z.string().max(500) }).strict(),
]);

export type EngineSnapshot = z.infer<typeof engineSnapshotSchema>;
