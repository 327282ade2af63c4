import { describe, expect, it } from "vitest";
import { BuildProgress, dockerfileLineOfError, parseStepName } from "./buildkit-progress";

/** What `docker buildx build --progress rawjson` prints: pretty-printed status objects, then plain text. */
function status(obj: unknown): string {
  return `${JSON.stringify(obj, null, 2)}\n`;
}
const b64 = (text: string) => Buffer.from(text).toString("base64");
const T0 = "2026-11-23T08:00:00.000Z";
const at = (ms: number) => new Date(Date.parse(T0) + ms).toISOString();

describe("BuildProgress", () => {
  it("folds BuildKit's status stream into step records and a plain-style log", () => {
    let log = "";
    const progress = new BuildProgress((t) => (log += t));
    const stream =
      status({
        vertexes: [{ digest: "sha256:a", name: "[builder 2/3] RUN pip install -r requirements.txt", started: T0 }],
      }) +
      status({
        logs: [{ vertex: "sha256:a", stream: 1, data: b64("Collecting numpy\nInstalled\n"), timestamp: at(1500) }],
      }) +
      status({
        vertexes: [
          {
            digest: "sha256:a",
            name: "[builder 2/3] RUN pip install -r requirements.txt",
            started: T0,
            completed: at(2300),
          },
        ],
      }) +
      status({
        vertexes: [{ digest: "sha256:b", name: "[3/3] COPY app/ ./app/", cached: true, started: T0, completed: T0 }],
      }) +
      status({
        vertexes: [
          {
            digest: "sha256:c",
            name: "[builder 3/3] RUN false",
            started: T0,
            completed: at(100),
            error: 'process "/bin/sh -c false" did not complete successfully: exit code: 1',
          },
        ],
      }) +
      ("------\nDockerfile:7\n--------------------\n   7 | >>> RUN false\nERROR: " +
        'failed to solve: process "/bin/sh -c false" did not complete ' +
        "successfully: exit code: 1\n");
    // Split at awkward places, as pipes deliver it.
    for (let i = 0; i < stream.length; i += 37) progress.push(stream.slice(i, i + 37));
    progress.end();

    expect(progress.steps()).toMatchObject([
      {
        number: 1,
        stage: "builder",
        index: 2,
        total: 3,
        instruction: "RUN pip install -r requirements.txt",
        cached: false,
        durationMs: 2300,
      },
      { number: 2, stage: "", index: 3, cached: true },
      { number: 3, error: expect.stringContaining("exit code: 1") },
    ]);
    expect(log).toContain(
      "#1 [builder 2/3] RUN pip install -r requirements.txt\n#1 1.500 " +
        "Collecting numpy\n#1 1.500 Installed\n#1 DONE 2.3s\n",
    );
    expect(log).toContain("#2 [3/3] COPY app/ ./app/\n#2 CACHED\n");
    expect(log).toContain('#3 ERROR: process "/bin/sh -c false" did not complete successfully: exit code: 1\n');
    expect(progress.trailer()).toContain("Dockerfile:7");
    expect(dockerfileLineOfError(progress.trailer())).toBe(7);
  });

  it("keeps text that is not a status object instead of losing it", () => {
    let log = "";
    const progress = new BuildProgress((t) => (log += t));
    progress.push(
      "{\nnot json\n}\nERROR: failed to solve: dockerfile parse error on line 2: unknown instruction: RUNN\n",
    );
    progress.end();
    expect(progress.steps()).toEqual([]);
    expect(log).toContain("not json");
    expect(progress.trailer()).toContain("unknown instruction: RUNN");
  });
});

describe("parseStepName", () => {
  it("reads BuildKit's stage, index and count, and leaves its internal steps alone", () => {
    expect(parseStepName("[stage-1 4/5] RUN <<EOF (echo hi...)")).toEqual({
      stage: "stage-1",
      index: 4,
      total: 5,
      instruction: "RUN <<EOF (echo hi...)",
    });
    expect(parseStepName("[internal] load build context")).toEqual({});
  });
});
