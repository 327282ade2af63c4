import { describe, expect, it } from "vitest";
import { type LabCheck, labCheckSchema } from "../../../lib/labs/lab-check-schema";
import type { ContainerFacts, LabState } from "./lab-state";
import { HOLD_MS, type JudgedTask, RUNNING_SETTLE_MS, TaskJudge } from "./task-judge";
import { containerFacts, EMPTY_LAB_STATE, labState } from "./testing/lab-state-fixtures";

const EMPTY = EMPTY_LAB_STATE;
const check = (input: unknown): LabCheck => labCheckSchema.parse(input);
const state = labState;

const container = (facts: Partial<ContainerFacts> & { name: string }) =>
  containerFacts({ image: "model-server:1.0", imageAliases: ["model-server:1.0"], imageId: "sha256:1", ...facts });

const stopped = (name: string, id = `id-${name}`) => container({ name, id, running: false, status: "exited" });
const done = (judge: TaskJudge, s: LabState) => Object.fromEntries(judge.judge(s).map((t) => [t.id, t.done]));

describe("TaskJudge: what is absent must have been there", () => {
  // run-a-model-server's task 5: "Remove the container, keep the image".
  const remove: JudgedTask = {
    id: "remove",
    checks: [
      check({ kind: "container", name: "model", state: "removed" }),
      check({ kind: "image", reference: "model-server:1.0" }),
    ],
  };

  it("does not count a container that never existed as removed", () => {
    const judge = new TaskJudge([remove], [], 0);
    const [status] = judge.judge(state({ images: ["model-server:1.0"] }));
    expect(status).toMatchObject({ done: false, found: expect.stringContaining("no container named model") });
  });

  it("counts it once the lab has shown the container and it is gone", () => {
    const judge = new TaskJudge([remove], [], 0);
    expect(done(judge, state({ images: ["model-server:1.0"], containers: [stopped("model")] }))).toEqual({
      remove: false,
    });
    expect(done(judge, state({ images: ["model-server:1.0"] }))).toEqual({ remove: true });
  });

  it("forks a second judge that knows the lab's history, with a task open again (content CI's spellings)", () => {
    const judge = new TaskJudge([remove], [], 0);
    const images = ["model-server:1.0"];
    judge.judge(state({ images, containers: [stopped("model")] }));
    expect(done(judge, state({ images }))).toEqual({ remove: true });
    const fork = judge.fork("remove");
    expect(done(fork, state({ images, containers: [stopped("model")] }))).toEqual({ remove: false });
    expect(done(fork, state({ images }))).toEqual({ remove: true });
    // A fresh judge has no such history: the container was never seen, so nothing was removed.
    expect(done(new TaskJudge([remove], [], 0), state({ images }))).toEqual({ remove: false });
    // The first judge's record stays its own.
    expect(done(judge, state({ images, containers: [stopped("model")] }))).toEqual({ remove: true });
  });

  it("does not count a container renamed as removed: the one that had the name is still here", () => {
    const judge = new TaskJudge([remove], [], 0);
    const images = ["model-server:1.0"];
    judge.judge(state({ images, containers: [stopped("model")] }));
    const renamed = { ...stopped("model"), name: "model-old" };
    expect(judge.judge(state({ images, containers: [renamed] }))[0]).toMatchObject({
      done: false,
      found: "The container that was model is still here, renamed model-old: it was not removed.",
    });
    expect(done(judge, state({ images }))).toEqual({ remove: true });
  });

  it("knows the latest container a name held, after more under that name than it keeps, and a rename of it", () => {
    const judge = new TaskJudge([remove], [], 0);
    const images = ["model-server:1.0"];
    // Thirty containers named model, each made and removed before the next: more than a name's remembered IDs.
    for (let i = 0; i < 30; i++) {
      for (const Action of ["create", "destroy"])
        judge.observe({ Type: "container", Action, Actor: { ID: `old-${i}`, Attributes: { name: "model" } } });
    }
    judge.judge(state({ images, containers: [stopped("model", "latest")] }));
    const renamed = { ...stopped("model", "latest"), name: "model-old" };
    expect(judge.judge(state({ images, containers: [renamed] }))[0]).toMatchObject({
      done: false,
      found: "The container that was model is still here, renamed model-old: it was not removed.",
    });
    expect(done(judge, state({ images }))).toEqual({ remove: true });
  });

  it("counts a container made and removed between two snapshots, from the engine's events", () => {
    const judge = new TaskJudge([remove], [], 0);
    judge.observe({ Type: "container", Action: "create", Actor: { ID: "c1", Attributes: { name: "model" } } });
    judge.observe({ Type: "container", Action: "destroy", Actor: { ID: "c1", Attributes: { name: "model" } } });
    expect(done(judge, state({ images: ["model-server:1.0"] }))).toEqual({ remove: true });
  });

  it("asks the same of volumes, images, registry tags and a Compose service brought down", () => {
    const tasks: JudgedTask[] = [
      { id: "volume", checks: [check({ kind: "volume", name: "models", present: false })] },
      { id: "image", checks: [check({ kind: "image", reference: "old:1", present: false })] },
      { id: "tag", checks: [check({ kind: "registry-tag", repository: "api", tag: "bad", present: false })] },
      { id: "down", checks: [check({ kind: "compose-service", project: "stack", service: "api", running: 0 })] },
    ];
    const judge = new TaskJudge(tasks, [], 0);
    const nothingYet = state({ registryTags: { api: { kind: "tags", tags: [] } } });
    expect(done(judge, nothingYet)).toEqual({ volume: false, image: false, tag: false, down: false });
    const api = container({
      name: "stack-api-1",
      labels: {
        "com.docker.compose.project": "stack",
        "com.docker.compose.container-number": "1",
        "com.docker.compose.service": "api",
      },
    });
    judge.judge(
      state({
        volumes: ["models"],
        images: ["old:1"],
        containers: [api],
        registryTags: { api: { kind: "tags", tags: ["bad"] } },
      }),
    );
    expect(done(judge, nothingYet)).toEqual({ volume: true, image: true, tag: true, down: true });
  });

  it("counts a prune only after there was something of its sort, and it went", () => {
    const prunes: JudgedTask[] = [
      { id: "containers", checks: [check({ kind: "clean", what: "stopped-containers" })] },
      { id: "images", checks: [check({ kind: "clean", what: "dangling-images" })] },
      { id: "volumes", checks: [check({ kind: "clean", what: "unused-volumes" })] },
    ];
    const judge = new TaskJudge(prunes, [], 0);
    // reclaim-disk-space right after its clutter script: the old builds and the checkpoint volumes are held by
    // stopped containers, so neither counts as dangling or unused yet, and nothing was pruned.
    const cluttered = state({
      containers: [stopped("trial-1"), container({ name: "server" })],
      volumes: ["ckpt-trial-1", "serving-models"],
      untaggedImages: ["sha256:old"],
    });
    expect(done(judge, cluttered)).toEqual({ containers: false, images: false, volumes: false });
    // docker container prune: the trial goes, its volume and the old build are left unused.
    const pruned = state({
      containers: [container({ name: "server" })],
      volumes: ["ckpt-trial-1", "serving-models"],
      unusedVolumes: ["ckpt-trial-1"],
      untaggedImages: ["sha256:old"],
      danglingImages: ["sha256:old"],
    });
    expect(done(judge, pruned)).toEqual({ containers: true, images: false, volumes: false });
    expect(done(judge, state({ containers: [container({ name: "server" })], volumes: ["serving-models"] }))).toEqual({
      containers: true,
      images: true,
      volumes: true,
    });
  });
});

