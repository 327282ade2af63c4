import { describe, expect, it } from "vitest";
import type { WarmUpState } from "../../lib/platform/warm-up";
import { progressOf, reasonOf, startWarmUp, type WarmUpSteps } from "./warm-up";

/** The hooks, keeping what the warm-up recorded and said. */
function watched() {
  const records: { part: string; state: WarmUpState; detail: string | null; begins?: boolean }[] = [];
  const said: string[] = [];
  return {
    records,
    said,
    hooks: {
      record: (part: string, state: WarmUpState, detail: string | null, begins?: boolean) =>
        records.push({ part, state, detail, ...(begins ? { begins } : {}) }),
      say: (line: string) => said.push(line),
    },
    last: (part: string) => records.filter((r) => r.part === part).at(-1),
  };
}

const labHostRuns = (outcome: Promise<void> = Promise.resolve()): WarmUpSteps["labHost"] => ({ run: () => outcome });

describe("the warm-up behind the web server", () => {
  it("records both parts warming before anything runs, then each one's progress and end", async () => {
    const w = watched();
    let finishSeeding!: () => void;
    const steps: WarmUpSteps = {
      seedImages: (log) => {
        log("seeding python:3.11-slim (missing)");
        log("seed-base-images: python:3.11-slim: docker commit (Python 3.11.2)");
        return new Promise((resolve) => (finishSeeding = resolve));
      },
      labHost: labHostRuns(),
      labsRequired: false,
    };
    const done = startWarmUp(steps, w.hooks, new AbortController().signal);
    expect(w.records.slice(0, 2)).toEqual([
      { part: "baseImages", state: "warming", detail: expect.any(String), begins: true },
      { part: "labHost", state: "warming", detail: expect.any(String), begins: true },
    ]);
    await new Promise((r) => setImmediate(r));
    expect(w.last("baseImages")).toEqual({
      part: "baseImages",
      state: "warming",
      detail: "python:3.11-slim: docker commit (Python 3.11.2)",
    });
    // The seeding's lines reach the log as they come.
    expect(w.said).toContain("seeding python:3.11-slim (missing)");
    await new Promise((r) => setImmediate(r));
    expect(w.last("labHost")).toEqual({ part: "labHost", state: "ready", detail: null });
    finishSeeding();
    expect(await done).toEqual({ imagesReady: true, fatal: undefined });
    expect(w.last("baseImages")).toEqual({ part: "baseImages", state: "ready", detail: null });
  });

  it("on a failed seeding says which step and why, that pages still serve, and that npm start resumes", async () => {
    const w = watched();
    const failure = new Error(
      "Seeding base images failed: seed-base-images.sh exited with code 1:\n" +
        "seed-base-images: pgvector-debootstrap failed; last lines of pgvector-debootstrap.log:\n" +
        "E: Couldn't download http://deb.debian.org/debian/pool/main/p/perl/perl_5.36.deb\n" +
        "seed-base-images: error: pgvector-debootstrap failed on every try: E: Couldn't download perl_5.36.deb. " +
        "Running npm start (or npm test) again resumes from there.\n" +
        "seed-base-images: the pgvector lane(s) stopped on the error(s) above",
    );
    const outcome = await startWarmUp(
      { seedImages: () => Promise.reject(failure), labHost: { off: "RUNNER_LABS=off" }, labsRequired: false },
      w.hooks,
      new AbortController().signal,
    );
    expect(outcome).toEqual({ imagesReady: false, fatal: undefined });
    const why = "pgvector-debootstrap failed on every try: E: Couldn't download perl_5.36.deb.";
    expect(w.last("baseImages")?.state).toBe("failed");
    // The step's own message already says how to resume: said once.
    expect(w.last("baseImages")?.detail).toBe(`${why} Running npm start (or npm test) again resumes from there.`);
    expect(w.said.join("\n")).toContain(`preparing the base images failed: ${why}`);
    expect(w.said.join("\n")).toContain("pages still serve and submissions are queued");
    expect(w.last("labHost")).toEqual({ part: "labHost", state: "off", detail: "RUNNER_LABS=off", begins: true });
  });

  it("leaves the platform up without labs when the lab host fails, unless labs are required", async () => {
    const failed = () => Promise.reject(new Error("[ensure-lab-host] error: could not install rootlesskit"));
    const w = watched();
    const outcome = await startWarmUp(
      { seedImages: async () => {}, labHost: { run: failed }, labsRequired: false },
      w.hooks,
      new AbortController().signal,
    );
    expect(outcome).toEqual({ imagesReady: true, fatal: undefined });
    expect(w.last("labHost")).toEqual({
      part: "labHost",
      state: "failed",
      detail: "could not install rootlesskit; run npm start again to resume (what is done is kept)",
    });
    expect(w.said.join("\n")).toContain("labs are off: could not install rootlesskit");

    const required = await startWarmUp(
      { seedImages: async () => {}, labHost: { run: failed }, labsRequired: true },
      watched().hooks,
      new AbortController().signal,
    );
    expect(required.fatal).toBe(
      "RUNNER_LABS=on, but this machine cannot be made a lab host: could not install rootlesskit",
    );
  });

  it("begins the work only once the pages answer, so the web server starts alone", async () => {
    const w = watched();
    let seeding = false;
    let pagesAnswer!: () => void;
    const pagesUp = new Promise<void>((resolve) => (pagesAnswer = resolve));
    const done = startWarmUp(
      {
        seedImages: async () => {
          seeding = true;
        },
        labHost: labHostRuns(),
        labsRequired: false,
      },
      w.hooks,
      new AbortController().signal,
      pagesUp,
    );
    await new Promise((r) => setImmediate(r));
    expect(seeding).toBe(false);
    expect(w.records.map((r) => r.state)).toEqual(["warming", "warming"]);
    pagesAnswer();
    expect(await done).toEqual({ imagesReady: true, fatal: undefined });
    expect(seeding).toBe(true);
  });

  it("ends at once when the platform stops before the pages answered", async () => {
    const stop = new AbortController();
    const done = startWarmUp(
      { seedImages: () => Promise.reject(new Error("not to run")), labHost: labHostRuns(), labsRequired: false },
      watched().hooks,
      stop.signal,
      new Promise(() => {}),
    );
    stop.abort();
    expect(await done).toEqual({ imagesReady: false });
  });

  it("records no failure for a warm-up stopped because the platform stops", async () => {
    const stop = new AbortController();
    const w = watched();
    const stopped = (_log: unknown, signal: AbortSignal) =>
      new Promise<void>((_resolve, reject) => signal.addEventListener("abort", () => reject(new Error("killed"))));
    const done = startWarmUp(
      { seedImages: stopped, labHost: { run: (signal) => stopped(undefined, signal) }, labsRequired: true },
      w.hooks,
      stop.signal,
    );
    stop.abort();
    expect(await done).toEqual({ imagesReady: false, fatal: undefined });
    expect(w.records.map((r) => r.state)).toEqual(["warming", "warming"]);
    expect(w.said).toEqual([]);
  });
});

describe("reading the seeding's output", () => {
  it("takes a progress line without the script's prefix", () => {
    expect(progressOf("seed-base-images: dockyard/redis:7.0.15-bookworm: docker commit (redis 7.0.15)")).toBe(
      "dockyard/redis:7.0.15-bookworm: docker commit (redis 7.0.15)",
    );
  });

  it("finds the reason in a failure's last error line, else its last line, and keeps it short", () => {
    expect(reasonOf(new Error("step one\nseed-base-images: error: no Docker engine answers\ntrailing note"))).toBe(
      "no Docker engine answers",
    );
    expect(reasonOf(new Error("first\n  the last line  \n"))).toBe("the last line");
    expect(reasonOf("x".repeat(2_000)).length).toBe(600);
  });
});
