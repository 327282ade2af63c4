import { describe, expect, it } from "vitest";
import { type LabCheck, labCheckSchema } from "../../../lib/labs/lab-check-schema";
import { evaluateCheck } from "./evaluate-check";
import type { ContainerFacts, LabState } from "./lab-state";
import { containerFacts, labState } from "./testing/lab-state-fixtures";

const container = containerFacts;
const state = labState;

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
      {
        type: "volume",
        name: "models",
        source: "/var/lib/docker/volumes/models/_data",
        destination: "/models",
        readOnly: false,
      },
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
    // docker start reruns it as created: a missing environment variable needs a new container.
    expect(outcome.hint).toContain("docker rm api, then docker run");
    expect(outcome.hint).not.toMatch(/fix that, then docker start/);
  });

  it("says that a docker run that answered an error made no container (a misspelled image)", () => {
    expect(evaluateCheck(api, state({})).hint).toContain("misspelled");
  });

  it("asks to kill, not stop, where the task wants exit code 137", () => {
    const killed = check({ kind: "container", name: "debug", state: "exited", exitCode: 137 });
    const outcome = evaluateCheck(killed, state({ containers: [container({ name: "debug" })] }));
    expect(outcome.hint).toContain("docker kill debug");
    expect(outcome.hint).not.toContain("docker stop");
  });

  it("tells a Compose service's container to change compose.yaml, not to docker run in its place", () => {
    const cache = check({
      kind: "container",
      name: "stack-cache-1",
      mounts: [{ volume: "cache-data", target: "/data" }],
    });
    const labels = {
      "com.docker.compose.project": "stack",
      "com.docker.compose.container-number": "1",
      "com.docker.compose.service": "cache",
    };
    const outcome = evaluateCheck(cache, state({ containers: [container({ name: "stack-cache-1", labels })] }));
    expect(outcome.hint).toContain("compose.yaml under cache");
    expect(outcome.hint).toContain("docker compose up -d");
    expect(outcome.hint).not.toContain("docker run");
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
    const bound = {
      ...good,
      mounts: [{ type: "bind", source: "/home/lab/models", destination: "/models", readOnly: false }],
    };
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

  it("names the containers to take off a network before it can be removed", () => {
    const internal = check({ kind: "network", name: "batch-net", internal: true });
    const outcome = evaluateCheck(
      internal,
      state({
        networks: [{ name: "batch-net", internal: false }],
        containers: [container({ name: "scorer", networks: ["batch-net"] })],
      }),
    );
    expect(outcome.hint).toContain("docker network disconnect batch-net <container>, for scorer");
  });

  it("checks an image tag", () => {
    const tagged = check({ kind: "image", reference: "registry.lab:5000/churn-api:1.0" });
    expect(evaluateCheck(tagged, state({ images: ["registry.lab:5000/churn-api:1.0"] })).ok).toBe(true);
    expect(evaluateCheck(tagged, state({})).hint).toContain("docker tag");
  });

  it("measures the steps a build ran: the biggest one's size, and a step the task takes out", () => {
    const reference = "ranker:lean";
    const lean = check({ kind: "image", reference, built: true, maxStepMB: 5, absent: ["rm -f /tmp/corpus.bin"] });
    // Newest first, as the engine answers; the base image's steps were committed, not built (no "# buildkit").
    const base = { createdBy: "sh -eu /tmp/install-debs.sh python3", buildkit: false, size: 40_000_000 };
    const at = (steps: { createdBy: string; buildkit: boolean; size: number }[]) =>
      evaluateCheck(lean, state({ images: [reference], imageHistory: { [reference]: [...steps, base] } }));

    const oneStep = at([
      { createdBy: "COPY ranker.py /srv/ranker.py", buildkit: true, size: 2_400 },
      {
        createdBy: "RUN /bin/sh -c head -c 30000000 /dev/urandom >/tmp/c && python3 index.py && rm /tmp/c",
        buildkit: true,
        size: 1_200,
      },
    ]);
    expect(oneStep.ok, oneStep.found).toBe(true);

    const deletedLater = at([
      { createdBy: "RUN /bin/sh -c rm -f /tmp/corpus.bin", buildkit: true, size: 0 },
      { createdBy: "RUN /bin/sh -c head -c 30000000 /dev/urandom >/tmp/corpus.bin", buildkit: true, size: 30_000_000 },
    ]);
    expect(deletedLater.ok).toBe(false);
    expect(deletedLater.found).toContain("still has a step that does `rm -f /tmp/corpus.bin`");

    const tooBig = at([
      { createdBy: "RUN /bin/sh -c head -c 30000000 /dev/urandom >/tmp/corpus.bin", buildkit: true, size: 30_000_000 },
    ]);
    expect(tooBig.found).toBe(
      "The step `RUN /bin/sh -c head -c 30000000 /dev/urandom >/tmp/corpus.bin` of ranker:lean adds 30 MB; no " +
        "step may add more than 5 MB. A file a step writes stays in that step's layer even when a later step " +
        "deletes it.",
    );
    expect(tooBig.hint).toContain("docker history ranker:lean");
  });

  it("measures a whole image against its limit, base layers included, and says what it measured", () => {
    const reference = "localhost:5000/ranker-weights:2026-11";
    const id = `sha256:${"b".repeat(64)}`;
    const weights = check({ kind: "image", reference, built: true, maxMB: 1 });
    const sized = (bytes: number) =>
      state({
        images: [reference],
        imageIds: { [reference]: id },
        imageSizes: { [id]: bytes },
        imageHistory: { [reference]: [{ createdBy: "COPY weights.json /weights/", buildkit: true, size: 41_000 }] },
      });
    expect(evaluateCheck(weights, sized(41_000))).toEqual({
      ok: true,
      found: `The image ${reference} is there, built from a Dockerfile, 41 kB in all.`,
    });
    const onPython = evaluateCheck(weights, sized(122_041_000));
    expect(onPython.found).toBe(
      `The image ${reference} is 122 MB; it may be at most 1 MB. Its base image's layers count too: every pull of ` +
        "it fetches them.",
    );
    expect(onPython.hint).toContain("FROM scratch");
  });

  it("checks the labels an image was built with, and sends a learner to --build-arg for an empty one", () => {
    const reference = "localhost:5000/churn-api:1.0";
    const labelled = check({
      kind: "image",
      reference,
      labels: { "org.opencontainers.image.version": "1.0", "org.opencontainers.image.revision": "3f2a1c9" },
    });
    const id = `sha256:${"a".repeat(64)}`;
    // The build's LABEL steps, as BuildKit records them with the build arguments' values.
    const steps = [
      { createdBy: "LABEL org.opencontainers.image.version=1.0", buildkit: true, size: 0 },
      { createdBy: 'LABEL org.opencontainers.image.revision="3f2a1c9"', buildkit: true, size: 0 },
    ];
    const built = (labels: Record<string, string>) =>
      state({
        images: [reference],
        imageIds: { [reference]: id },
        imageLabels: { [id]: labels },
        imageHistory: { [reference]: steps },
      });
    expect(
      evaluateCheck(
        labelled,
        built({ "org.opencontainers.image.version": "1.0", "org.opencontainers.image.revision": "3f2a1c9" }),
      ),
    ).toEqual({
      ok: true,
      found:
        `The image ${reference} is labelled org.opencontainers.image.version=1.0 and ` +
        "org.opencontainers.image.revision=3f2a1c9 by its Dockerfile's LABEL.",
    });
    const empty = evaluateCheck(
      labelled,
      built({ "org.opencontainers.image.version": "1.0", "org.opencontainers.image.revision": "" }),
    );
    expect(empty).toMatchObject({
      ok: false,
      found: `The image ${reference} has org.opencontainers.image.revision empty, not 3f2a1c9.`,
    });
    expect(empty.hint).toContain("an ARG the build got no value for");
    expect(empty.hint).toContain("--build-arg NAME=value");
    const wrong = evaluateCheck(labelled, built({ "org.opencontainers.image.version": "1.1" }));
    expect(wrong.found).toBe(
      `The image ${reference} has org.opencontainers.image.version=1.1, not 1.0 and ` +
        "no label org.opencontainers.image.revision.",
    );
    expect(wrong.hint).toContain("a new tag does not change them");
    // An image built without any label at all.
    expect(evaluateCheck(labelled, state({ images: [reference], imageIds: { [reference]: id } })).ok).toBe(false);
  });
});

