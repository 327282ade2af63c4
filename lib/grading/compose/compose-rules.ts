import type { StaticRule } from "../static/static-rule";
import { composeDependsOnHealthy } from "./rules/compose-depends-on-healthy";
import { composeExpectedServices } from "./rules/compose-expected-services";
import { composeGpusRequested } from "./rules/compose-gpus-requested";
import { composeImagesPinned } from "./rules/compose-images-pinned";
import { composeInternalServicesUnpublished } from "./rules/compose-internal-services-unpublished";
import { composeMountsInPlace } from "./rules/compose-mounts-in-place";
import { composeNoInlineSecrets } from "./rules/compose-no-inline-secrets";
import { composeNoVersionKey } from "./rules/compose-no-version-key";
import { composePortsBoundLocally } from "./rules/compose-ports-bound-locally";
import { composeServicesByName } from "./rules/compose-services-by-name";
import { composeShmSize } from "./rules/compose-shm-size";
import { composeSpecValid } from "./rules/compose-spec-valid";
import { composeStateOnNamedVolumes } from "./rules/compose-state-on-named-volumes";

/**
 * The rules of Compose exercises. Apart from the Dockerfile rules because they bring a YAML parser, ajv and the
 * Compose schema, which a browser checking a plain Dockerfile should not download.
 */
export const COMPOSE_RULES: readonly StaticRule[] = [
  composeSpecValid,
  composeNoVersionKey,
  composeExpectedServices,
  composeImagesPinned,
  composeNoInlineSecrets,
  composeDependsOnHealthy,
  composeServicesByName,
  composeStateOnNamedVolumes,
  composePortsBoundLocally,
  composeInternalServicesUnpublished,
  composeGpusRequested,
  composeShmSize,
  composeMountsInPlace,
];
