import type { ContainerFacts, LabState } from "../lab-state";

/** A lab engine with nothing in it, as readLabState would answer. */
export const EMPTY_LAB_STATE: LabState = {
  containers: [],
  volumes: [],
  networks: [],
  images: [],
  imageIds: {},
  imageLabels: {},
  imageSizes: {},
  imageHistory: {},
  imagePlatforms: {},
  danglingImages: [],
  untaggedImages: [],
  unusedVolumes: [],
  http: {},
  volumeFiles: {},
  registryTags: {},
  registryManifests: {},
};

/** A snapshot with only the parts a test cares about. */
export function labState(parts: Partial<LabState>): LabState {
  return { ...EMPTY_LAB_STATE, ...parts };
}

/** A running python:3.11-slim container started in the background, unless `facts` say otherwise. */
export function containerFacts(facts: Partial<ContainerFacts> & { name: string }): ContainerFacts {
  return {
    id: `id-${facts.name}`,
    image: "python:3.11-slim",
    imageAliases: ["python:3.11-slim"],
    imageId: `sha256:${"1".repeat(64)}`,
    byDigest: false,
    running: true,
    // Long settled: a judge's clock in the tests is far past it.
    startedAt: 0,
    restartCount: 0,
    commandLine: "python3",
    status: "running",
    exitCode: 0,
    oomKilled: false,
    restart: "no",
    publishes: [],
    mounts: [],
    networks: ["bridge"],
    labels: {},
    health: "none",
    env: ["PATH=/usr/local/bin:/usr/bin"],
    attachedAtCreate: false,
    ...facts,
  };
}