describe("evaluateCheck: health, digests, images and environment", () => {
  const v1 = `sha256:${"a".repeat(64)}`;
  const v2 = `sha256:${"b".repeat(64)}`;
  const digest = `localhost:5000/churn-api@sha256:${"c".repeat(64)}`;
  const api = container({
    name: "api",
    image: "localhost:5000/churn-api:1.1",
    imageAliases: ["localhost:5000/churn-api:1.1", digest],
    imageId: v2,
    env: ["PATH=/usr/bin", "MODEL_PATH=/models/v1"],
  });
  const images = { "localhost:5000/churn-api:1.0": v1, "localhost:5000/churn-api:1.1": v2, [digest]: v2 };

  it("tells a starting container from an unhealthy one, and one without a HEALTHCHECK", () => {
    const healthy = check({ kind: "container", name: "api", healthy: true });
    expect(evaluateCheck(healthy, state({ containers: [{ ...api, health: "healthy" }] })).ok).toBe(true);
    const starting = evaluateCheck(healthy, state({ containers: [{ ...api, health: "starting" }] }));
    expect(starting.found).toBe("The container api is still starting: its health check has not passed yet.");
    expect(starting.hint).toContain("docker inspect --format '{{json .State.Health}}' api");
    const sick = { ...api, health: "unhealthy" as const, healthOutput: "curl: (7) Failed to connect" };
    const unhealthy = evaluateCheck(healthy, state({ containers: [sick] }));
    expect(unhealthy.found).toBe("The container api is unhealthy; its last probe said: curl: (7) Failed to connect");
    expect(unhealthy.hint).toContain("docker logs api");
    expect(evaluateCheck(healthy, state({ containers: [api] })).found).toContain("has no HEALTHCHECK");
  });

  it("compares image IDs for a roll-back, whatever tag the container was started with", () => {
    const rolledBack = check({ kind: "container", name: "api", sameImageAs: "localhost:5000/churn-api:1.0" });
    const outcome = evaluateCheck(rolledBack, state({ containers: [api], imageIds: images }));
    expect(outcome.found).toBe(
      `The container api runs the image ${"b".repeat(12)} (localhost:5000/churn-api:1.1), ` +
        `but localhost:5000/churn-api:1.0 is ${"a".repeat(12)}.`,
    );
    expect(outcome.hint).toContain("docker rm -f api, then docker run … localhost:5000/churn-api:1.0");
    const current = check({ kind: "container", name: "api", sameImageAs: "localhost:5000/churn-api:1.1" });
    expect(evaluateCheck(current, state({ containers: [api], imageIds: images })).ok).toBe(true);
    const latest = check({ kind: "container", name: "api", sameImageAs: "localhost:5000/churn-api" });
    expect(evaluateCheck(latest, state({ containers: [api], imageIds: images })).found).toBe(
      "There is no image localhost:5000/churn-api in the lab to compare api with.",
    );
  });

  it("names the digest to run by when a container was started by tag", () => {
    const pinned = check({ kind: "container", name: "api", byDigest: true });
    const outcome = evaluateCheck(pinned, state({ containers: [api] }));
    expect(outcome.found).toBe(
      "The container api was started from localhost:5000/churn-api:1.1, a tag that a later push can move.",
    );
    expect(outcome.hint).toContain(`docker run … ${digest}`);
    const built = { ...api, imageAliases: ["localhost:5000/churn-api:1.1"] };
    expect(evaluateCheck(pinned, state({ containers: [built] })).hint).toContain(
      "docker inspect -f '{{index .RepoDigests 0}}' localhost:5000/churn-api:1.1",
    );
    const byDigest = { ...api, image: digest, byDigest: true };
    expect(evaluateCheck(pinned, state({ containers: [byDigest] })).ok).toBe(true);
  });

  it("finds an environment entry with the wrong value, or none", () => {
    const env = check({ kind: "container", name: "api", env: ["MODEL_PATH=/models/v2"] });
    const outcome = evaluateCheck(env, state({ containers: [api] }));
    expect(outcome.found).toBe("The container api has MODEL_PATH=/models/v1, not MODEL_PATH=/models/v2.");
    expect(outcome.hint).toContain("docker run -e MODEL_PATH=/models/v2");
    const missing = check({ kind: "container", name: "api", env: ["LOG_LEVEL=debug"] });
    expect(evaluateCheck(missing, state({ containers: [api] })).found).toBe(
      "The container api has no LOG_LEVEL in its environment.",
    );
    const right = check({ kind: "container", name: "api", env: ["MODEL_PATH=/models/v1"] });
    expect(evaluateCheck(right, state({ containers: [api] })).ok).toBe(true);
  });
});

