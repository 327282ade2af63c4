import type { CheckResult } from "../grading/lib";
import { type CheckSpec, toCheckResult } from "../grading/lib";
import { buildToolsNotInFinalImage } from "./checks/build-tools-not-in-final-image";
import { cmdOrEntrypoint } from "./checks/cmd-or-entrypoint";
import { dockerignoreEffective } from "./checks/dockerignore-effective";
import { exposesServicePort } from "./checks/exposes-service-port";
import { imageBudget } from "./checks/image-budget";
import { imageDeclaresNvidiaEnv } from "./checks/image-declares-nvidia-env";
import { imageHealthcheck } from "./checks/image-healthcheck";
import { imageUserNotRoot } from "./checks/image-user-not-root";
import { layerCount } from "./checks/layer-count";
import { noEnvFileInImage } from "./checks/no-env-file-in-image";
import { noPackageCaches } from "./checks/no-package-caches";
import { noSecretsInLayers } from "./checks/no-secrets-in-layers";
import { noSetuidFiles } from "./checks/no-setuid-files";
import { noWorldWritableFiles } from "./checks/no-world-writable-files";
import { startCommandExists } from "./checks/start-command-exists";
import { wastedBytes } from "./checks/wasted-bytes";
import type { ImageCheck, ImageCheckContext } from "./image-check";

/** Catalogue order: what the learner reads first in the report. */
export const IMAGE_CHECK_LIST: ImageCheck[] = [
  imageUserNotRoot,
  noSecretsInLayers,
  noEnvFileInImage,
  noSetuidFiles,
  noWorldWritableFiles,
  cmdOrEntrypoint,
  startCommandExists,
  imageHealthcheck,
  exposesServicePort,
  imageBudget,
  wastedBytes,
  noPackageCaches,
  buildToolsNotInFinalImage,
  imageDeclaresNvidiaEnv,
  dockerignoreEffective,
  layerCount,
];

export const IMAGE_CHECKS: CheckSpec[] = IMAGE_CHECK_LIST.map((c) => c.spec);

/** Every image check the exercise does not disable, as result-document entries. */
export function runImageChecks(ctx: ImageCheckContext): CheckResult[] {
  const disabled = new Set(ctx.checks.disable);
  return IMAGE_CHECK_LIST.filter((c) => !disabled.has(c.spec.id)).map((c) => toCheckResult(c.spec, c.run(ctx)));
}
