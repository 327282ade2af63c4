import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseSync } from "oxc-parser";
import { describe, expect, it } from "vitest";

/**
 * No line of code is wider than 120 columns. Biome's formatter wraps code but leaves a long string or comment
 * alone, so this is checked here. Exempt: lines inside a template literal that spans lines, which is a file
 * embedded verbatim (a Dockerfile, a Python script, SQL) whose text is the point.
 */
const ROOT = path.resolve(import.meta.dirname, "..");
const MAX = 120;

function embeddedLines(file: string, text: string): Set<number> {
  const exempt = new Set<number>();
  const lineAt = (offset: number) => text.slice(0, offset).split("\n").length;
  const visit = (node: unknown): void => {
    if (!node || typeof node !== "object") return;
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    const n = node as { type?: string; start?: number; end?: number };
    if (n.type === "TemplateLiteral" && n.start !== undefined && n.end !== undefined) {
      const first = lineAt(n.start);
      const last = lineAt(n.end);
      for (let line = first; line <= last && last > first; line++) exempt.add(line);
    }
    for (const value of Object.values(n)) if (value && typeof value === "object") visit(value);
  };
  visit(parseSync(file, text).program);
  return exempt;
}

describe("line length", () => {
  it(`keeps every line of code within ${MAX} columns`, () => {
    const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "*.ts", "*.tsx"], {
      cwd: ROOT,
      encoding: "utf8",
    })
      .split("\n")
      .filter((file) => file && !file.startsWith("lib/generated/") && existsSync(path.join(ROOT, file)));
    const long: string[] = [];
    for (const file of files) {
      const text = readFileSync(path.join(ROOT, file), "utf8");
      const lines = text.split("\n");
      if (!lines.some((line) => line.length > MAX)) continue;
      const exempt = embeddedLines(file, text);
      lines.forEach((line, index) => {
        if (line.length > MAX && !exempt.has(index + 1)) long.push(`${file}:${index + 1} (${line.length})`);
      });
    }
    expect(long).toEqual([]);
  });
});