describe("evaluateCheck: http", () => {
  const health = check({ kind: "http", port: 8080, path: "/health", bodyIncludes: "ok" });
  const web = container({ name: "web", publishes: [{ port: 8000, hostIp: "127.0.0.1", hostPort: 8080 }] });
  const answered = (status: number | null, body = "", error: string | null = null) =>
    state({ containers: [web], http: { "8080/health": { status, body, error } } });

  it("passes the status and text asked for", () => {
    expect(evaluateCheck(health, answered(200, '{"status": "ok"}'))).toEqual({
      ok: true,
      found: 'GET 127.0.0.1:8080/health answered 200 with "ok".',
    });
  });

  it("says who publishes a port that refuses, and where its server should listen", () => {
    const outcome = evaluateCheck(health, answered(null, "", "connection refused"));
    expect(outcome.found).toBe("Nothing answered GET 127.0.0.1:8080/health in the lab (connection refused).");
    expect(outcome.hint).toContain("web publishes 8080 to its port 8000");
    expect(outcome.hint).toContain("0.0.0.0");
    expect(outcome.hint).toContain("docker logs web");
    const nobody = evaluateCheck(health, { ...answered(null, "", "connection refused"), containers: [] });
    expect(nobody.hint).toContain("No container publishes port 8080");
    expect(nobody.hint).toContain("docker run -p 127.0.0.1:8080:<container port>");
  });

  it("does not claim a path does not exist on a 404: it may not exist yet", () => {
    const outcome = evaluateCheck(health, answered(404, "no report yet"));
    expect(outcome.hint).toContain("does not exist yet");
    expect(outcome.hint).not.toContain("has no /health");
  });

  it("reads a 502 as a proxy that cannot reach its server", () => {
    const outcome = evaluateCheck(health, answered(502, "Bad Gateway"));
    expect(outcome.found).toBe('GET 127.0.0.1:8080/health answered 502, not 200: "Bad Gateway".');
    expect(outcome.hint).toContain("could not reach the server behind it");
    expect(outcome.hint).toContain("docker logs web");
  });

  it("finds an answer without the text asked for", () => {
    const outcome = evaluateCheck(health, answered(200, "starting"));
    expect(outcome.found).toBe(
      'GET 127.0.0.1:8080/health answered 200, but its body does not contain "ok": "starting".',
    );
  });

  it("fails, without a throw, when the probe was never run", () => {
    expect(evaluateCheck(health, state({})).ok).toBe(false);
  });
});

