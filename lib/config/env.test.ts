import { afterEach, describe, expect, it } from "vitest";
import { env, isSet, parseEnv } from "./env";

describe("parseEnv", () => {
  it("takes an empty variable as unset, so its default applies", () => {
    const env = parseEnv({ DATABASE_URL: "", DOCKER_HOST: "" });
    expect(env.DATABASE_URL).toBe("postgresql://dockyard:dockyard@127.0.0.1:54329/dockyard");
    expect(env.DOCKER_HOST).toBeUndefined();
  });

  it("accepts the NVIDIA toolkit or CDI device names for GPUs, and names what is wrong otherwise", () => {
    expect(parseEnv({}).RUNNER_GPU_DEVICES).toBe("nvidia");
    expect(parseEnv({ RUNNER_GPU_DEVICES: "nvidia.com/gpu=all,nvidia.com/gpu=0" }).RUNNER_GPU_DEVICES).toBe(
      "nvidia.com/gpu=all,nvidia.com/gpu=0",
    );
    expect(() => parseEnv({ RUNNER_GPU_DEVICES: "all" })).toThrow(
      /RUNNER_GPU_DEVICES: either "nvidia" or CDI device names/,
    );
    expect(() => parseEnv({ DATABASE_URL: "not a url" })).toThrow(/Invalid environment: DATABASE_URL/);
  });
});

describe("RUNNER_HOSTS", () => {
  it("runs every host unless told otherwise, and takes a subset in any order, once each", () => {
    expect(parseEnv({}).RUNNER_HOSTS).toEqual(["grade", "shell", "lab"]);
    expect(parseEnv({ RUNNER_HOSTS: "lab" }).RUNNER_HOSTS).toEqual(["lab"]);
    expect(parseEnv({ RUNNER_HOSTS: " shell , grade,shell" }).RUNNER_HOSTS).toEqual(["shell", "grade"]);
  });

  it("names a host it does not know, and refuses a list of none", () => {
    expect(() => parseEnv({ RUNNER_HOSTS: "grade,labs" })).toThrow(
      /RUNNER_HOSTS: a comma-separated list of grade, shell, lab, not labs/,
    );
    expect(() => parseEnv({ RUNNER_HOSTS: " , " })).toThrow(/RUNNER_HOSTS: a comma-separated list/);
  });
});

describe("TRUSTED_PROXY", () => {
  it("trusts no proxy unless one is named", () => {
    expect(parseEnv({}).TRUSTED_PROXY).toEqual([]);
    expect(parseEnv({ TRUSTED_PROXY: "" }).TRUSTED_PROXY).toEqual([]);
  });

  it("takes addresses, CIDR ranges and keywords, comma-separated, as ranges", () => {
    expect(parseEnv({ TRUSTED_PROXY: "10.0.0.5, 192.168.0.0/16,2001:db8::1,loopback" }).TRUSTED_PROXY).toEqual([
      "10.0.0.5/32",
      "192.168.0.0/16",
      "2001:db8::1/128",
      "127.0.0.0/8",
      "::1/128",
    ]);
    expect(parseEnv({ TRUSTED_PROXY: "private" }).TRUSTED_PROXY).toContain("172.16.0.0/12");
  });

  it("names a malformed entry and says what is expected instead", () => {
    expect(() => parseEnv({ TRUSTED_PROXY: "10.0.0.300" })).toThrow(
      'TRUSTED_PROXY: "10.0.0.300" is not an IP address, a CIDR range (such as 10.0.0.0/8), "loopback" or "private"',
    );
    expect(() => parseEnv({ TRUSTED_PROXY: "10.0.0.0/33" })).toThrow(/TRUSTED_PROXY: "10\.0\.0\.0\/33"/);
    expect(() => parseEnv({ TRUSTED_PROXY: "nginx" })).toThrow(/TRUSTED_PROXY: "nginx"/);
    expect(() => parseEnv({ TRUSTED_PROXY: "constructor" })).toThrow(/TRUSTED_PROXY: "constructor"/);
  });
});

describe("APP_URL", () => {
  it("is the public URL, http or https, and nothing else", () => {
    expect(parseEnv({ APP_URL: "https://dockyard.example.org" }).APP_URL).toBe("https://dockyard.example.org");
    expect(() => parseEnv({ APP_URL: "ftp://dockyard.example.org" })).toThrow(/APP_URL: the public URL must start/);
  });
});

describe("env", () => {
  const before = process.env.CONTENT_DIR;
  afterEach(() => {
    if (before === undefined) delete process.env.CONTENT_DIR;
    else process.env.CONTENT_DIR = before;
  });

  it("follows a setting changed after start-up, as tests pointing CONTENT_DIR at fixtures need", () => {
    process.env.CONTENT_DIR = "/tmp/course-a";
    expect(env().CONTENT_DIR).toBe("/tmp/course-a");
    process.env.CONTENT_DIR = "/tmp/course-b";
    expect(env().CONTENT_DIR).toBe("/tmp/course-b");
  });

  it("tells a given setting from a default, an empty one counting as not given", () => {
    expect(isSet("DATABASE_URL", { DATABASE_URL: "postgresql://u:p@db:5432/x" })).toBe(true);
    expect(isSet("DATABASE_URL", { DATABASE_URL: "" })).toBe(false);
    expect(isSet("DATABASE_URL", {})).toBe(false);
  });

  it("validates the ports npm start uses", () => {
    expect(parseEnv({ PORT: "3100" }).PORT).toBe(3100);
    expect(() => parseEnv({ PG_PORT: "70000" })).toThrow(/PG_PORT/);
  });
});
