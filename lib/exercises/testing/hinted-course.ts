import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

/** The fixture exercise's slug. */
export const HINTED = "hinted";

/** Its hints: the first two open by failed attempts (1, then 3), the third only on request. */
export const HINT_TEXTS = [
  "FIRST-HINT: copy requirements.txt on its own.",
  "SECOND-HINT: install before copying app/.",
  "THIRD-HINT: only for those who ask.",
] as const;

export const STARTER_DOCKERFILE = "FROM python:3.11-slim\nCOPY . .\n";
/** A line only the reference solution has, to look for in anything a learner is sent. */
export const SOLUTION_MARKER = "SOLUTION-ONLY-LINE";
export const SOLUTION_DOCKERFILE = [
  "FROM python:3.11-slim",
  `# ${SOLUTION_MARKER}`,
  "COPY requirements.txt .",
  "COPY app/ ./app/",
  "",
].join("\n");

/**
 * A course folder holding one exercise with hints, a starter and a solution, for CONTENT_DIR: the tests of hints
 * and of the reference solution must not change when the real course's texts do.
 */
export async function writeHintedCourse(): Promise<{ root: string; remove(): Promise<void> }> {
  const root = await mkdtemp(path.join(tmpdir(), "hinted-course-"));
  const dir = path.join(root, "exercises", HINTED);
  await mkdir(path.join(dir, "starter"), { recursive: true });
  await mkdir(path.join(dir, "solution"), { recursive: true });
  const yaml = [
    "title: Hinted exercise",
    "summary: An exercise with three hints, for tests.",
    "prompt: Write the Dockerfile and the notes.",
    "editable: [Dockerfile, notes.txt]",
    "checks: { run: { port: 8000 } }",
    "hints:",
    `  - text: "${HINT_TEXTS[0]}"`,
    "    afterFailures: 1",
    `  - text: "${HINT_TEXTS[1]}"`,
    "    afterFailures: 3",
    `  - text: "${HINT_TEXTS[2]}"`,
    "",
  ].join("\n");
  await writeFile(path.join(dir, "exercise.yaml"), yaml);
  await writeFile(path.join(dir, "starter", "Dockerfile"), STARTER_DOCKERFILE);
  await writeFile(path.join(dir, "starter", "notes.txt"), "starter notes\n");
  await writeFile(path.join(dir, "starter", "requirements.txt"), "fastapi==0.92.0\n");
  // The solution leaves notes.txt as the starter has it.
  await writeFile(path.join(dir, "solution", "Dockerfile"), SOLUTION_DOCKERFILE);
  return { root, remove: () => rm(root, { recursive: true, force: true }) };
}
