import { describe, expect, it } from "vitest";
import { exitCodeHint } from "./exit-code-hint";

const facts = (exitCode: number, tail: string[] = [], oomKilled = false) => ({
  exitCode,
  oomKilled,
  tail,
  memoryBytes: 1024 ** 3,
});

describe("exitCodeHint", () => {
  it("reads the common exit codes of a Python service", () => {
    expect(exitCodeHint(facts(1, ["Traceback (most recent call last):", "KeyError: 'x'"])).meaning).toContain(
      "uncaught exception",
    );
    expect(exitCodeHint(facts(127)).meaning).toContain("not found");
    expect(exitCodeHint(facts(126)).meaning).toContain("cannot be executed");
    expect(exitCodeHint(facts(0)).meaning).toContain("finished instead of staying up");
    expect(exitCodeHint(facts(2, ["python3: can't open file '/srv/app.py': [Errno 2]"])).meaning).toContain(
      "could not find the script",
    );
  });

  it("names the memory limit when the engine killed the container for memory", () => {
    expect(exitCodeHint(facts(137, [], true)).meaning).toContain("1024 MiB memory limit");
    expect(exitCodeHint(facts(137)).meaning).toContain("SIGKILL");
  });

  it("prefers what the log says about a read-only file system over the exit code", () => {
    expect(exitCodeHint(facts(1, ["OSError: [Errno 30] Read-only file system: '/app/x'"])).meaning).toContain(
      "read-only root file system",
    );
  });
});