describe("evaluateCheck: volume files", () => {
  const model = check({ kind: "volume-file", volume: "models", path: "current/model.txt", contains: "v2" });
  const loader = container({
    name: "loader",
    mounts: [{ type: "volume", name: "models", source: "/x", destination: "/models", readOnly: false }],
  });
  const read = (fact: LabState["volumeFiles"][string]) =>
    state({ containers: [loader], volumes: ["models"], volumeFiles: { "models/current/model.txt": fact } });

  it("passes a file that holds the text asked for", () => {
    expect(evaluateCheck(model, read({ kind: "file", content: "model v2\n" })).ok).toBe(true);
  });

  it("says what a file holds instead, and how to look in the volume", () => {
    const outcome = evaluateCheck(model, read({ kind: "file", content: "model v1\n" }));
    expect(outcome.found).toBe(
      'The file current/model.txt in the volume models does not contain "v2"; it starts "model v1".',
    );
    expect(outcome.hint).toContain("docker exec loader ls -la /models");
  });

  it("tells a missing file from a missing volume and from a symlink or folder", () => {
    expect(evaluateCheck(model, read({ kind: "missing" })).found).toBe(
      "The volume models has no file current/model.txt.",
    );
    expect(evaluateCheck(model, read({ kind: "not-a-file" })).found).toContain("is not a regular file");
    const noVolume = evaluateCheck(model, state({}));
    expect(noVolume).toMatchObject({ ok: false, found: "There is no volume named models." });
    expect(noVolume.hint).toContain("docker volume create models");
  });
});

