import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { liveAuthoringEvents } from "./content-events";

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("liveAuthoringEvents", () => {
  it("does not exist outside the development server", () => {
    vi.stubEnv("NODE_ENV", "production");
    expect(() => liveAuthoringEvents(new AbortController().signal)).toThrow(
      expect.objectContaining({ code: "NOT_FOUND" }),
    );
  });

  it("starts with the current problems, located, with paths relative to the working directory", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "dockyard-events-"));
    mkdirSync(path.join(root, "modules", "01-basics"), { recursive: true });
    writeFileSync(path.join(root, "modules", "01-basics", "module.yaml"), "title: Basics\nsummary: short\norder: 1\n");
    vi.stubEnv("NODE_ENV", "development");
    vi.stubEnv("CONTENT_DIR", root);

    const abort = new AbortController();
    const reader = liveAuthoringEvents(abort.signal).getReader();
    let text = "";
    while (!text.includes("event: problems")) text += new TextDecoder().decode((await reader.read()).value);
    abort.abort();

    const data = JSON.parse(/event: problems\ndata: (.*)\n/.exec(text)![1]!);
    expect(data.problems).toEqual([
      {
        file: path.relative(process.cwd(), path.join(root, "modules", "01-basics", "module.yaml")),
        line: 2,
        column: 1,
        message: "summary: Too small: expected string to have >=10 characters",
      },
    ]);
  }, 30_000);
});
