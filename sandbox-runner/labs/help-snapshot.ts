import { ENGINE_SNAPSHOT_CAP, type EngineSnapshot } from "./lib";
import type { LabState } from "./verify/lab-state";

/**
 * What a learner's engine holds, for the staff member they asked for help (lib/help): the state the task checks
 * read, cut to names and standings, each list capped (a lab may hold thousands of images), sorted so two snapshots
 * compare line by line.
 */
export function engineSnapshotOf(state: LabState, readAt: Date): EngineSnapshot {
  let truncated = false;
  const cap = <T>(items: T[]): T[] => {
    if (items.length > ENGINE_SNAPSHOT_CAP) truncated = true;
    return items.slice(0, ENGINE_SNAPSHOT_CAP);
  };
  const sorted = (names: string[]) => cap([...names].sort());
  const containers = cap(
    [...state.containers]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((c) => ({
        name: c.name,
        image: c.image,
        status: c.status,
        exitCode: c.exitCode,
        ports: c.publishes.slice(0, 50).map((p) => `${p.hostIp || "0.0.0.0"}:${p.hostPort}->${p.port}`),
        networks: c.networks.slice(0, 50),
      })),
  );
  return {
    kind: "read",
    readAt: readAt.toISOString(),
    containers,
    images: sorted(state.images),
    volumes: sorted(state.volumes),
    networks: sorted(state.networks.map((n) => n.name)),
    truncated,
  };
}