describe("evaluateCheck: Compose services", () => {
  const api = check({ kind: "compose-service", project: "shop", service: "api", running: 3 });
  const replica = (n: number, facts: Partial<ContainerFacts> = {}) =>
    container({
      name: `shop-api-${n}`,
      labels: {
        "com.docker.compose.project": "shop",
        "com.docker.compose.container-number": "1",
        "com.docker.compose.service": "api",
      },
      ...facts,
    });

  it("counts the running replicas of a service", () => {
    expect(evaluateCheck(api, state({ containers: [replica(1), replica(2), replica(3)] }))).toEqual({
      ok: true,
      found: "3 containers of the service api (Compose project shop) are running.",
    });
  });

  it("scales a service that runs too few", () => {
    const outcome = evaluateCheck(api, state({ containers: [replica(1)] }));
    expect(outcome.found).toBe("1 container of the service api (Compose project shop) is running, not 3.");
    expect(outcome.hint).toContain("docker compose -p shop up -d --scale api=3");
  });

  it("says a replica that was never started has no logs: its error was docker compose up's", () => {
    const created = replica(2, { running: false, status: "created", exitCode: 128 });
    const outcome = evaluateCheck(api, state({ containers: [replica(1), created] }));
    expect(outcome.hint).toContain("shop-api-2 was created but never started");
    expect(outcome.hint).not.toContain("logs api shows why");
  });

  it("sends a learner whose replica crashed to the service's logs", () => {
    const crashed = replica(2, { running: false, status: "exited", exitCode: 1 });
    const outcome = evaluateCheck(api, state({ containers: [replica(1), crashed] }));
    expect(outcome.found).toContain("shop-api-2 exited with code 1");
    expect(outcome.hint).toContain("docker compose -p shop logs api");
  });

  it("never counts a container run by hand from the image Compose built, nor a compose run, and says why", () => {
    // The image carries the project and service labels, so `docker run shop-api` inherits them: not the service.
    const byHand = (name: string) =>
      container({ name, labels: { "com.docker.compose.project": "shop", "com.docker.compose.service": "api" } });
    const oneOff = container({
      name: "shop-api-run-1f2e",
      labels: { ...replica(9).labels, "com.docker.compose.oneoff": "True" },
    });
    const outcome = evaluateCheck(api, state({ containers: [replica(1), byHand("api-2"), oneOff] }));
    expect(outcome.ok).toBe(false);
    expect(outcome.found).toContain("1 container of the service api (Compose project shop) is running, not 3.");
    expect(outcome.found).toContain("api-2 has the service's labels but was started by hand (docker run)");
    expect(outcome.found).toContain("shop-api-run-1f2e is a one-off container of docker compose run");
    const none = evaluateCheck(api, state({ containers: [byHand("api-1"), byHand("api-2"), byHand("api-3")] }));
    expect(none).toMatchObject({ ok: false });
    expect(none.found).toContain("No container belongs to the service api (Compose project shop).");
    expect(none.hint).not.toContain("in the project");
  });

  it("names the project a service was started under instead", () => {
    const other = container({
      name: "lab-api-1",
      labels: {
        "com.docker.compose.project": "lab",
        "com.docker.compose.container-number": "1",
        "com.docker.compose.service": "api",
      },
    });
    const outcome = evaluateCheck(api, state({ containers: [other] }));
    expect(outcome.found).toBe("No container belongs to the service api (Compose project shop).");
    expect(outcome.hint).toContain("in the project lab");
    expect(outcome.hint).toContain("-p shop");
  });

  it("asks each replica, whatever its number, to publish as asked: on 127.0.0.1, not every interface", () => {
    const ranged = check({
      kind: "compose-service",
      project: "shop",
      service: "api",
      running: 3,
      publishes: [{ port: 8000, hostIp: "127.0.0.1" }],
    });
    const on = (hostIp: string, hostPort: number) => ({ publishes: [{ port: 8000, hostIp, hostPort }] });
    // Numbers 3, 4 and 5: a service scaled down and up again, which a check of shop-api-1 by name would miss.
    const loopback = [replica(3, on("127.0.0.1", 8000)), replica(4, on("127.0.0.1", 8001))];
    expect(evaluateCheck(ranged, state({ containers: [...loopback, replica(5, on("127.0.0.1", 8002))] })).ok).toBe(
      true,
    );
    const open = evaluateCheck(ranged, state({ containers: [...loopback, replica(5, on("0.0.0.0", 8002))] }));
    expect(open).toMatchObject({ ok: false, found: "The container shop-api-5 publishes port 8000 on 0.0.0.0." });
    expect(open.hint).toContain('ports: ["127.0.0.1:<host port>:8000"]');
    const none = evaluateCheck(ranged, state({ containers: [...loopback, replica(5)] }));
    expect(none.found).toBe("The container shop-api-5 publishes nothing for its port 8000.");
  });

  it("waits for every replica to be healthy when asked", () => {
    const healthy = check({ kind: "compose-service", project: "shop", service: "api", running: 2, healthy: true });
    const outcome = evaluateCheck(
      healthy,
      state({ containers: [replica(1, { health: "healthy" }), replica(2, { health: "starting" })] }),
    );
    expect(outcome.found).toBe("Of the service api (Compose project shop), shop-api-2 is starting.");
    expect(outcome.hint).toContain("docker inspect --format '{{json .State.Health}}' shop-api-2");
  });
});

