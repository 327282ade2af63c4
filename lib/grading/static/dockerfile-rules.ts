import { absoluteWorkdir } from "./rules/absolute-workdir";
import { apkNoCache } from "./rules/apk-no-cache";
import { aptListsRemoved } from "./rules/apt-lists-removed";
import { aptNoInstallRecommends } from "./rules/apt-no-install-recommends";
import { aptUpdateWithInstall } from "./rules/apt-update-with-install";
import { copyNotAdd } from "./rules/copy-not-add";
import { cudaDriverCompatible } from "./rules/cuda-driver-compatible";
import { dependenciesBeforeCode } from "./rules/dependencies-before-code";
import { dockerignorePresent } from "./rules/dockerignore-present";
import { execFormCmd } from "./rules/exec-form-cmd";
import { exposeMatchesPort } from "./rules/expose-matches-port";
import { finalUserNotRoot, userDeclared } from "./rules/final-user";
import { runtimeNotDevelBase } from "./rules/gpu-base-image";
import { healthcheckDeclared } from "./rules/healthcheck-declared";
import { listenOnAllInterfaces } from "./rules/listen-on-all-interfaces";
import { multiStageBuildTools } from "./rules/multi-stage-build-tools";
import { multiStageUsedCorrectly } from "./rules/multi-stage-used-correctly";
import { noCdInRun } from "./rules/no-cd-in-run";
import { noCurlPipeShell } from "./rules/no-curl-pipe-shell";
import { noEnvFileCopied } from "./rules/no-env-file-copied";
import { noSecretsInEnvArg } from "./rules/no-secrets-in-env-arg";
import { noSudo } from "./rules/no-sudo";
import { nvidiaEnvIntact } from "./rules/nvidia-env-intact";
import { oneCmd } from "./rules/one-cmd";
import { pinAptVersions } from "./rules/pin-apt-versions";
import { pinBaseImage } from "./rules/pin-base-image";
import { pinPipVersions } from "./rules/pin-pip-versions";
import { pipNoCache } from "./rules/pip-no-cache";
import { pipefail } from "./rules/pipefail";
import { slimBaseImage } from "./rules/slim-base-image";
import type { StaticRule } from "./static-rule";

/** The rules on the Dockerfile and its build context, in report order: security, size, cache, correctness, gpu. */
export const DOCKERFILE_RULES: readonly StaticRule[] = [
  pinBaseImage,
  pinPipVersions,
  pinAptVersions,
  userDeclared,
  finalUserNotRoot,
  noSecretsInEnvArg,
  noEnvFileCopied,
  noSudo,
  noCurlPipeShell,
  slimBaseImage,
  multiStageBuildTools,
  dockerignorePresent,
  aptListsRemoved,
  aptNoInstallRecommends,
  pipNoCache,
  apkNoCache,
  dependenciesBeforeCode,
  aptUpdateWithInstall,
  execFormCmd,
  listenOnAllInterfaces,
  exposeMatchesPort,
  healthcheckDeclared,
  copyNotAdd,
  absoluteWorkdir,
  noCdInRun,
  pipefail,
  oneCmd,
  multiStageUsedCorrectly,
  runtimeNotDevelBase,
  cudaDriverCompatible,
  nvidiaEnvIntact,
];