describe("TaskJudge: a state that holds", () => {
  const tasks: JudgedTask[] = [
    { id: "kill", checks: [check({ kind: "container", name: "debug", state: "exited", exitCode: 137 })] },
  ];
  const killed = state({ containers: [{ ...stopped("debug"), exitCode: 137 }] });
  /** The judge saw debug start and die by SIGKILL, as docker kill does. */
  const sawKill = (judge: TaskJudge) => {
    for (const [Action, Attributes] of [
      ["start", {}],
      ["kill", { signal: "9" }],
      ["die", { exitCode: "137" }],
    ] as const)
      judge.observe({
        Type: "container",
        Action,
        Actor: { ID: "id-debug", Attributes: { name: "debug", ...Attributes } },
      });
    return judge;
  };

  it("is done only once its checks still hold HOLD_MS later, and says it is checking meanwhile", () => {
    const judge = sawKill(new TaskJudge(tasks));
    expect(judge.judge(killed, 0)[0]).toMatchObject({
      done: false,
      found: expect.stringContaining("Checking that it stays so"),
    });
    expect(judge.recheckInMs(500)).toBe(HOLD_MS - 500);
    expect(judge.judge(killed, HOLD_MS - 1)[0]!.done).toBe(false);
    expect(judge.judge(killed, HOLD_MS)[0]!.done).toBe(true);
    expect(judge.recheckInMs(HOLD_MS)).toBeUndefined();
  });

  it("is not done for a state passed through: docker rm -f kills (137) and removes at once", () => {
    const judge = sawKill(new TaskJudge(tasks));
    judge.judge(killed, 0);
    expect(judge.judge(EMPTY, 100)[0]!.done).toBe(false);
    expect(judge.recheckInMs(100)).toBeUndefined();
    expect(judge.judge(EMPTY, HOLD_MS * 2)[0]!.done).toBe(false);
  });
});

