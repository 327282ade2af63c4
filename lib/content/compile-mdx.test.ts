import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { compileMdx } from "./compile-mdx";

describe("compileMdx", () => {
  it("compiles a lesson requested twice at once (a page and its metadata) once, leaving one cache file", async () => {
    process.env.DATA_DIR = mkdtempSync(path.join(tmpdir(), "dockyard-compile-"));
    const source = `## Concurrent ${Date.now()}\n\nSame lesson, two requests.\n`;
    const [a, b] = await Promise.all([compileMdx(source, "/tmp/a.mdx"), compileMdx(source, "/tmp/a.mdx")]);
    expect(a).toBe(b);
    expect(readdirSync(path.join(process.env.DATA_DIR, "content-cache"))).toEqual([
      expect.stringMatching(/^[0-9a-f]{64}\.js$/),
    ]);
  }, 30_000);
});
