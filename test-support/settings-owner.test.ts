import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..");
/** What Node and Next.js set themselves, not settings of Dockyard's. */
const NOT_SETTINGS = new Set(["NODE_ENV", "NEXT_RUNTIME", "NEXT_PHASE"]);

/** `process.env.NAME` and `process.env["NAME"]` reads in a source text, by name. */
function envReads(text: string): string[] {
  return [...text.matchAll(/process\.env(?:\.([A-Z_][A-Z0-9_]*)|\[\s*["']([A-Z_][A-Z0-9_]*)["']\s*\])/g)]
    .map((m) => (m[1] ?? m[2])!)
    .filter((name) => !NOT_SETTINGS.has(name));
}

describe("settings", () => {
  it("are read in the web app and lib/ only through lib/config/, where each is declared", () => {
    const files = execFileSync(
      "git",
      ["ls-files", "--cached", "--others", "--exclude-standard", "app", "components", "lib"],
      {
        cwd: ROOT,
        encoding: "utf8",
      },
    )
      .split("\n")
      .filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f) && !f.includes("/testing/"))
      .filter((f) => !f.startsWith("lib/config/") && !f.startsWith("lib/generated/") && existsSync(path.join(ROOT, f)));
    const reads = files.flatMap((f) =>
      envReads(readFileSync(path.join(ROOT, f), "utf8")).map((name) => `${f}: ${name}`),
    );
    expect(reads).toEqual([]);
  });

  it("finds both spellings of a read", () => {
    expect(envReads(`const a = process.env.SMTP_URL; const b = process.env["APP_URL"]; process.env.NODE_ENV`)).toEqual([
      "SMTP_URL",
      "APP_URL",
    ]);
  });
});