describe("TaskJudge: tasks that build on others", () => {
  // push-and-roll-back: task 7 checks what task 4 checks (churn runs 1.0 by digest), after a deploy of 1.1.
  const runs10 = [check({ kind: "container", name: "churn", byDigest: true, sameImageAs: "api:1.0" })];
  const tasks: JudgedTask[] = [
    { id: "deploy-1-0", title: "Deploy 1.0 by digest", checks: runs10 },
    {
      id: "deploy-1-1",
      title: "Deploy 1.1",
      checks: [check({ kind: "container", name: "churn", byDigest: true, sameImageAs: "api:1.1" })],
    },
    { id: "roll-back", title: "Roll back", needs: ["deploy-1-1"], checks: runs10 },
  ];
  const ids = { "api:1.0": "sha256:10", "api:1.1": "sha256:11" };
  const churn = (id: string, byDigest = true) =>
    state({ imageIds: ids, containers: [container({ name: "churn", imageId: id, byDigest, image: "api@sha256:x" })] });

  it("is not judged before the tasks it needs, and says which", () => {
    const judge = new TaskJudge(tasks, [], 0);
    const statuses = judge.judge(churn("sha256:10"));
    expect(statuses.map((s) => s.done)).toEqual([true, false, false]);
    expect(statuses[2]!.found).toBe("This task is judged once task 2, “Deploy 1.1”, is done: it builds on it.");
    expect(statuses[2]!.hint).toBeUndefined();
  });

  it("turns green on the roll-back by digest after the deploy it needs, and not on one by tag", () => {
    const judge = new TaskJudge(tasks, [], 0);
    judge.judge(churn("sha256:10"));
    expect(done(judge, churn("sha256:11"))).toEqual({ "deploy-1-0": true, "deploy-1-1": true, "roll-back": false });
    expect(done(judge, churn("sha256:10", false))["roll-back"]).toBe(false);
    expect(done(judge, churn("sha256:10"))["roll-back"]).toBe(true);
  });

  it("asks the lab only about the open tasks: not done, and what they need done", () => {
    const judge = new TaskJudge(tasks, [], 0);
    const kinds = () => judge.openChecks().map((c) => ("sameImageAs" in c ? c.sameImageAs : c.kind));
    expect(kinds()).toEqual(["api:1.0", "api:1.1"]);
    judge.judge(churn("sha256:10"));
    expect(kinds()).toEqual(["api:1.1"]);
    judge.judge(churn("sha256:11"));
    expect(kinds()).toEqual(["api:1.0"]);
  });

  it("keeps a done task done, without a hint, when the next task undoes its state", () => {
    const judge = new TaskJudge(tasks, [], 0);
    const [first] = judge.judge(churn("sha256:10"));
    const [later] = judge.judge(state({ imageIds: ids }));
    expect(later).toEqual(first);
    expect(later).toMatchObject({ done: true });
    expect(later!.hint).toBeUndefined();
  });

  it("counts what the learner did in an earlier session, for the tasks that need it too", () => {
    const judge = new TaskJudge(tasks, ["deploy-1-1", "not-a-task"], 0);
    const statuses = judge.judge(churn("sha256:10"));
    expect(statuses.map((s) => [s.id, s.done])).toEqual([
      ["deploy-1-0", true],
      ["deploy-1-1", true],
      ["roll-back", true],
    ]);
    expect(statuses[1]!.found).toBe("Done in an earlier session of this lab.");
  });
});

describe("TaskJudge: in the background", () => {
  const background: JudgedTask[] = [
    { id: "run", checks: [check({ kind: "container", name: "model", detached: true })] },
  ];

  it("passes docker run -d and fails a foreground docker run, from the engine's events", () => {
    const judge = new TaskJudge(background, [], 0);
    judge.observe({ Type: "container", Action: "create", Actor: { ID: "fg", Attributes: { name: "model" } } });
    judge.observe({ Type: "container", Action: "attach", Actor: { ID: "fg", Attributes: { name: "model" } } });
    judge.observe({ Type: "container", Action: "start", Actor: { ID: "fg", Attributes: { name: "model" } } });
    const [attached] = judge.judge(
      state({ containers: [container({ name: "model", id: "fg", attachedAtCreate: true })] }),
    );
    expect(attached).toMatchObject({ done: false, found: expect.stringContaining("attached to the terminal") });
    expect(attached!.hint).toContain("docker start model");
    // Ctrl-C, then docker start: started again without an attach.
    judge.observe({ Type: "container", Action: "die", Actor: { ID: "fg" } });
    judge.observe({ Type: "container", Action: "start", Actor: { ID: "fg" } });
    expect(
      done(judge, state({ containers: [container({ name: "model", id: "fg", attachedAtCreate: true })] })),
    ).toEqual({
      run: true,
    });
  });

  it("falls back on how docker run created a container it has no events for", () => {
    const fg = new TaskJudge(background, [], 0);
    expect(done(fg, state({ containers: [container({ name: "model", attachedAtCreate: true })] }))).toEqual({
      run: false,
    });
    const bg = new TaskJudge(background, [], 0);
    expect(done(bg, state({ containers: [container({ name: "model", attachedAtCreate: false })] }))).toEqual({
      run: true,
    });
  });

  it("fails docker compose up without -d, which Compose's containers do not show by themselves", () => {
    const tasks: JudgedTask[] = [
      { id: "up", checks: [check({ kind: "compose-service", project: "stack", service: "api", detached: true })] },
    ];
    const labels = {
      "com.docker.compose.project": "stack",
      "com.docker.compose.container-number": "1",
      "com.docker.compose.service": "api",
    };
    const api = container({ name: "stack-api-1", id: "api1", labels, attachedAtCreate: true });
    const unknown = new TaskJudge(tasks, [], 0);
    expect(unknown.judge(state({ containers: [api] }))[0]).toMatchObject({
      done: false,
      hint: expect.stringContaining("docker compose restart api"),
    });
    const foreground = new TaskJudge(tasks, [], 0);
    foreground.observe({ Type: "container", Action: "attach", Actor: { ID: "api1" } });
    foreground.observe({ Type: "container", Action: "start", Actor: { ID: "api1" } });
    expect(foreground.judge(state({ containers: [api] }))[0]).toMatchObject({
      done: false,
      hint: "Ctrl-C stops the stack; docker compose up -d starts it in the background.",
    });
    const detached = new TaskJudge(tasks, [], 0);
    detached.observe({ Type: "container", Action: "start", Actor: { ID: "api1" } });
    expect(done(detached, state({ containers: [api] }))).toEqual({ up: true });
  });
});

