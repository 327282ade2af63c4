import { describe, expect, it } from "vitest";
import { splitLog } from "./split-log";

// The shape BuildProgress renders (sandbox-runner/docker/buildkit-progress.ts), with the cache phase's rebuild
// numbering its steps from #1 again and another phase's kept output arriving in the middle of it.
const LOG = [
  "",
  "#1 [internal] load remote build context",
  "#1 DONE 0.0s",
  "",
  "#4 [1/3] FROM docker.io/library/python:3.11-slim",
  "#4 DONE 0.0s",
  "",
  "#5 [2/3] COPY . .",
  "#5 CACHED",
  "",
  "#6 [3/3] RUN pip install -r requirements.txt",
  "#6 1.153 Looking in indexes: http://pypi-mirror:3141/simple/",
  "#6 5.527 Successfully installed numpy-1.24.2",
  "#6 DONE 5.7s",
  "cache: rebuilding with a comment line added to app/main.py",
  "",
  "#1 [internal] load remote build context",
  "#1 DONE 0.0s",
  "",
  "#6 [3/3] RUN pip install -r requirements.txt",
  "#6 2.494 Looking in indexes: http://pypi-mirror:3141/simple/",
  "",
  "---- inspect phase output ----",
  "inspected 9 layers",
  "#6 3.100 Collecting fastapi==0.92.0",
].join("\n");

describe("splitLog", () => {
  const sections = splitLog(`${LOG}\n`);

  it("makes one section per step and per stretch of runner text, in log order", () => {
    expect(sections.map((s) => [s.kind, s.title])).toEqual([
      ["step", "#1 [internal] load remote build context"],
      ["step", "#4 [1/3] FROM docker.io/library/python:3.11-slim"],
      ["step", "#5 [2/3] COPY . ."],
      ["step", "#6 [3/3] RUN pip install -r requirements.txt"],
      ["text", "cache: rebuilding with a comment line added to app/main.py"],
      ["step", "#1 [internal] load remote build context"],
      ["step", "#6 [3/3] RUN pip install -r requirements.txt"],
      ["text", "---- inspect phase output ----"],
    ]);
  });

  it("reads each step's end: done with its time, cached, or still running", () => {
    expect(sections.map((s) => s.state)).toEqual(["done", "done", "cached", "done", "text", "done", "running", "text"]);
    expect(sections[3]!.duration).toBe("5.7s");
  });

  it("keeps a rebuild's output with the rebuild's step, even after another phase's output", () => {
    expect(sections[3]!.lines).toHaveLength(3);
    expect(sections[6]!.lines).toEqual([
      "#6 2.494 Looking in indexes: http://pypi-mirror:3141/simple/",
      "#6 3.100 Collecting fastapi==0.92.0",
    ]);
    expect(sections[7]!.lines).toEqual(["inspected 9 layers"]);
  });

  it("loses no line of the log", () => {
    const kept = sections.flatMap((s) => [s.title, ...s.lines]).sort();
    expect(kept).toEqual(
      LOG.split("\n")
        .filter((l) => l !== "")
        .sort(),
    );
  });

  it("marks a failed step and the CLI's error summary as errors", () => {
    const failed = splitLog(
      "\n#5 [2/2] RUN exit 3\n#5 0.2 about to fail\n#5 ERROR: process did not complete successfully: exit code: 3\n" +
        "ERROR: failed to solve: exit code: 3\n",
    );
    expect(failed.map((s) => [s.kind, s.state])).toEqual([
      ["step", "error"],
      ["text", "error"],
    ]);
  });

  it("starts a section at a step whose first lines were cut off", () => {
    expect(splitLog("#9 12.0 still installing\n#9 DONE 13.0s\n")).toMatchObject([
      { kind: "step", title: "#9 12.0 still installing", lines: ["#9 DONE 13.0s"], state: "done" },
    ]);
  });

  it("has nothing to show for an empty log", () => {
    expect(splitLog("")).toEqual([]);
  });
});
