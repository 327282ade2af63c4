import path from "node:path";

/** What the grader imposes on a learner's stack before starting it. */
export interface StackSettings {
  project: string;
  /** The scratch copy of the submission the stack runs from; secrets and configs may read files only inside it. */
  projectDir: string;
  /** The service built from the exercise's Dockerfile, and the image the build phase made of it. */
  builtService: string;
  builtImage: string;
  /** Images the other services may run: the grader has nothing else and pulls nothing. */
  allowedImages: readonly string[];
  /** The submission's owner labels, on every container and volume. */
  labels: Record<string, string>;
  /** Each network key of the file, and the internal network the runner made for it. */
  networks: Record<string, string>;
  memoryBytes: number;
  pids: number;
  cpus: number;
}

/** A setting the grader will not start, with the key path in the learner's file it comes from. */
export interface Refusal {
  keys: (string | number)[];
  message: string;
}

export type StackModel = { ok: true; model: Record<string, unknown> } | { ok: false; refusals: Refusal[] };

type Dict = Record<string, unknown>;

/** Keys a service keeps as the learner wrote them (after `docker compose config` normalised them). */
const KEPT = new Set([
  "image",
  "build",
  "command",
  "entrypoint",
  "environment",
  "healthcheck",
  "depends_on",
  "volumes",
  "ports",
  "expose",
  "networks",
  "restart",
  "working_dir",
  "user",
  "labels",
  "stop_grace_period",
  "stop_signal",
  "init",
  "tty",
  "stdin_open",
  "read_only",
  "tmpfs",
  "hostname",
  "domainname",
  "extra_hosts",
  "dns",
  "dns_search",
  "dns_opt",
  "secrets",
  "configs",
  "scale",
  "deploy",
  "shm_size",
  "group_add",
]);
/** Keys the grader sets itself (limits, pulling, logging), whatever the file says. */
const REPLACED = new Set([
  "mem_limit",
  "memswap_limit",
  "mem_reservation",
  "mem_swappiness",
  "cpus",
  "cpu_shares",
  "cpu_quota",
  "cpu_period",
  "cpu_count",
  "cpu_percent",
  "cpuset",
  "pids_limit",
  "cap_drop",
  "pull_policy",
  "platform",
  "logging",
]);

/** The network keys of a normalised model: the runner makes one internal network for each. */
export function networkKeys(config: unknown): string[] {
  return Object.keys(dict(dict(config).networks));
}

/**
 * The model `docker compose up` gets: the learner's stack, normalised by `docker compose config`, with the built
 * service running the graded image, every network one the runner made (internal, from the stack address pool),
 * volumes named after the project, the grader's limits and labels on every container, and no capability. Anything
 * that could reach outside the stack (host namespaces, devices, privileges, bind mounts, other projects' volumes or
 * networks, images the grader does not have) is refused with the place it comes from, as the run phase mounts
 * nothing of the host either.
 */