describe("TaskJudge: what the engine did, from its events", () => {
  const reference = "localhost:5000/churn-api:1.0";
  const pulled: JudgedTask[] = [{ id: "pull", checks: [check({ kind: "image", reference, pulled: true })] }];
  const there = (id = "sha256:10") => state({ images: [reference], imageIds: { [reference]: id } });
  const image = (Action: string, ID: string, name?: string) => ({
    Type: "image",
    Action,
    Actor: { ID, ...(name ? { Attributes: { name } } : {}) },
  });

  it("passes an image pulled back after its removal, not one built or tagged again", () => {
    const judge = new TaskJudge(pulled, [], 0);
    // Built here: no pull.
    judge.observe(image("tag", "sha256:10", reference));
    expect(judge.judge(there())[0]).toMatchObject({
      done: false,
      found: `${reference} is here, and has not been removed in this lab: there is nothing to pull back yet.`,
      hint: expect.stringContaining(`then fetch it from the registry: docker pull ${reference}.`),
    });
    // A pull of what is here already is no pull back.
    judge.observe(image("pull", reference));
    expect(done(judge, there())).toEqual({ pull: false });
    // docker image rm, then docker pull: the engine names the reference pulled.
    judge.observe(image("untag", "sha256:10", "sha256:10"));
    judge.observe(image("delete", "sha256:10", "sha256:10"));
    judge.judge(state({}));
    judge.observe(image("pull", reference, "localhost:5000/churn-api"));
    expect(done(judge, there())).toEqual({ pull: true });
  });

  it("does not count a pull from before the last removal: a rebuild after it made the image", () => {
    const judge = new TaskJudge(pulled, [], 0);
    judge.judge(there());
    judge.observe(image("pull", reference));
    judge.observe(image("untag", "sha256:10"));
    judge.observe(image("delete", "sha256:10"));
    judge.observe(image("tag", "sha256:11", reference));
    const [status] = judge.judge(there("sha256:11"));
    expect(status).toMatchObject({ done: false, found: expect.stringContaining("but not from a pull") });
    expect(status!.hint).toContain(`docker image rm ${reference}`);
    // A second judge (content CI's spelling) goes on from this history: removed and pulled back, it counts.
    const fork = judge.fork("pull");
    fork.observe(image("pull", reference));
    expect(done(fork, there("sha256:11"))).toEqual({ pull: false });
    fork.observe(image("untag", "sha256:11"));
    fork.observe(image("delete", "sha256:11"));
    fork.observe(image("pull", reference));
    expect(done(fork, there("sha256:11"))).toEqual({ pull: true });
    expect(done(judge, there("sha256:11"))).toEqual({ pull: false });
  });

  it("does not count a pull of an image a cached build remade, ID and all, after its delete", () => {
    const judge = new TaskJudge(pulled, [], 0);
    judge.judge(there());
    // Removed (an earlier attempt's undo), then built again from the cache: the same ID, brought back by a build.
    judge.observe(image("untag", "sha256:10"));
    judge.observe(image("delete", "sha256:10"));
    judge.observe(image("tag", "sha256:10", reference));
    // A pull of what is here already fetches nothing.
    judge.observe(image("pull", reference));
    expect(judge.judge(there())[0]).toMatchObject({ done: false, found: expect.stringContaining("not from a pull") });
    // Removed again and pulled back: now it came from the registry.
    judge.observe(image("untag", "sha256:10"));
    judge.observe(image("delete", "sha256:10"));
    judge.observe(image("pull", reference));
    expect(done(judge, there())).toEqual({ pull: true });
  });

  it("does not count a tag removed while another tag kept the image: it never left, the pull fetched nothing", () => {
    const judge = new TaskJudge(pulled, [], 0);
    judge.judge(there());
    judge.observe(image("untag", "sha256:10"));
    judge.observe(image("pull", reference));
    expect(judge.judge(there())[0]).toMatchObject({
      done: false,
      found: expect.stringContaining("the image itself never left this engine"),
    });
  });

  it("counts a pull of every tag of the repository (docker pull --all-tags)", () => {
    const judge = new TaskJudge(pulled, [], 0);
    judge.judge(there());
    judge.observe(image("untag", "sha256:10"));
    judge.observe(image("delete", "sha256:10"));
    judge.observe(image("pull", "localhost:5000/churn-api"));
    expect(done(judge, there())).toEqual({ pull: true });
    const latest = new TaskJudge(
      [{ id: "pull", checks: [check({ kind: "image", reference: "localhost:5000/other:1.0", pulled: true })] }],
      [],
      0,
    );
    latest.observe(image("delete", "sha256:1"));
    latest.observe(image("pull", "localhost:5000/other:latest"));
    const images = state({
      images: ["localhost:5000/other:1.0"],
      imageIds: { "localhost:5000/other:1.0": "sha256:1" },
    });
    expect(done(latest, images)).toEqual({ pull: false });
  });

  const labels = {
    "com.docker.compose.project": "stack",
    "com.docker.compose.container-number": "1",
    "com.docker.compose.service": "api",
  };
  const api = (id = "api1", facts: Partial<ContainerFacts> = {}) =>
    container({ name: "stack-api-1", id, labels, ...facts });
  const container1 = (Action: string, ID = "api1", Attributes: Record<string, string> = {}) => ({
    Type: "container",
    Action,
    Actor: { ID, Attributes },
  });
  /** An exec as the engine reports it: its start names the command, its die the exit code. */
  const exec = (judge: TaskJudge, command: string, exitCode: number, ID = "api1") => {
    const execID = `exec-${command}-${exitCode}`;
    judge.observe(container1(`exec_create: ${command}`, ID, { execID }));
    judge.observe(container1(`exec_start: ${command}`, ID, { execID }));
    judge.observe(container1("exec_die", ID, { execID, exitCode: String(exitCode) }));
  };

  it("passes a service whose running container ran a command through exec, not its health check's probes", () => {
    const tasks: JudgedTask[] = [
      { id: "exec", checks: [check({ kind: "compose-service", project: "stack", service: "api", exec: true })] },
    ];
    const judge = new TaskJudge(tasks, [], 0);
    const healthy = api("api1", { healthcheck: "redis-cli ping" });
    judge.observe(container1("start"));
    exec(judge, "redis-cli ping", 0);
    const [probesOnly] = judge.judge(state({ containers: [healthy] }));
    expect(probesOnly).toMatchObject({
      done: false,
      found: expect.stringContaining("the health check's own probes run through exec, and do not count"),
    });
    expect(probesOnly!.hint).toContain("docker compose exec api <command>");
    expect(probesOnly!.hint).toContain("docker compose run would start a new container");
    judge.observe(container1("exec_create: getent hosts cache"));
    expect(done(judge, state({ containers: [healthy] }))).toEqual({ exec: false });
    // A misspelt host name: the exec ran and failed (exit 2), which is not the task done.
    exec(judge, "getent hosts cahce", 2);
    expect(done(judge, state({ containers: [healthy] }))).toEqual({ exec: false });
    exec(judge, "getent hosts cache", 0);
    expect(done(judge, state({ containers: [healthy] }))).toEqual({ exec: true });
  });

  it("asks for the exec the goal names when it names one: any other command that worked is not it", () => {
    const tasks: JudgedTask[] = [
      {
        id: "exec",
        checks: [
          check({
            kind: "compose-service",
            project: "stack",
            service: "api",
            exec: true,
            execCommand: ["getent hosts cache"],
          }),
        ],
      },
    ];
    const judge = new TaskJudge(tasks, [], 0);
    judge.observe(container1("start"));
    exec(judge, "hostname", 0);
    expect(judge.judge(state({ containers: [api()] }))[0]).toMatchObject({
      done: false,
      hint: expect.stringContaining("docker compose exec api getent hosts cache"),
    });
    exec(judge, "getent hosts cache", 0);
    expect(done(judge, state({ containers: [api()] }))).toEqual({ exec: true });
  });

  it("forgets what ran through exec in a container's earlier run, and in another container", () => {
    const tasks: JudgedTask[] = [
      { id: "exec", checks: [check({ kind: "compose-service", project: "stack", service: "api", exec: true })] },
    ];
    const judge = new TaskJudge(tasks, [], 0);
    exec(judge, "hostname", 0);
    expect(done(judge, state({ containers: [api()] }))).toEqual({ exec: true });
    const again = new TaskJudge(tasks, [], 0);
    exec(again, "hostname", 0);
    again.observe(container1("die"));
    again.observe(container1("start"));
    expect(done(again, state({ containers: [api()] }))).toEqual({ exec: false });
    exec(again, "hostname", 0, "api2");
    expect(done(again, state({ containers: [api()] }))).toEqual({ exec: false });
  });

  it("passes a service restarted in place, by restart or by stop and start, not one made anew", () => {
    const tasks: JudgedTask[] = [
      {
        id: "restart",
        checks: [check({ kind: "compose-service", project: "stack", service: "api", restarted: true })],
      },
    ];
    const judge = new TaskJudge(tasks, [], 0);
    judge.observe(container1("create"));
    judge.observe(container1("start"));
    const [once] = judge.judge(state({ containers: [api()] }));
    expect(once).toMatchObject({ done: false, found: expect.stringContaining("stack-api-1 has not been restarted") });
    expect(once!.hint).toContain("docker compose restart api");
    // docker compose up -d --force-recreate: a new container, which has run once.
    judge.observe(container1("destroy"));
    judge.observe(container1("create", "api2"));
    judge.observe(container1("start", "api2"));
    expect(done(judge, state({ containers: [api("api2")] }))).toEqual({ restart: false });
    // docker compose stop, then start: the same container again.
    const stopStart = judge.fork("restart");
    stopStart.observe(container1("die", "api2"));
    stopStart.observe(container1("stop", "api2"));
    stopStart.observe(container1("start", "api2"));
    expect(done(stopStart, state({ containers: [api("api2")] }))).toEqual({ restart: true });
    // docker compose restart.
    judge.observe(container1("die", "api2"));
    judge.observe(container1("start", "api2"));
    judge.observe(container1("restart", "api2"));
    expect(done(judge, state({ containers: [api("api2")] }))).toEqual({ restart: true });
  });
});

