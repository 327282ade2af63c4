/** A key path into the compose document, e.g. ["services", "api", "ports", 0]. */
export type KeyPath = (string | number)[];

/** The parts of a compose service the rules read, pulled out of untyped YAML data defensively. */
export interface ComposeService {
  name: string;
  image?: string;
  /** Where the image is built from; undefined when the service has no build: key. */
  build?: { context: string; dockerfile?: string; inline: boolean; key: KeyPath };
  environment: { name: string; value: string | undefined; key: KeyPath }[];
  envFiles: { path: string; key: KeyPath }[];
  dependsOn: { name: string; condition?: string; key: KeyPath }[];
  healthcheck?: { disabled: boolean };
  ports: { text: string; key: KeyPath }[];
  volumes: { source?: string; target?: string; type: "volume" | "bind" | "tmpfs" | "anonymous"; key: KeyPath }[];
  /** Names of networks, secrets and configs the service refers to. */
  networks: { name: string; key: KeyPath }[];
  secrets: { name: string; key: KeyPath }[];
  configs: { name: string; key: KeyPath }[];
}

/** The names a file declares at its top level. */
export interface ComposeDeclarations {
  volumes: Set<string>;
  networks: Set<string>;
  secrets: Set<string>;
  configs: Set<string>;
}

const record = (v: unknown): Record<string, unknown> =>
  v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export function composeServices(data: unknown): ComposeService[] {
  return Object.entries(record(record(data).services)).map(([name, raw]) => {
    const s = record(raw);
    const base = ["services", name];
    return {
      name,
      image: typeof s.image === "string" ? s.image : undefined,
      build: buildOf(s.build, [...base, "build"]),
      environment: environmentOf(s.environment, [...base, "environment"]),
      envFiles: envFilesOf(s.env_file, [...base, "env_file"]),
      dependsOn: dependsOnOf(s.depends_on, [...base, "depends_on"]),
      healthcheck:
        s.healthcheck === undefined
          ? undefined
          : { disabled: record(s.healthcheck).disable === true || list(record(s.healthcheck).test)[0] === "NONE" },
      ports: list(s.ports).map((p, i) => ({
        text: typeof p === "object" ? JSON.stringify(p) : String(p),
        key: [...base, "ports", i],
      })),
      volumes: list(s.volumes).map((v, i) => volumeOf(v, [...base, "volumes", i])),
      networks: namesOf(s.networks, [...base, "networks"]),
      secrets: namesOf(s.secrets, [...base, "secrets"]),
      configs: namesOf(s.configs, [...base, "configs"]),
    };
  });
}

export function composeDeclarations(data: unknown): ComposeDeclarations {
  const top = record(data);
  const keys = (section: string) => new Set(Object.keys(record(top[section])));
  return { volumes: keys("volumes"), networks: keys("networks"), secrets: keys("secrets"), configs: keys("configs") };
}

function buildOf(build: unknown, key: KeyPath): ComposeService["build"] {
  if (build === undefined || build === null) return undefined;
  if (typeof build === "string") return { context: build, inline: false, key };
  const b = record(build);
  return {
    context: typeof b.context === "string" ? b.context : ".",
    dockerfile: typeof b.dockerfile === "string" ? b.dockerfile : undefined,
    inline: b.dockerfile_inline !== undefined,
    key,
  };
}

function environmentOf(env: unknown, key: KeyPath): ComposeService["environment"] {
  if (Array.isArray(env)) {
    return env.map((entry, i) => {
      const [name, ...rest] = String(entry).split("=");
      return { name: name!, value: rest.length ? rest.join("=") : undefined, key: [...key, i] };
    });
  }
  return Object.entries(record(env)).map(([name, value]) => ({
    name,
    value: value === null || value === undefined ? undefined : String(value),
    key: [...key, name],
  }));
}

function envFilesOf(envFile: unknown, key: KeyPath): ComposeService["envFiles"] {
  if (typeof envFile === "string") return [{ path: envFile, key }];
  return list(envFile).flatMap((entry, i) => {
    const path = typeof entry === "string" ? entry : record(entry).path;
    return typeof path === "string" ? [{ path, key: [...key, i] }] : [];
  });
}

function dependsOnOf(deps: unknown, key: KeyPath): ComposeService["dependsOn"] {
  if (Array.isArray(deps)) return deps.map((name, i) => ({ name: String(name), key: [...key, i] }));
  return Object.entries(record(deps)).map(([name, value]) => ({
    name,
    condition: record(value).condition as string | undefined,
    key: [...key, name],
  }));
}

/** networks/secrets/configs: a list of names (or of { source: name }), or a map keyed by name. */
function namesOf(value: unknown, key: KeyPath): { name: string; key: KeyPath }[] {
  if (Array.isArray(value)) {
    return value.flatMap((entry, i) => {
      const name = typeof entry === "string" ? entry : record(entry).source;
      return typeof name === "string" ? [{ name, key: [...key, i] }] : [];
    });
  }
  return Object.keys(record(value)).map((name) => ({ name, key: [...key, name] }));
}

function volumeOf(v: unknown, key: KeyPath): ComposeService["volumes"][number] {
  if (typeof v === "string") {
    const [source, target] = v.split(":");
    if (target === undefined) return { target: source, type: "anonymous", key };
    const bind = /^[./~]/.test(source!) || source!.startsWith("/") || source!.includes("$");
    return { source, target, type: bind ? "bind" : "volume", key };
  }
  const r = record(v);
  const type = r.type === "bind" || r.type === "tmpfs" ? r.type : r.source ? "volume" : "anonymous";
  return { source: r.source as string | undefined, target: r.target as string | undefined, type, key };
}