describe("evaluateCheck: registry tags", () => {
  const pushed = check({ kind: "registry-tag", repository: "churn-api", tag: "1.0" });
  const id = `sha256:${"d".repeat(64)}`;

  it("passes a tag the registry lists", () => {
    const listed = state({ registryTags: { "churn-api": { kind: "tags", tags: ["0.9", "1.0"] } } });
    expect(evaluateCheck(pushed, listed)).toEqual({ ok: true, found: "The lab's registry has churn-api:1.0." });
  });

  it("asks for the tag to hold the image built here: one built again after the push was never sent", () => {
    const reference = "localhost:5000/churn-api:1.0";
    const fromHere = check({ kind: "registry-tag", repository: "churn-api", tag: "1.0", pushedFrom: reference });
    const registry = { "churn-api": { kind: "tags" as const, tags: ["1.0"] } };
    const digest = `localhost:5000/churn-api@sha256:${"d".repeat(64)}`;
    const rebuilt = state({ imageIds: { [reference]: id, [digest]: "sha256:older" }, registryTags: registry });
    expect(evaluateCheck(fromHere, rebuilt)).toMatchObject({
      ok: false,
      found: expect.stringContaining("but not from the image localhost:5000/churn-api:1.0 names here"),
      hint: `Push it again: docker push ${reference} (a push sends what the tag names now).`,
    });
    const sent = state({ imageIds: { [reference]: id, [digest]: id }, registryTags: registry });
    expect(evaluateCheck(fromHere, sent).ok).toBe(true);
  });

  it("asks for a push when the image is tagged for the registry here", () => {
    const outcome = evaluateCheck(
      pushed,
      state({
        imageIds: { "localhost:5000/churn-api:1.0": id },
        registryTags: { "churn-api": { kind: "tags", tags: ["0.9"] } },
      }),
    );
    expect(outcome.found).toBe("The lab's registry has no churn-api:1.0: it has churn-api:0.9 but not :1.0.");
    expect(outcome.hint).toBe(
      "The image is tagged for the registry here; send it: docker push localhost:5000/churn-api:1.0.",
    );
  });

  it("asks for a tag first when the image has only its local name", () => {
    const outcome = evaluateCheck(
      pushed,
      state({ imageIds: { "churn-api:1.0": id }, registryTags: { "churn-api": { kind: "unknown-repository" } } }),
    );
    expect(outcome.found).toBe("The lab's registry has no churn-api:1.0: nothing has been pushed as churn-api.");
    expect(outcome.hint).toContain("docker tag churn-api:1.0 localhost:5000/churn-api:1.0");
  });

  it("says when the registry does not answer, and whose container should", () => {
    const registry = container({
      name: "registry",
      running: false,
      status: "exited",
      publishes: [{ port: 5000, hostIp: "127.0.0.1", hostPort: 5000 }],
    });
    const outcome = evaluateCheck(
      pushed,
      state({
        containers: [registry],
        registryTags: { "churn-api": { kind: "no-answer", error: "connection refused" } },
      }),
    );
    expect(outcome.found).toBe("The lab's registry at localhost:5000 gave no tag list (connection refused).");
    expect(outcome.hint).toContain("docker start registry");
  });
});

