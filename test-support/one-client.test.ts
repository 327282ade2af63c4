import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseSync } from "oxc-parser";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..");
const FUNCTIONS = new Set(["FunctionDeclaration", "FunctionExpression", "ArrowFunctionExpression"]);
/** The two ways to the database (docs/architecture.md, "Data access"): Prisma, or SQL on a pool. */
const CLIENTS: Record<string, "prisma" | "sql"> = { prisma: "prisma", pool: "sql", typedSql: "sql" };

/** The functions of a file that call both Prisma and SQL themselves (not in a function nested in them), by line. */
function mixedFunctions(file: string, text: string): string[] {
  const mixed: string[] = [];
  const lineAt = (offset: number) => text.slice(0, offset).split("\n").length;
  const visit = (node: unknown, used: Set<string> | undefined): void => {
    if (!node || typeof node !== "object") return;
    if (Array.isArray(node)) {
      for (const item of node) visit(item, used);
      return;
    }
    const n = node as { type?: string; start?: number; callee?: { type?: string; name?: string } };
    if (n.type && FUNCTIONS.has(n.type)) {
      const own = new Set<string>();
      for (const [key, value] of Object.entries(n)) if (key !== "type") visit(value, own);
      if (own.size > 1) mixed.push(`${file}:${lineAt(n.start ?? 0)}`);
      return;
    }
    if (n.type === "CallExpression" && n.callee?.type === "Identifier" && n.callee.name! in CLIENTS) {
      used?.add(CLIENTS[n.callee.name!]!);
    }
    for (const [key, value] of Object.entries(n))
      if (key !== "type" && value && typeof value === "object") visit(value, used);
  };
  visit(parseSync(file, text).program, undefined);
  return mixed;
}

describe("data access", () => {
  it("has every function of lib/ reach the database one way: Prisma or SQL, never both", () => {
    const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "lib"], {
      cwd: ROOT,
      encoding: "utf8",
    })
      .split("\n")
      .filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f) && !f.includes("/testing/"))
      .filter((f) => !f.startsWith("lib/generated/") && existsSync(path.join(ROOT, f)));
    expect(files.flatMap((f) => mixedFunctions(f, readFileSync(path.join(ROOT, f), "utf8")))).toEqual([]);
  });

  it("finds a function that uses both", () => {
    const text = [
      "async function page() {",
      "  const a = await prisma().user.findMany();",
      '  const b = await pool().query("SELECT 1");',
      "}",
      "function fine() { return () => pool(); }",
    ].join("\n");
    expect(mixedFunctions("x.ts", text)).toEqual(["x.ts:1"]);
  });
});
