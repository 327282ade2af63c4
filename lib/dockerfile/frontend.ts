/**
 * The Dockerfile frontend (the BuildKit component that reads Dockerfiles)
 * graders build with: the one built into Docker Engine 26, Dockerfile 1.7.
 * A `# syntax=` line would ask BuildKit to download another frontend image,
 * which graders cannot do, so the runner sets the line aside
 * (sandbox-runner/docker/syntax-directive.ts) and 1.7 reads every file.
 */
export const GRADER_DOCKERFILE_MINOR = 7;

/** Syntax added to the Dockerfile frontend after 1.0; `labs` is the release whose labs channel had it first. */
export interface FrontendFeature {
  /** Starts a sentence: "COPY --parents", "The env= option of a secret mount". */
  name: string;
  /** Minor version of the first stable 1.x release with it; Infinity while it is labs-only. */
  stable: number;
  labs?: number;
}

export const FEATURES = {
  copyParents: { name: "COPY --parents", labs: 7, stable: 20 },
  exclude: { name: "--exclude", labs: 7, stable: 19 },
  runSecurity: { name: "RUN --security", labs: 1, stable: 20 },
  runDevice: { name: "RUN --device", labs: 14, stable: Infinity },
  addUnpack: { name: "ADD --unpack", stable: 17 },
  secretEnv: { name: "The env= option of a secret mount", stable: 10 },
  symbolicChmod: { name: "A symbolic --chmod (such as u+x)", labs: 11, stable: 14 },
} as const satisfies Record<string, FrontendFeature>;

export function graderSupports(feature: FrontendFeature): boolean {
  return feature.stable <= GRADER_DOCKERFILE_MINOR;
}

/**
 * "COPY --parents needs Dockerfile 1.20 or newer (or the labs channel of
 * Dockerfile 1.7 and later), but graders build with Dockerfile 1.7 ...";
 * `syntax` is the file's # syntax value, whose fate the sentence explains.
 */
export function needsNewerFrontend(feature: FrontendFeature, syntax?: string): string {
  const labs = feature.labs === undefined ? "" : `the labs channel of Dockerfile 1.${feature.labs} and later`;
  const needs =
    feature.stable === Infinity
      ? `is only in ${labs}`
      : `needs Dockerfile 1.${feature.stable} or newer${labs && ` (or ${labs})`}`;
  const setAside =
    syntax === undefined
      ? ""
      : ` (graders cannot download the frontend that # syntax=${syntax} names, so that line is set aside)`;
  return (
    `${feature.name} ${needs}, but graders build with Dockerfile 1.${GRADER_DOCKERFILE_MINOR}, ` +
    `the frontend built into their Docker Engine${setAside}.`
  );
}
