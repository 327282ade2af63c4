import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import YAML from "yaml";
import { signUp, uniqueEmail } from "./accounts";
import { launchChromium } from "./browser";
import { watchConsoleErrors } from "./console-errors";

const baseUrl = inject("baseUrl");
// The platform's embedded PostgreSQL, on the port e2e/global-setup.ts gives it.
const databaseUrl = inject("databaseUrl");
const exercisesDir = path.resolve(import.meta.dirname, "../content/exercises");
const exercises = readdirSync(exercisesDir).map((slug) => {
  const spec = YAML.parse(readFileSync(path.join(exercisesDir, slug, "exercise.yaml"), "utf8"));
  return {
    slug,
    title: spec.title as string,
    difficulty: spec.difficulty as string,
    minutes: spec.minutes as number,
    // The prompt's "- " lines, each a requirement the page lists.
    bullets: (spec.prompt as string).split("\n").filter((line) => line.startsWith("- ")).length,
  };
});

let browser: Browser;
const consoleErrors: string[] = [];

async function newPage(): Promise<Page> {
  const page = await browser.newPage({ baseURL: baseUrl });
  watchConsoleErrors(page, consoleErrors);
  return page;
}

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

describe("the exercises index", () => {
  it("is linked from the header and lists every exercise with difficulty and time, asking to sign in", async () => {
    const page = await newPage();
    await page.goto("/");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Exercises" }).click();
    await page.waitForURL("**/exercises");
    await expect.poll(() => page.locator("h1").textContent()).toBe("Exercises");
    expect(await page.getByTestId("sign-in-for-progress").isVisible()).toBe(true);
    expect(await page.getByRole("columnheader", { name: "Status" }).count()).toBe(0);
    for (const exercise of exercises) {
      const row = page.getByTestId(`exercise-row-${exercise.slug}`);
      expect(await row.getByRole("link", { name: exercise.title }).getAttribute("href")).toBe(
        `/exercises/${exercise.slug}`,
      );
      expect((await row.getByTestId("difficulty").textContent())?.toLowerCase()).toBe(exercise.difficulty);
      expect(await row.getByTestId("minutes").textContent()).toBe(`${exercise.minutes} min`);
    }
    expect(await page.locator("tbody tr").count()).toBe(exercises.length);
    await page.close();
  });

  it("is linked from the course outline of a lesson", async () => {
    const page = await newPage();
    await page.goto("/lessons/containers-vs-vms");
    await page
      .getByTestId("course-outline")
      .getByRole("link", { name: /All exercises/ })
      .click();
    await page.waitForURL("**/exercises");
    await page.close();
  });

  it("shows a new learner every exercise as not started, then a passed one with its best score", async () => {
    const page = await newPage();
    const email = uniqueEmail("Index Learner");
    await signUp(page, "Index Learner", email);

    await page.goto("/exercises");
    expect(await page.getByTestId("sign-in-for-progress").count()).toBe(0);
    const statuses = await page.getByTestId("status").allTextContents();
    expect(statuses).toEqual(exercises.map(() => "Not started"));

    // A graded submission, as the runner would have stored it, without grading one for real.
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      await db.query(
        `INSERT INTO submission (id, "userId", "exerciseSlug", files, status, result)
         SELECT 'e2e-index-' || id, id, 'first-image', '[]', 'passed', '{"score": 0.9}' FROM "user" WHERE email = $1`,
        [email],
      );
    } finally {
      await db.end();
    }
    await page.reload();
    const row = page.getByTestId("exercise-row-first-image");
    expect(await row.getByTestId("status").textContent()).toBe("Passed");
    expect(await row.getByTestId("best-score").textContent()).toBe("90%");
    expect(await page.getByTestId("exercise-row-layer-order").getByTestId("status").textContent()).toBe("Not started");
    await page.close();
  });

  it("shows an exercise prompt's bulleted lines as a list, each line an item", async () => {
    const page = await newPage();
    const listed = exercises.filter((e) => e.bullets > 0);
    expect(listed.length).toBeGreaterThan(0);
    for (const exercise of listed) {
      await page.goto(`/exercises/${exercise.slug}`);
      const prompt = page.getByTestId("exercise-prompt");
      expect(await prompt.getByRole("listitem").count(), exercise.slug).toBe(exercise.bullets);
      expect(await prompt.textContent(), exercise.slug).not.toMatch(/(^|[:.;]\s*)- /);
    }
    await page.close();
  });

  it("caused no console errors", () => {
    expect(consoleErrors).toEqual([]);
  });
});
