import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");

export interface StaffRoute {
  /** The URL with every dynamic segment filled in. */
  url: string;
  /** The file that serves it, for messages. */
  file: string;
  kind: "page" | "api";
  /** HTTP methods a route file exports; ["GET"] for pages. */
  methods: string[];
  adminOnly: boolean;
}

/**
 * Every instructor and admin page and API, read from the file system rather than listed by hand, so a route added
 * later is guarded-tested without anyone remembering to add it. `values` fills the dynamic segments: a folder
 * `[id]` under `learners` takes `values["learners/[id]"]`, and so on; a segment with no value fails loudly.
 */
export function staffRoutes(values: Record<string, string>): StaffRoute[] {
  const routes: StaffRoute[] = [];
  for (const base of ["app/instructor", "app/api/instructor", "app/api/admin"]) {
    for (const file of walk(path.join(root, base))) {
      const name = path.basename(file);
      if (name !== "page.tsx" && name !== "route.ts") continue;
      const relative = path.relative(path.join(root, "app"), path.dirname(file));
      const segments = relative.split(path.sep);
      const url = `/${segments
        .map((segment, i) => {
          if (!segment.startsWith("[")) return segment;
          const key = `${segments[i - 1]}/${segment}`;
          const value = values[key];
          if (!value) throw new Error(`no value for the dynamic segment ${key} of ${file}`);
          return encodeURIComponent(value);
        })
        .join("/")}`;
      const source = readFileSync(file, "utf8");
      const methods = name === "page.tsx" ? ["GET"] : routeMethods(source);
      routes.push({
        url,
        file: path.relative(root, file),
        kind: name === "page.tsx" ? "page" : "api",
        methods,
        adminOnly: url.startsWith("/api/admin") || /\badminPage\(|\brequireAdmin\(/.test(source),
      });
    }
  }
  return routes;
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(path.join(dir, entry.name)) : [path.join(dir, entry.name)],
  );
}

/** The HTTP methods a route file handles: each a function or a constant (`export const GET = apiRoute(...)`). */
export function routeMethods(source: string): string[] {
  return [...source.matchAll(/export\s+(?:(?:async\s+)?function|const)\s+(GET|POST|PUT|PATCH|DELETE)\b/g)].map(
    (m) => m[1]!,
  );
}
