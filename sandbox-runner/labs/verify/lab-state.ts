import type Docker from "dockerode";

/** What a container is, in the terms lab checks speak (evaluate-check.ts). */
export interface ContainerFacts {
  name: string;
  /** The image as the learner named it (`docker run python:3.11-slim` → python:3.11-slim). */
  image: string;
  /** Other names of the same image (its tags and digests), so a check may name any of them. */
  imageAliases: string[];
  running: boolean;
  /** Docker's status word: created, running, exited, … */
  status: string;
  exitCode: number;
  oomKilled: boolean;
  restart: string;
  publishes: Array<{ port: number; hostIp: string; hostPort: number }>;
  mounts: Array<{ type: string; name?: string; source: string; destination: string }>;
  networks: string[];
}

/** One snapshot of a lab engine: what its checks read, all at one moment. */
export interface LabState {
  containers: ContainerFacts[];
  volumes: string[];
  networks: Array<{ name: string; internal: boolean }>;
  /** Every tag and digest reference of every image. */
  images: string[];
}

/** Reads the lab engine's state through its API socket: one list per kind, one inspect per container. */
export async function readLabState(docker: Docker): Promise<LabState> {
  const [list, volumes, networks, images] = await Promise.all([
    docker.listContainers({ all: true }),
    docker.listVolumes(),
    docker.listNetworks(),
    docker.listImages(),
  ]);
  const aliases = new Map<string, string[]>();
  for (const image of images) aliases.set(image.Id, [...(image.RepoTags ?? []), ...(image.RepoDigests ?? [])]);
  const containers = await Promise.all(
    list.map(async (summary) => {
      // Removed between the list and the inspect: not there any more.
      const info = await docker
        .getContainer(summary.Id)
        .inspect()
        .catch(() => undefined);
      return info && containerFacts(info, aliases.get(info.Image) ?? []);
    }),
  );
  return {
    containers: containers.filter((c): c is ContainerFacts => c !== undefined),
    volumes: (volumes.Volumes ?? []).map((v) => v.Name),
    networks: networks.map((n) => ({ name: n.Name, internal: n.Internal === true })),
    images: [...aliases.values()].flat().filter((r) => !r.startsWith("<none>")),
  };
}

export function containerFacts(info: Docker.ContainerInspectInfo, imageAliases: string[]): ContainerFacts {
  const publishes: ContainerFacts["publishes"] = [];
  for (const [key, bindings] of Object.entries(info.HostConfig.PortBindings ?? {}))
    for (const b of (bindings as Array<{ HostIp?: string; HostPort?: string }> | null) ?? [])
      publishes.push({ port: Number.parseInt(key, 10), hostIp: b.HostIp ?? "", hostPort: Number(b.HostPort) || 0 });
  return {
    name: info.Name.replace(/^\//, ""),
    image: info.Config.Image,
    imageAliases,
    running: info.State.Running,
    status: info.State.Status,
    exitCode: info.State.ExitCode,
    oomKilled: info.State.OOMKilled,
    restart: info.HostConfig.RestartPolicy?.Name || "no",
    publishes,
    mounts: (info.Mounts ?? []).map((m) => ({
      type: m.Type,
      name: m.Name,
      source: m.Source,
      destination: m.Destination,
    })),
    networks: Object.keys(info.NetworkSettings.Networks ?? {}),
  };
}