describe("evaluateCheck: a tag promoted by digest (sameManifestAs)", () => {
  const promoted = check({
    kind: "registry-tag",
    repository: "churn-api",
    tag: "stable",
    sameManifestAs: "churn-api:1.0",
  });
  const [d10, d11, oci] = ["a", "b", "c"].map((c) => `sha256:${c.repeat(64)}`) as [string, string, string];
  const docker = "application/vnd.docker.distribution.manifest.v2+json";
  const image10 = `sha256:${"1".repeat(64)}`;
  // The engine pushed 1.0: its tag and the digest the push recorded name the same image.
  const pushed10 = { "localhost:5000/churn-api:1.0": image10, [`localhost:5000/churn-api@${d10}`]: image10 };
  const registry = (stable: string, stableType = docker, one0 = d10) =>
    state({
      imageIds: pushed10,
      registryTags: { "churn-api": { kind: "tags", tags: ["1.0", "1.1", "stable"] } },
      registryManifests: {
        "churn-api:stable": { kind: "manifest", digest: stable, mediaType: stableType },
        "churn-api:1.0": { kind: "manifest", digest: one0, mediaType: docker },
      },
    });

  it("passes a tag that names the very manifest the other tag names, as pushed from this engine", () => {
    expect(evaluateCheck(promoted, registry(d10))).toEqual({
      ok: true,
      found: "The lab's registry has churn-api:stable, the very manifest churn-api:1.0 names (sha256:aaaaaaaaaaaa…).",
    });
  });

  it("fails another image under the tag, and says how to copy the right one", () => {
    const outcome = evaluateCheck(promoted, registry(d11));
    expect(outcome.ok).toBe(false);
    expect(outcome.found).toContain("the two tags name different images");
    expect(outcome.hint).toContain(
      "skopeo copy --src-tls-verify=false --dest-tls-verify=false docker://localhost:5000/churn-api:1.0 " +
        "docker://localhost:5000/churn-api:stable",
    );
  });

  it("fails a copy that converted the manifest: new bytes, new digest", () => {
    const outcome = evaluateCheck(promoted, registry(oci, "application/vnd.oci.image.manifest.v1+json"));
    expect(outcome).toMatchObject({ ok: false, hint: expect.stringContaining("without --format") });
    expect(outcome.found).toContain("an OCI image manifest");
    expect(outcome.found).toContain("a Docker image manifest");
  });

  it("fails two equal tags when the one copied from was itself overwritten (1.1 copied onto 1.0 and stable)", () => {
    const outcome = evaluateCheck(promoted, registry(d11, docker, d11));
    expect(outcome).toMatchObject({ ok: false, found: expect.stringContaining("churn-api:1.0 was overwritten") });
    expect(outcome.hint).toBe("Put churn-api:1.0 back with docker push localhost:5000/churn-api:1.0, then copy it.");
  });

  it("refuses a check that compares a tag with itself, speaks of a tag that is absent, or names no tag", () => {
    const base = { kind: "registry-tag", goalWords: [], repository: "churn-api", tag: "stable" };
    for (const bad of [
      { ...base, sameManifestAs: "churn-api:stable" },
      { ...base, present: false, sameManifestAs: "churn-api:1.0" },
      { ...base, sameManifestAs: "churn-api" },
      { ...base, sameManifestAs: "Churn API:1.0" },
    ])
      expect(labCheckSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    expect(labCheckSchema.safeParse({ ...base, sameManifestAs: "models/ranker-weights:v1" }).success).toBe(true);
  });

  it("asks for the copy when the tag is not there yet, and never passes before both manifests were read", () => {
    const absent = state({ imageIds: pushed10, registryTags: { "churn-api": { kind: "tags", tags: ["1.0"] } } });
    expect(evaluateCheck(promoted, absent).hint).toMatch(/^skopeo copy /);
    const unread = state({
      imageIds: pushed10,
      registryTags: { "churn-api": { kind: "tags", tags: ["1.0", "stable"] } },
    });
    expect(evaluateCheck(promoted, unread).ok).toBe(false);
  });
});

describe("evaluateCheck: one tag for several platforms (platforms, and an image's platform)", () => {
  const [amd, arm, other] = ["a", "b", "c"].map((c) => `sha256:${c.repeat(64)}`) as [string, string, string];
  const refs = {
    "linux/amd64": "localhost:5000/models/w:v1-amd64",
    "linux/arm64": "localhost:5000/models/w:v1-arm64",
  };
  const joined = check({ kind: "registry-tag", repository: "models/w", tag: "v1-multiarch", platforms: refs });
  const [amdId, armId] = [`sha256:${"1".repeat(64)}`, `sha256:${"2".repeat(64)}`];
  // Both built here and pushed: each tag and the digest its push recorded name the same image.
  const pushed = {
    [refs["linux/amd64"]]: amdId,
    [`localhost:5000/models/w@${amd}`]: amdId,
    [refs["linux/arm64"]]: armId,
    [`localhost:5000/models/w@${arm}`]: armId,
  };
  const list = "application/vnd.docker.distribution.manifest.list.v2+json";
  const registry = (mediaType: string, entries?: Array<{ platform: string; digest: string }>) =>
    state({
      imageIds: pushed,
      registryTags: { "models/w": { kind: "tags", tags: ["v1-amd64", "v1-arm64", "v1-multiarch"] } },
      registryManifests: {
        "models/w:v1-multiarch": { kind: "manifest", digest: other, mediaType, ...(entries ? { entries } : {}) },
      },
    });

  it("passes an index with an entry for each platform, each the image pushed from here for it", () => {
    const index = registry(list, [
      { platform: "linux/amd64", digest: amd },
      { platform: "linux/arm64", digest: arm },
    ]);
    expect(evaluateCheck(joined, index)).toMatchObject({ ok: true, found: expect.stringContaining("an index of") });
  });

  it("fails one image pushed under the tag: no index, and says how to join them", () => {
    const outcome = evaluateCheck(joined, registry("application/vnd.docker.distribution.manifest.v2+json"));
    expect(outcome.found).toContain("one image for one platform, not an index");
    expect(outcome.hint).toContain(
      "docker buildx imagetools create -t localhost:5000/models/w:v1-multiarch " +
        "localhost:5000/models/w:v1-amd64 localhost:5000/models/w:v1-arm64",
    );
  });

  it("fails an index without the platform (an amd64 image tagged arm64 adds none)", () => {
    const outcome = evaluateCheck(joined, registry(list, [{ platform: "linux/amd64", digest: amd }]));
    expect(outcome.found).toContain("lists linux/amd64, not linux/arm64");
    expect(outcome.hint).toContain("docker build --platform linux/arm64");
  });

  it("fails an entry that is another image than the one pushed from here (relabelled with manifest annotate)", () => {
    const outcome = evaluateCheck(
      joined,
      registry(list, [
        { platform: "linux/amd64", digest: amd },
        { platform: "linux/arm64", digest: other },
      ]),
    );
    expect(outcome).toMatchObject({ ok: false, found: expect.stringContaining("which is not the image") });
    expect(outcome.hint).toContain("docker push localhost:5000/models/w:v1-arm64");
  });

  it("reads an image's platform from its config: a tag does not change it", () => {
    const image = check({ kind: "image", reference: refs["linux/arm64"], platform: "linux/arm64" });
    const base = { images: [refs["linux/arm64"]], imageIds: pushed };
    expect(evaluateCheck(image, state({ ...base, imagePlatforms: { [refs["linux/arm64"]]: "linux/arm64" } }))).toEqual({
      ok: true,
      found: "The image localhost:5000/models/w:v1-arm64 is there, for linux/arm64.",
    });
    const retagged = evaluateCheck(image, state({ ...base, imagePlatforms: { [refs["linux/arm64"]]: "linux/amd64" } }));
    expect(retagged.found).toContain("was built for linux/amd64, not linux/arm64");
    expect(retagged.hint).toContain("docker build --platform linux/arm64");
    expect(evaluateCheck(image, state(base)).ok).toBe(false);
  });
});

describe("evaluateCheck: clean", () => {
  const clean = (what: string) => check({ kind: "clean", what });

  it("asks that a sort stay where the task prunes one sort at a time: docker system prune took them all", () => {
    const remaining = check({ kind: "clean", what: "dangling-images", remaining: true });
    const pruned = evaluateCheck(remaining, state({ danglingImages: [] }));
    expect(pruned).toMatchObject({ ok: false, found: expect.stringContaining("were to stay until their own task") });
    expect(pruned.hint).toContain("docker system prune removes every sort at once");
    expect(evaluateCheck(remaining, state({ danglingImages: [`sha256:${"e".repeat(64)}`] })).ok).toBe(true);
  });

  it("lists stopped containers and the prune that removes them", () => {
    expect(evaluateCheck(clean("stopped-containers"), state({ containers: [container({ name: "api" })] })).ok).toBe(
      true,
    );
    const old = container({ name: "old", running: false, status: "exited", exitCode: 0 });
    const outcome = evaluateCheck(clean("stopped-containers"), state({ containers: [old] }));
    expect(outcome.found).toBe("1 stopped container is left: old (exited with code 0).");
    expect(outcome.hint).toContain("docker container prune");
  });

  it("lists dangling images", () => {
    expect(evaluateCheck(clean("dangling-images"), state({})).ok).toBe(true);
    const outcome = evaluateCheck(clean("dangling-images"), state({ danglingImages: [`sha256:${"e".repeat(64)}`] }));
    expect(outcome.found).toContain(`: ${"e".repeat(12)}.`);
    expect(outcome.hint).toContain("docker image prune");
  });

  it("lists unused volumes, anonymous ones as such, and says that -a takes named ones", () => {
    const outcome = evaluateCheck(clean("unused-volumes"), state({ unusedVolumes: ["cache", "f".repeat(64)] }));
    expect(outcome.found).toBe(`2 volumes are left that no container uses: cache and ${"f".repeat(12)} (anonymous).`);
    expect(outcome.hint).toContain("docker volume prune -a");
  });

  it("reports build cache with its size", () => {
    expect(evaluateCheck(clean("build-cache"), state({ buildCache: { records: 0, bytes: 0 } })).ok).toBe(true);
    const outcome = evaluateCheck(clean("build-cache"), state({ buildCache: { records: 4, bytes: 52_000_000 } }));
    expect(outcome.found).toBe("4 build cache records are left (52 MB).");
    expect(outcome.hint).toContain("docker builder prune -a");
    expect(evaluateCheck(clean("build-cache"), state({})).ok).toBe(false);
  });
});

describe("labCheckSchema", () => {
  it("refuses a name Docker would refuse and a relative mount target", () => {
    expect(() => check({ kind: "container", name: "-api" })).toThrow(/Docker object name/);
    expect(() => check({ kind: "container", name: "api", mounts: [{ target: "models" }] })).toThrow(/absolute path/);
  });

  it("refuses what the engine's history can say only of something there: labels, a pull, an exec, a restart", () => {
    expect(() => check({ kind: "image", reference: "api:1.0", present: false, pulled: true })).toThrow(/present/);
    expect(() => check({ kind: "image", reference: "api:1.0", present: false, labels: { a: "1" } })).toThrow(/present/);
    expect(() => check({ kind: "compose-service", project: "s", service: "api", running: 0, exec: true })).toThrow(
      /running: 0/,
    );
    expect(() => check({ kind: "compose-service", project: "s", service: "api", restarted: false })).toThrow();
    expect(() => check({ kind: "image", reference: "api:1.0", labels: { "-x": "1" } })).toThrow(/label key/);
  });
});
