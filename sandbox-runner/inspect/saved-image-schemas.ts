import { z } from "zod";

/** manifest.json of `docker save`: one entry per saved image. */
export const saveManifestSchema = z
  .array(z.object({ Config: z.string(), RepoTags: z.array(z.string()).nullish(), Layers: z.array(z.string()) }))
  .min(1);

const stringList = z
  .array(z.string())
  .nullish()
  .transform((v) => v ?? null);
const stringMap = z
  .record(z.string(), z.string())
  .nullish()
  .transform((v) => v ?? {});

/** The container config as both the saved config file and `docker inspect` spell it. */
export const containerConfigSchema = z
  .object({
    User: z.string().nullish(),
    Env: z.array(z.string()).nullish(),
    Cmd: stringList,
    Entrypoint: stringList,
    Healthcheck: z
      .object({
        Test: z.array(z.string()).nullish(),
        Interval: z.number().nullish(),
        Timeout: z.number().nullish(),
        Retries: z.number().nullish(),
      })
      .nullish(),
    ExposedPorts: z.record(z.string(), z.unknown()).nullish(),
    WorkingDir: z.string().nullish(),
    Labels: stringMap,
  })
  .nullish()
  .transform((v) => v ?? { Cmd: null, Entrypoint: null, Labels: {} });

export type ContainerConfig = z.infer<typeof containerConfigSchema>;

/** The image config file "<id>.json" inside the save tar. */
export const savedImageConfigSchema = z.object({
  config: containerConfigSchema,
  history: z
    .array(
      z.object({ created_by: z.string().nullish(), empty_layer: z.boolean().nullish(), comment: z.string().nullish() }),
    )
    .nullish()
    .transform((v) => v ?? []),
  rootfs: z.object({ diff_ids: z.array(z.string()) }),
});

/** The parts of `docker inspect` readImage uses. */
export const inspectSchema = z.object({
  Id: z.string(),
  Size: z.number(),
  Config: containerConfigSchema,
  RootFS: z.object({ Layers: z.array(z.string()).nullish() }).nullish(),
});