describe("TaskJudge: how a container ended, what it ran, how an image was made", () => {
  const event = (Type: string, Action: string, ID: string, Attributes: Record<string, string> = {}) => ({
    Type,
    Action,
    Actor: { ID, Attributes },
  });
  const run = (judge: TaskJudge, id: string, signals: number[], exitCode: number) => {
    judge.observe(event("container", "start", id));
    for (const signal of signals) judge.observe(event("container", "kill", id, { signal: String(signal) }));
    judge.observe(event("container", "die", id, { exitCode: String(exitCode) }));
  };
  const stopTask: JudgedTask[] = [
    {
      id: "stop",
      checks: [
        check({
          kind: "container",
          name: "model",
          image: "model-server:1.0",
          state: "exited",
          exitCode: 0,
          endedBy: "stop",
        }),
      ],
    },
  ];
  const exitedModel = (exitCode: number, facts: Partial<ContainerFacts> = {}) =>
    state({ containers: [{ ...stopped("model"), exitCode, ...facts }] });

  it("does not count a container created and never started as exited with code 0", () => {
    const judge = new TaskJudge(stopTask, [], 0);
    const [status] = judge.judge(exitedModel(0, { status: "created", startedAt: undefined }));
    expect(status).toMatchObject({ done: false, found: expect.stringContaining("created but never started") });
  });

  it("passes a stop by SIGTERM, not a program that ended by itself or a kill", () => {
    const byItself = new TaskJudge(stopTask, [], 0);
    run(byItself, "id-model", [], 0);
    expect(byItself.judge(exitedModel(0))[0]).toMatchObject({
      done: false,
      found: expect.stringContaining("ended by itself"),
      hint: expect.stringContaining("docker stop model"),
    });
    const killed = new TaskJudge(stopTask, [], 0);
    run(killed, "id-model", [15, 9], 0);
    expect(done(killed, exitedModel(0))).toEqual({ stop: false });
    // A kill is SIGKILL alone: a docker stop past its grace period (SIGTERM, then SIGKILL) is not one either.
    const killTask: JudgedTask[] = [
      { id: "kill", checks: [check({ kind: "container", name: "model", state: "exited", endedBy: "kill" })] },
    ];
    const stopPastGrace = new TaskJudge(killTask, [], 0);
    run(stopPastGrace, "id-model", [15, 9], 137);
    expect(stopPastGrace.judge(exitedModel(137))[0]).toMatchObject({
      done: false,
      found: expect.stringContaining("then SIGKILL when it did not stop in time"),
    });
    const killedOutright = new TaskJudge(killTask, [], 0);
    run(killedOutright, "id-model", [9], 137);
    expect(done(killedOutright, exitedModel(137))).toEqual({ kill: true });
    const stoppedPolitely = new TaskJudge(stopTask, [], 0);
    run(stoppedPolitely, "id-model", [15], 0);
    expect(done(stoppedPolitely, exitedModel(0))).toEqual({ stop: true });
  });

  it("counts nothing the seal of a kept lab stopped, and keeps what was done before", () => {
    const tasks: JudgedTask[] = [
      { id: "build", checks: [check({ kind: "image", reference: "model-server:1.0" })] },
      { id: "kill", checks: [check({ kind: "container", name: "debug", state: "exited", exitCode: 137 })] },
    ];
    const judge = new TaskJudge(tasks, ["build"], 0, true);
    const sealed = state({
      images: ["model-server:1.0"],
      containers: [{ ...stopped("debug"), exitCode: 137 }],
    });
    const [build, kill] = judge.judge(sealed);
    expect(build).toMatchObject({ done: true });
    expect(kill).toMatchObject({ done: false, found: expect.stringContaining("stopped when your lab was kept") });
    // What the learner does next counts: started again and killed.
    run(judge, "id-debug", [9], 137);
    expect(done(judge, sealed)).toEqual({ build: true, kill: true });
  });

  it("reads how an exited container was started: attached to the terminal is not the background asked for", () => {
    const tasks: JudgedTask[] = [
      {
        id: "crash",
        checks: [check({ kind: "container", name: "scorer", state: "exited", exitCode: 1, detached: true })],
      },
    ];
    const attached = new TaskJudge(tasks, [], 0);
    attached.observe(event("container", "attach", "id-scorer"));
    run(attached, "id-scorer", [], 1);
    expect(attached.judge(state({ containers: [{ ...stopped("scorer"), exitCode: 1 }] }))[0]).toMatchObject({
      done: false,
      found: expect.stringContaining("attached to the terminal"),
    });
    const detached = new TaskJudge(tasks, [], 0);
    run(detached, "id-scorer", [], 1);
    expect(done(detached, state({ containers: [{ ...stopped("scorer"), exitCode: 1 }] }))).toEqual({ crash: true });
  });

  it("asks for the command the goal names, as whole words", () => {
    const tasks: JudgedTask[] = [
      {
        id: "train",
        checks: [check({ kind: "container", name: "trainer", state: "exited", exitCode: 0, command: ["train.py"] })],
      },
    ];
    const judge = new TaskJudge(tasks, [], 0);
    run(judge, "id-trainer", [], 0);
    const echo = "sh -c echo {} > /models/model.json";
    expect(judge.judge(state({ containers: [{ ...stopped("trainer"), commandLine: echo }] }))[0]).toMatchObject({
      done: false,
      found: expect.stringContaining("which is not `train.py`"),
    });
    const retrain = "python retrain.py";
    expect(done(judge, state({ containers: [{ ...stopped("trainer"), commandLine: retrain }] }))).toEqual({
      train: false,
    });
    const right = "python /app/train.py --epochs 3";
    expect(done(judge, state({ containers: [{ ...stopped("trainer"), commandLine: right }] }))).toEqual({
      train: true,
    });
  });

  it("waits for a running container to stay up RUNNING_SETTLE_MS: one crashing two seconds in is not running", () => {
    const tasks: JudgedTask[] = [{ id: "up", checks: [check({ kind: "container", name: "model" })] }];
    const judge = new TaskJudge(tasks);
    const up = state({ containers: [container({ name: "model", startedAt: 10_000 })] });
    expect(judge.judge(up, 10_100)[0]!.done).toBe(false);
    expect(judge.recheckInMs(10_100)).toBe(RUNNING_SETTLE_MS - 100);
    // Two seconds in it crashed: not done, and the hold starts again when it is up again.
    expect(judge.judge(state({ containers: [{ ...stopped("model"), exitCode: 1 }] }), 12_000)[0]!.done).toBe(false);
    const again = state({ containers: [container({ name: "model", startedAt: 13_000 })] });
    expect(judge.judge(again, 13_100)[0]!.done).toBe(false);
    expect(judge.judge(again, 13_000 + RUNNING_SETTLE_MS)[0]!.done).toBe(true);
  });

  const reference = "model-server:1.0";
  const builtTask: JudgedTask[] = [
    { id: "build", checks: [check({ kind: "image", reference, built: true, history: ["COPY server.py"] })] },
  ];
  const withImage = (id: string, steps: LabState["imageHistory"][string]) =>
    state({ images: [reference], imageIds: { [reference]: id }, imageHistory: { [reference]: steps } });
  const base = [{ createdBy: "sh -eu /tmp/install-debs.sh python3", buildkit: false, size: 0 }];
  const build = [{ createdBy: "COPY server.py /app/server.py", buildkit: true, size: 0 }, ...base];

  it("passes an image built in the lab from its Dockerfile, not a tag of an image it had, an import or a load", () => {
    const tagged = new TaskJudge(builtTask, [], 0);
    tagged.judge(state({ images: ["python:3.11-slim"], imageIds: { "python:3.11-slim": "sha256:py" } }));
    expect(tagged.judge(withImage("sha256:py", base))[0]).toMatchObject({
      done: false,
      found: expect.stringContaining("was not made by a build"),
    });
    const imported = new TaskJudge(builtTask, [], 0);
    imported.judge(EMPTY);
    imported.observe(event("image", "import", "sha256:imp"));
    expect(imported.judge(withImage("sha256:imp", build))[0]).toMatchObject({
      done: false,
      found: expect.stringContaining("docker load or docker image import"),
    });
    const otherDockerfile = new TaskJudge(builtTask, [], 0);
    otherDockerfile.judge(EMPTY);
    const other = [{ createdBy: "RUN true", buildkit: true, size: 0 }, ...base];
    expect(otherDockerfile.judge(withImage("sha256:new", other))[0]).toMatchObject({
      done: false,
      found: expect.stringContaining("not from the task's Dockerfile"),
    });
    const built = new TaskJudge(builtTask, [], 0);
    built.judge(EMPTY);
    expect(done(built, withImage("sha256:new", build))).toEqual({ build: true });
    // A lab resumed from kept work had the image at its first state: built in an earlier session, not now.
    const resumed = new TaskJudge(builtTask, [], 0, true);
    expect(done(resumed, withImage("sha256:new", build))).toEqual({ build: false });
  });

  it("reads labels from the build's LABEL steps: docker build --label is not the build argument", () => {
    const tasks: JudgedTask[] = [
      {
        id: "label",
        checks: [check({ kind: "image", reference, labels: { "org.opencontainers.image.version": "1.0" } })],
      },
    ];
    const labelled = (steps: LabState["imageHistory"][string]) =>
      state({
        images: [reference],
        imageIds: { [reference]: "sha256:l" },
        imageLabels: { "sha256:l": { "org.opencontainers.image.version": "1.0" } },
        imageHistory: { [reference]: steps },
      });
    const byHand = new TaskJudge(tasks, [], 0);
    const dev = [{ createdBy: "LABEL org.opencontainers.image.version=dev", buildkit: true, size: 0 }];
    expect(byHand.judge(labelled(dev))[0]).toMatchObject({
      done: false,
      found: expect.stringContaining("docker build --label"),
    });
    const byArg = new TaskJudge(tasks, [], 0);
    const arg = [{ createdBy: "LABEL org.opencontainers.image.version=1.0", buildkit: true, size: 0 }];
    expect(done(byArg, labelled(arg))).toEqual({ label: true });
  });

  const compose = (service: string, id: string, facts: Partial<ContainerFacts> = {}) =>
    container({
      name: `stack-${service}-1`,
      id,
      ...facts,
      labels: {
        "com.docker.compose.project": "stack",
        "com.docker.compose.container-number": "1",
        "com.docker.compose.service": service,
        ...facts.labels,
      },
    });

  it("reads depends_on from what Compose wrote from compose.yaml, not from what happens to run", () => {
    const tasks: JudgedTask[] = [
      {
        id: "gate",
        checks: [
          check({ kind: "compose-service", project: "stack", service: "api", dependsOn: { cache: "service_healthy" } }),
        ],
      },
    ];
    const judge = new TaskJudge(tasks, [], 0);
    const started = compose("api", "a1", {
      labels: { "com.docker.compose.depends_on": "cache:service_started:false" },
    });
    expect(judge.judge(state({ containers: [started] }))[0]).toMatchObject({
      done: false,
      found: expect.stringContaining("with condition service_started, not service_healthy"),
    });
    const none = compose("api", "a1");
    expect(done(judge, state({ containers: [none] }))).toEqual({ gate: false });
    const gated = compose("api", "a1", { labels: { "com.docker.compose.depends_on": "cache:service_healthy:false" } });
    expect(done(judge, state({ containers: [gated] }))).toEqual({ gate: true });
  });

  it("counts a service made anew after down, not one restarted in place", () => {
    const tasks: JudgedTask[] = [
      {
        id: "again",
        checks: [check({ kind: "compose-service", project: "stack", service: "cache", recreated: true })],
      },
    ];
    const labels = {
      "com.docker.compose.project": "stack",
      "com.docker.compose.container-number": "1",
      "com.docker.compose.service": "cache",
    };
    const restarted = new TaskJudge(tasks, [], 0);
    restarted.observe(event("container", "create", "c1", labels));
    restarted.observe(event("container", "restart", "c1", labels));
    expect(done(restarted, state({ containers: [compose("cache", "c1")] }))).toEqual({ again: false });
    const recreated = new TaskJudge(tasks, [], 0);
    recreated.observe(event("container", "create", "c1", labels));
    recreated.observe(event("container", "destroy", "c1", labels));
    recreated.observe(event("container", "create", "c2", labels));
    expect(done(recreated, state({ containers: [compose("cache", "c2")] }))).toEqual({ again: true });
    // Made anew, then restarted: what it holds outlived the restart, not the removal.
    const thenRestarted = new TaskJudge(tasks, [], 0);
    for (const [Action, id] of [
      ["create", "c1"],
      ["destroy", "c1"],
      ["create", "c2"],
      ["restart", "c2"],
    ] as const)
      thenRestarted.observe(event("container", Action, id, labels));
    expect(thenRestarted.judge(state({ containers: [compose("cache", "c2")] }))[0]).toMatchObject({
      done: false,
      found: expect.stringContaining("was restarted after it was made"),
    });
  });

  it("refuses a published port where the task asks for none", () => {
    const tasks: JudgedTask[] = [
      { id: "internal", checks: [check({ kind: "container", name: "features", publishesNothing: true })] },
    ];
    const judge = new TaskJudge(tasks, [], 0);
    const published = container({ name: "features", publishes: [{ port: 8000, hostIp: "", hostPort: 8000 }] });
    expect(judge.judge(state({ containers: [published] }))[0]).toMatchObject({
      done: false,
      found: expect.stringContaining("the task asks for no published port"),
    });
    expect(done(judge, state({ containers: [container({ name: "features" })] }))).toEqual({ internal: true });
  });
});