export function stackModel(config: unknown, settings: StackSettings): StackModel {
  const refusals: Refusal[] = [];
  const refuse = (keys: (string | number)[], message: string) => refusals.push({ keys, message });
  const source = dict(config);
  const volumes = dict(source.volumes);

  const services: Dict = {};
  for (const [name, raw] of Object.entries(dict(source.services))) {
    const service = dict(raw);
    const at = (...keys: (string | number)[]) => ["services", name, ...keys];
    const out: Dict = {};
    for (const [key, value] of Object.entries(service)) {
      if (key.startsWith("x-") || REPLACED.has(key)) continue;
      if (key === "container_name") {
        refuse(at(key), `${name} sets container_name, so its container cannot be scaled and names clash.`);
      } else if (!KEPT.has(key)) {
        refuse(at(key), `${name} sets ${key}, which the grader does not allow: it reaches outside the stack.`);
      } else if (value !== null && value !== undefined) out[key] = value;
    }

    if (name === settings.builtService && out.build === undefined) {
      refuse(
        at("image"),
        `${name} runs ${String(out.image)} instead of being built from this folder (build: .), and this grader ` +
          "has no such image: it runs the image it built from your Dockerfile.",
      );
    } else if (name === settings.builtService) {
      // The build phase built it already, in the grader's sandbox: compose builds and pulls nothing.
      delete out.build;
      out.image = settings.builtImage;
    } else if (out.build !== undefined) {
      refuse(at("build"), `${name} has build:, but the grader builds only ${settings.builtService} (build: .).`);
    } else if (typeof out.image !== "string") {
      refuse(at(), `${name} names no image.`);
    } else if (!settings.allowedImages.includes(out.image)) {
      refuse(
        at("image"),
        `${name} runs ${out.image}, which this grader does not have (it pulls nothing). ` +
          `It has: ${settings.allowedImages.join(", ")}.`,
      );
    }

    if (out.deploy !== undefined) {
      // Replicas count; resources and devices are the grader's to set.
      const replicas = dict(out.deploy).replicas;
      if (replicas === undefined) delete out.deploy;
      else out.deploy = { replicas };
    }
    if (Array.isArray(out.volumes))
      out.volumes.forEach((mount, i) => {
        const problem = mountProblem(dict(mount), volumes, settings.projectDir);
        if (problem) refuse(at("volumes", i), `${name}: ${problem}`);
      });
    const networks = dict(out.networks);
    out.networks = Object.fromEntries(
      Object.entries(networks).map(([key, value]) => {
        const aliases = dict(value).aliases;
        return [key, aliases === undefined ? null : { aliases }];
      }),
    );

    Object.assign(out, {
      labels: { ...dict(out.labels), ...settings.labels },
      pull_policy: "never",
      cap_drop: ["ALL"],
      security_opt: ["no-new-privileges:true"],
      mem_limit: settings.memoryBytes,
      memswap_limit: settings.memoryBytes,
      pids_limit: settings.pids,
      cpus: settings.cpus,
    });
    services[name] = out;
  }

  const networks: Dict = {};
  for (const [key, raw] of Object.entries(dict(source.networks))) {
    if (dict(raw).external) refuse(["networks", key], `network ${key} is external: the grader runs stacks alone.`);
    const name = settings.networks[key];
    if (name) networks[key] = { name, external: true };
  }

  const namedVolumes: Dict = {};
  for (const [key, raw] of Object.entries(volumes)) {
    const volume = dict(raw);
    if (volume.external) refuse(["volumes", key], `volume ${key} is external: a stack keeps its data in its own.`);
    else if (volume.driver_opts !== undefined || (volume.driver !== undefined && volume.driver !== "local"))
      refuse(["volumes", key], `volume ${key} sets a driver or driver_opts, which the grader does not allow.`);
    namedVolumes[key] = { name: `${settings.project}_${key}`, labels: { ...dict(volume.labels), ...settings.labels } };
  }

  for (const kind of ["secrets", "configs"] as const)
    for (const [key, raw] of Object.entries(dict(source[kind]))) {
      const file = dict(raw).file;
      if (typeof file !== "string" || !inside(file, settings.projectDir))
        refuse([kind, key], `${kind} ${key} must be a file of the exercise folder on this grader.`);
    }

  if (refusals.length > 0) return { ok: false, refusals };
  const model: Dict = { name: settings.project, services, networks, volumes: namedVolumes };
  for (const kind of ["secrets", "configs"] as const) if (source[kind]) model[kind] = source[kind];
  return { ok: true, model };
}

function mountProblem(mount: Dict, volumes: Dict, projectDir: string): string | undefined {
  const type = mount.type;
  if (type === "tmpfs") return undefined;
  if (type === "volume") {
    if (typeof mount.source !== "string" || mount.source in volumes) return undefined;
    return `volume ${mount.source} is not declared under the top-level volumes: key.`;
  }
  if (type === "bind") {
    const source = String(mount.source);
    const what = inside(source, projectDir) ? `${source}, a folder of the exercise` : source;
    return `the grader mounts nothing of its own disk (${what}): keep the data on a named volume.`;
  }
  return `a ${String(type)} mount is not allowed on this grader.`;
}

function inside(file: string, dir: string): boolean {
  const resolved = path.resolve(dir, file);
  return resolved === dir || resolved.startsWith(`${dir}${path.sep}`);
}

function dict(value: unknown): Dict {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Dict) : {};
}
