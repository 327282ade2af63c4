/** The parts of a compose file the rules read, pulled out of untyped YAML data defensively. */
export interface ComposeService {
  name: string;
  image?: string;
  build?: unknown;
  environment: { name: string; value: string | undefined; key: (string | number)[] }[];
  dependsOn: { name: string; condition?: string; key: (string | number)[] }[];
  healthcheck?: { disabled: boolean };
  ports: { text: string; key: (string | number)[] }[];
  volumes: { source?: string; target?: string; type: "volume" | "bind" | "tmpfs" | "anonymous"; key: (string | number)[] }[];
}

const record = (v: unknown): Record<string, unknown> => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export function composeServices(data: unknown): ComposeService[] {
  return Object.entries(record(record(data).services)).map(([name, raw]) => {
    const s = record(raw);
    const base = ["services", name];
    return {
      name,
      image: typeof s.image === "string" ? s.image : undefined,
      build: s.build,
      environment: environmentOf(s.environment, [...base, "environment"]),
      dependsOn: dependsOnOf(s.depends_on, [...base, "depends_on"]),
      healthcheck: s.healthcheck === undefined ? undefined : { disabled: record(s.healthcheck).disable === true || list(record(s.healthcheck).test)[0] === "NONE" },
      ports: list(s.ports).map((p, i) => ({ text: typeof p === "object" ? JSON.stringify(p) : String(p), key: [...base, "ports", i] })),
      volumes: list(s.volumes).map((v, i) => volumeOf(v, [...base, "volumes", i])),
    };
  });
}

export function topLevelVolumes(data: unknown): Set<string> {
  return new Set(Object.keys(record(record(data).volumes)));
}

function environmentOf(env: unknown, key: (string | number)[]): ComposeService["environment"] {
  if (Array.isArray(env)) {
    return env.map((entry, i) => {
      const [name, ...rest] = String(entry).split("=");
      return { name: name!, value: rest.length ? rest.join("=") : undefined, key: [...key, i] };
    });
  }
  return Object.entries(record(env)).map(([name, value]) => ({ name, value: value === null || value === undefined ? undefined : String(value), key: [...key, name] }));
}

function dependsOnOf(deps: unknown, key: (string | number)[]): ComposeService["dependsOn"] {
  if (Array.isArray(deps)) return deps.map((name, i) => ({ name: String(name), key: [...key, i] }));
  return Object.entries(record(deps)).map(([name, value]) => ({ name, condition: record(value).condition as string | undefined, key: [...key, name] }));
}

function volumeOf(v: unknown, key: (string | number)[]): ComposeService["volumes"][number] {
  if (typeof v === "string") {
    const [source, target] = v.split(":");
    if (target === undefined) return { target: source, type: "anonymous", key };
    const bind = /^[./~]/.test(source!) || source!.startsWith("/");
    return { source, target, type: bind ? "bind" : "volume", key };
  }
  const r = record(v);
  const type = r.type === "bind" || r.type === "tmpfs" ? r.type : r.source ? "volume" : "anonymous";
  return { source: r.source as string | undefined, target: r.target as string | undefined, type, key };
}
