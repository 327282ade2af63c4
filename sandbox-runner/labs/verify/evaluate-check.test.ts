import { describe, expect, it } from "vitest";
import { type LabCheck, labCheckSchema } from "../../shared";
import { evaluateCheck } from "./evaluate-check";
import type { ContainerFacts, LabState } from "./lab-state";

function container(facts: Partial<ContainerFacts> & { name: string }): ContainerFacts {
  return {
    image: "python:3.11-slim",
    imageAliases: ["python:3.11-slim"],
    running: true,
    status: "running",
    exitCode: 0,
    oomKilled: false,
    restart: "no",
    publishes: [],
    mounts: [],
    networks: ["bridge"],
    ...facts,
  };
}

function state(parts: Partial<LabState>): LabState {
  return { containers: [], volumes: [], networks: [], images: [], ...parts };
}

const check = (input: unknown): LabCheck => labCheckSchema.parse(input);

describe("evaluateCheck: containers", () => {
  const api = check({
    kind: "container",
    name: "api",
    image: "churn-api:1.0",
    restart: "unless-stopped",
    publishes: [{ port: 8000, hostIp: "127.0.0.1" }],
    mounts: [{ volume: "models", target: "/models" }],
  });
  const good = container({
    name: "api",
    image: "churn-api:1.0",
    imageAliases: ["churn-api:1.0"],
    restart: "unless-stopped",
    publishes: [{ port: 8000, hostIp: "127.0.0.1", hostPort: 8080 }],
    mounts: [
      { type: "volume", name: "models", source: "/var/lib/docker/volumes/models/_data", destination: "/models" },
    ],
  });

  it("passes a container that is what the task asks", () => {
    expect(evaluateCheck(api, state({ containers: [good] }))).toEqual({
      ok: true,
      found: "The container api is running, as asked.",
    });
  });

  it("tells a learner with no such container to name it", () => {
    const outcome = evaluateCheck(api, state({ containers: [container({ name: "quirky_turing" })] }));
    expect(outcome.ok).toBe(false);
    expect(outcome.hint).toContain("docker run --name api");
  });

  it("sends a learner whose container exited with an error to its logs, with the code", () => {
    const exited = { ...good, running: false, status: "exited", exitCode: 1 };
    const outcome = evaluateCheck(api, state({ containers: [exited] }));
    expect(outcome).toMatchObject({ ok: false, found: "The container api exists but exited with code 1." });
    expect(outcome.hint).toContain("docker logs api");
  });

  it("names an OOM kill as such", () => {
    const killed = { ...good, running: false, status: "exited", exitCode: 137, oomKilled: true };
    expect(evaluateCheck(api, state({ containers: [killed] })).hint).toContain("more memory than it may");
  });

  it("finds a port published on every interface when the task asks for 127.0.0.1", () => {
    const open = { ...good, publishes: [{ port: 8000, hostIp: "", hostPort: 8080 }] };
    const outcome = evaluateCheck(api, state({ containers: [open] }));
    expect(outcome.found).toBe("The container api publishes port 8000 on every interface.");
    expect(outcome.hint).toContain("-p 127.0.0.1:<host port>:8000");
  });

  it("finds a bind mount where a named volume was asked for", () => {
    const bound = { ...good, mounts: [{ type: "bind", source: "/home/lab/models", destination: "/models" }] };
    expect(evaluateCheck(api, state({ containers: [bound] })).found).toBe(
      "At /models, api has the host folder /home/lab/models, not the volume models.",
    );
  });

  it("accepts the image under another of its names", () => {
    const byDigest = check({ kind: "container", name: "api", image: `churn-api@sha256:${"a".repeat(64)}` });
    const running = { ...good, imageAliases: ["churn-api:1.0", `churn-api@sha256:${"a".repeat(64)}`] };
    expect(evaluateCheck(byDigest, state({ containers: [running] })).ok).toBe(true);
  });

  it("offers docker update for a restart policy, which changes in place", () => {
    const noRestart = { ...good, restart: "no" };
    expect(evaluateCheck(api, state({ containers: [noRestart] })).hint).toBe(
      "docker update --restart unless-stopped api changes it in place.",
    );
  });

  it("checks that a container is gone, or stopped with a given code", () => {
    const removed = check({ kind: "container", name: "api", state: "removed" });
    expect(evaluateCheck(removed, state({})).ok).toBe(true);
    expect(evaluateCheck(removed, state({ containers: [good] })).hint).toBe("Remove it: docker rm -f api.");
    const stopped = check({ kind: "container", name: "api", state: "exited", exitCode: 0 });
    expect(evaluateCheck(stopped, state({ containers: [good] })).hint).toContain("docker stop api");
  });
});

describe("evaluateCheck: volumes, networks and images", () => {
  it("checks a volume is there, or gone after down -v", () => {
    expect(evaluateCheck(check({ kind: "volume", name: "models" }), state({ volumes: ["models"] })).ok).toBe(true);
    const gone = evaluateCheck(
      check({ kind: "volume", name: "models", present: false }),
      state({ volumes: ["models"] }),
    );
    expect(gone).toMatchObject({ ok: false, found: "The volume models still exists." });
  });

  it("checks an internal network, and says it cannot be changed in place", () => {
    const internal = check({ kind: "network", name: "backend", internal: true });
    expect(evaluateCheck(internal, state({})).hint).toBe("Create it: docker network create --internal backend.");
    const outcome = evaluateCheck(internal, state({ networks: [{ name: "backend", internal: false }] }));
    expect(outcome.found).toBe("The network backend is not internal.");
    expect(outcome.hint).toContain("docker network rm backend");
  });

  it("checks an image tag", () => {
    const tagged = check({ kind: "image", reference: "registry.lab:5000/churn-api:1.0" });
    expect(evaluateCheck(tagged, state({ images: ["registry.lab:5000/churn-api:1.0"] })).ok).toBe(true);
    expect(evaluateCheck(tagged, state({})).hint).toContain("docker tag");
  });
});

describe("labCheckSchema", () => {
  it("refuses a name Docker would refuse and a relative mount target", () => {
    expect(() => check({ kind: "container", name: "-api" })).toThrow(/Docker object name/);
    expect(() => check({ kind: "container", name: "api", mounts: [{ target: "models" }] })).toThrow(/absolute path/);
  });
});
