import { describe, expect, it } from "vitest";
import { networkKeys, type StackSettings, stackModel } from "./stack-model";

const settings: StackSettings = {
  project: "dockyard-stack-s1",
  projectDir: "/tmp/dockyard-stack-x",
  builtService: "api",
  builtImage: "dockyard-sub-s1",
  allowedImages: ["dockyard/redis:7.0.15-bookworm"],
  labels: { "dockyard.submission": "s1" },
  networks: { default: "dockyard-stack-s1_default" },
  memoryBytes: 512 * 1024 * 1024,
  pids: 256,
  cpus: 1,
};

/** What `docker compose config --format json` prints for a two-service stack. */
function config(overrides: { api?: object; cache?: object; top?: object } = {}) {
  return {
    name: "dockyard-stack-s1",
    networks: { default: { name: "dockyard-stack-s1_default", ipam: {} } },
    services: {
      api: {
        build: { context: "/tmp/dockyard-stack-x", dockerfile: "Dockerfile" },
        command: null,
        environment: { REDIS_URL: "redis://cache:6379/0" },
        networks: { default: null },
        ports: [{ mode: "ingress", host_ip: "127.0.0.1", target: 8000, published: "8000-8002", protocol: "tcp" }],
        ...overrides.api,
      },
      cache: {
        image: "dockyard/redis:7.0.15-bookworm",
        volumes: [{ type: "volume", source: "cache-data", target: "/data", volume: {} }],
        networks: { default: null },
        ...overrides.cache,
      },
    },
    volumes: { "cache-data": { name: "dockyard-stack-s1_cache-data" } },
    ...overrides.top,
  };
}

function refusals(c: unknown) {
  const result = stackModel(c, settings);
  return result.ok ? [] : result.refusals;
}

describe("stackModel", () => {
  it("runs the graded image for the built service, on the runner's networks, with limits and no capability", () => {
    const result = stackModel(config(), settings);
    if (!result.ok) throw new Error(JSON.stringify(result.refusals));
    const services = result.model.services as Record<string, Record<string, unknown>>;
    expect(services.api!.image).toBe("dockyard-sub-s1");
    expect(services.api!.build).toBeUndefined();
    expect(services.api!.command).toBeUndefined();
    for (const s of Object.values(services)) {
      expect(s.cap_drop).toEqual(["ALL"]);
      expect(s.pull_policy).toBe("never");
      expect(s.mem_limit).toBe(settings.memoryBytes);
      expect(s.labels).toMatchObject(settings.labels);
    }
    expect(result.model.networks).toEqual({ default: { name: "dockyard-stack-s1_default", external: true } });
    expect(result.model.volumes).toEqual({
      "cache-data": { name: "dockyard-stack-s1_cache-data", labels: settings.labels },
    });
    expect(networkKeys(config())).toEqual(["default"]);
  });

  it("refuses what reaches outside the stack, naming the key it comes from", () => {
    const found = refusals(
      config({
        api: { privileged: true, network_mode: "host", container_name: "api" },
        cache: { volumes: [{ type: "bind", source: "/var/run/docker.sock", target: "/sock" }] },
      }),
    );
    expect(found.map((r) => r.keys.join("."))).toEqual([
      "services.api.privileged",
      "services.api.network_mode",
      "services.api.container_name",
      "services.cache.volumes.0",
    ]);
  });

  it("refuses images the grader does not have, and a build of any other service", () => {
    expect(refusals(config({ api: { build: undefined, image: "churn-api:1.4.0" } }))[0]?.message).toMatch(
      /api runs churn-api:1\.4\.0 instead of being built from this folder/,
    );
    expect(refusals(config({ cache: { image: "redis:7.2.5-bookworm" } }))[0]?.message).toMatch(
      /redis:7\.2\.5-bookworm, which this grader does not have.*dockyard\/redis:7\.0\.15-bookworm/,
    );
    expect(refusals(config({ cache: { image: undefined, build: { context: "." } } }))[0]?.keys).toEqual([
      "services",
      "cache",
      "build",
    ]);
  });

  it("mounts nothing of the grader's disk and refuses external or driver-backed volumes", () => {
    const inside = { type: "bind", source: "/tmp/dockyard-stack-x/data", target: "/data" };
    expect(refusals(config({ cache: { volumes: [inside] } }))[0]?.message).toMatch(/a folder of the exercise/);
    const anonymous = { type: "volume", target: "/data" };
    expect(refusals(config({ cache: { volumes: [anonymous, { type: "tmpfs", target: "/tmp" }] } }))).toEqual([]);
    const external = { volumes: { "cache-data": { external: true } } };
    expect(refusals(config({ top: external }))[0]?.keys).toEqual(["volumes", "cache-data"]);
    const device = { volumes: { "cache-data": { driver_opts: { type: "none", o: "bind", device: "/" } } } };
    expect(refusals(config({ top: device }))[0]?.keys).toEqual(["volumes", "cache-data"]);
  });

  it("sets the grader's own limits over the file's, and keeps only deploy's replicas", () => {
    const result = stackModel(
      config({ api: { mem_limit: "64g", deploy: { replicas: 2, resources: { limits: { memory: "64g" } } } } }),
      settings,
    );
    if (!result.ok) throw new Error(JSON.stringify(result.refusals));
    const api = (result.model.services as Record<string, Record<string, unknown>>).api!;
    expect(api.mem_limit).toBe(settings.memoryBytes);
    expect(api.deploy).toEqual({ replicas: 2 });
  });
});
