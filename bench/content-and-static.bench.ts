import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import matter from "gray-matter";
import { bench, describe } from "vitest";
import { compileMdx } from "../lib/content/compile-mdx";
import { checkDockerfileSyntax } from "../lib/dockerfile/check-syntax";

// Keep the cache away from .data so "cold" really compiles.
process.env.DATA_DIR = mkdtempSync(path.join(tmpdir(), "dockyard-bench-"));

const lessonFile = path.resolve(
  import.meta.dirname,
  "../content/modules/01-why-containers/lessons/containers-vs-vms/lesson.mdx",
);
const lesson = matter(readFileSync(lessonFile, "utf8")).content;
let salt = 0;

describe("lesson compilation", () => {
  bench(
    "cold compile (new source every time)",
    async () => {
      await compileMdx(`${lesson}\n{/* ${salt++} */}\n`, lessonFile);
    },
    { iterations: 5 },
  );

  bench("cache hit (what production serves)", async () => {
    await compileMdx(lesson, lessonFile);
  });
});

const dockerfile = readFileSync(
  path.resolve(import.meta.dirname, "../content/exercises/first-image/solution/Dockerfile"),
  "utf8",
);

describe("Dockerfile syntax check", () => {
  bench("checkDockerfileSyntax on the first-image solution", () => {
    checkDockerfileSyntax(dockerfile);
  });
});
