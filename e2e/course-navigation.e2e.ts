import { readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import YAML from "yaml";
import { signUp } from "./accounts";
import { launchChromium } from "./browser";
import { fullMarks } from "./quiz-payload";

const baseUrl = inject("baseUrl");
const databaseUrl = inject("databaseUrl");
const contentDir = path.resolve(import.meta.dirname, "../content/modules");

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

describe("finding your way through the course", () => {
  it("walks from the outline to a lesson and on with next and previous", async () => {
    const page = await browser.newPage({ baseURL: baseUrl });
    await page.goto("/");
    expect(await page.locator("main h2[id^=module-]").count()).toBeGreaterThanOrEqual(10);
    await page
      .getByRole("link", { name: /Containers vs virtual machines/ })
      .first()
      .click();
    await page.waitForURL("**/lessons/containers-vs-vms");
    const outline = page.getByTestId("course-outline");
    expect(await outline.locator('[aria-current="page"]').textContent()).toBe("Containers vs virtual machines");

    const nextLink = page.getByRole("navigation", { name: "Lesson navigation" }).getByRole("link").last();
    const nextTitle = (await nextLink.textContent())!.replace(/\s*→$/, "");
    await nextLink.click();
    await expect.poll(() => page.locator("h1").textContent()).toBe(nextTitle);
    await page.getByRole("navigation", { name: "Lesson navigation" }).getByRole("link").first().click();
    await expect.poll(() => page.locator("h1").textContent()).toBe("Containers vs virtual machines");
    await page.close();
  });

  it("opens a module's own page from the course, and from a lesson back to its module", async () => {
    const page = await browser.newPage({ baseURL: baseUrl });
    await page.goto("/");
    await page
      .getByRole("heading", { level: 2, name: /Layer caching/ })
      .getByRole("link")
      .click();
    await page.waitForURL("**/modules/layer-caching");
    expect(await page.locator("h1").textContent()).toBe("Layer caching");
    expect(await page.locator("main").textContent()).toMatch(/Module 4 of \d+ · \d+ lessons? · \d+ min of reading/);
    await page.locator("main ol a").first().click();
    await page.waitForURL("**/lessons/layer-caching");
    // The line above the lesson's title names its module, linked.
    await page.locator("article p").first().getByRole("link", { name: "Layer caching" }).click();
    await page.waitForURL("**/modules/layer-caching");
    // Prerendered like the lessons, and an unknown module is a 404.
    expect((await fetch(`${baseUrl}/modules/layer-caching`)).headers.get("x-nextjs-cache")).toBe("HIT");
    expect((await fetch(`${baseUrl}/modules/no-such-module`)).status).toBe(404);
    await page.close();
  });

  it("searches lessons instantly from the header and lands on the matching section", async () => {
    const page = await browser.newPage({ baseURL: baseUrl });
    await page.goto("/");
    await page.getByLabel("Search lessons").first().fill("dockerignore");
    const first = page.getByTestId("instant-search").getByRole("link").first();
    await first.waitFor();
    expect(await first.textContent()).toMatch(/dockerignore|build context/i);
    await first.click();
    await page.waitForURL(/\/lessons\/build-context-dockerignore/);
    await page.close();
  });

  it("searches on the server when scripts are off", async () => {
    const context = await browser.newContext({ baseURL: baseUrl, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto("/search?q=HEALTHCHECK");
    const results = page.getByTestId("search-results").getByRole("link");
    expect(await results.count()).toBeGreaterThan(0);
    expect(await results.allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/Health checks/)]));
    // Labs and graded exercises are found beside the lessons, each said for what it is.
    await page.goto("/search?q=reclaim+disk");
    const lab = results.first();
    expect(await lab.getAttribute("href")).toBe("/labs/reclaim-disk-space");
    expect(await lab.getByTestId("search-result-kind").textContent()).toMatch(/^Lab/);
    await page.goto("/search?q=multi-stage");
    expect(
      await page.locator('a[href="/exercises/size-budget"]').getByTestId("search-result-kind").textContent(),
    ).toMatch(/^Graded exercise/);
    await page.goto("/search?q=zzqxnotaword");
    expect(await page.getByTestId("search-count").textContent()).toContain("Nothing in the course mentions");
    await context.close();
  });
});

describe("a learner's progress", () => {
  let page: Page;

  it("serves a lesson the same to everyone, and records a learner's visit only once the page is shown", async () => {
    page = await browser.newPage({ baseURL: baseUrl });
    await signUp(page, "Ada Reader");
    const views = async () => {
      const db = new pg.Client({ connectionString: databaseUrl });
      await db.connect();
      try {
        const { rows } = await db.query(
          `SELECT count(*)::int AS n FROM lesson_progress p JOIN "user" u ON u.id = p."userId"
           WHERE u.name = 'Ada Reader' AND p."lessonSlug" = 'layer-caching'`,
        );
        return rows[0].n as number;
      } finally {
        await db.end();
      }
    };
    // The page itself, fetched with the learner's session as a browser would: prerendered, no database write.
    const [signedIn, anonymous] = await Promise.all([
      page.request.get("/lessons/layer-caching"),
      fetch(`${baseUrl}/lessons/layer-caching`),
    ]);
    expect(signedIn.status()).toBe(200);
    expect(await signedIn.text()).toBe(await anonymous.text());
    expect(await views()).toBe(0);

    // In the browser, the page records the visit and fills in who is reading.
    const visited = page.waitForResponse((r) => r.url().endsWith("/api/lessons/layer-caching/visit"));
    await page.goto("/lessons/layer-caching");
    expect((await visited).status()).toBe(200);
    expect(await page.getByTestId("signed-in-as").textContent()).toContain("Ada Reader");
    expect(await views()).toBe(1);
    await page.close();
  });

  it("shows per-module progress once a lesson's quiz is passed", async () => {
    page = await browser.newPage({ baseURL: baseUrl });
    await signUp(page, "Grace Navigator");

    await page.goto("/");
    expect(await page.getByTestId("progress-why-containers").textContent()).toContain("0 of");
    expect(await page.getByTestId("continue").textContent()).toContain("Containers vs virtual machines");

    const response = await page.request.post("/api/quiz-attempts", {
      data: { lessonSlug: "containers-vs-vms", answers: fullMarks("01-why-containers/lessons/containers-vs-vms") },
    });
    expect(response.status()).toBe(201);

    await page.goto("/");
    expect(await page.getByTestId("progress-why-containers").textContent()).toContain("1 of");
    expect(await page.getByTestId("continue").textContent()).not.toContain("Containers vs virtual machines");
    await page.goto("/lessons/containers-vs-vms");
    expect(
      await page.getByTestId("course-outline").getByRole("progressbar").first().getAttribute("aria-valuenow"),
    ).toBe("1");
    await page.close();
  });

  it("marks a module's exercises passed or attempted, on the prerendered module page", async () => {
    page = await browser.newPage({ baseURL: baseUrl });
    await signUp(page, "Pat Passer");
    await page.goto("/modules/layer-caching");
    await page.getByTestId("signed-in-as").waitFor();
    expect(await page.getByTestId("exercise-status-layer-order").count()).toBe(0);

    // A graded pass, as the runner stores it (grading itself is the learner journey's to test).
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      await db.query(
        `INSERT INTO submission (id, "userId", "exerciseSlug", files, status, result)
         SELECT 'passnav' || substr(md5(random()::text), 1, 8), id, 'layer-order', '[]', 'passed', '{"score": 1}'
           FROM "user" WHERE name = 'Pat Passer'`,
      );
    } finally {
      await db.end();
    }
    await page.reload();
    const mark = page.getByTestId("exercise-status-layer-order");
    await mark.waitFor();
    expect([await mark.getAttribute("data-status"), await mark.textContent()]).toEqual(["passed", "✓ passed"]);
    await page.close();
  });
});

interface QuizYaml {
  questions: {
    id: string;
    kind: "single" | "multiple" | "ordering" | "predict";
    explanation: string;
    options?: { id: string; text: string; correct: boolean; feedback: string }[];
    items?: { id: string; text: string; feedback: string }[];
    reveal?: { code: string };
  }[];
}

describe("ordering and predict-then-reveal questions", () => {
  const quizPath = path.join(contentDir, "01-why-containers/lessons/02-reproducible-ml-environments/quiz.yaml");
  const quiz = YAML.parse(readFileSync(quizPath, "utf8")) as QuizYaml;
  let page: Page;

  it("arrive without feedback, explanations, reveals or the correct order", async () => {
    page = await browser.newPage({ baseURL: baseUrl });
    await signUp(page, "Ordering Tester");

    const sent: string[] = [];
    page.on("response", async (response) => {
      if (response.url().startsWith(baseUrl)) sent.push(await response.text().catch(() => ""));
    });
    await page.goto("/lessons/reproducible-ml-environments");
    await page.getByTestId("quiz").waitFor();
    const everything = sent.join("\n");
    expect(everything).toContain(quiz.questions[0]!.id);
    for (const q of quiz.questions) {
      expect(everything).not.toContain(q.explanation);
      for (const o of q.options ?? []) expect(everything).not.toContain(o.feedback);
      for (const i of q.items ?? []) expect(everything).not.toContain(i.feedback);
      if (q.reveal) expect(everything).not.toContain(q.reveal.code.trim());
    }
    expect(everything).not.toMatch(/"(correct|feedback|explanation|reveal)"\s*:/);
    const ordering = quiz.questions.find((q) => q.kind === "ordering")!;
    const shown = await page.locator(`[data-question="${ordering.id}"] li`).allTextContents();
    expect(shown.map((t) => ordering.items!.find((i) => t.includes(i.text))!.id)).not.toEqual(
      ordering.items!.map((i) => i.id),
    );
  });

  it("are answered in the browser: items moved into order, a prediction made, then the reveal shown", async () => {
    for (const q of quiz.questions) {
      const block = page.locator(`[data-question="${q.id}"]`);
      if (q.kind === "ordering") {
        for (const [target, item] of q.items!.entries()) {
          const texts = await block.locator("li").allTextContents();
          const at = texts.findIndex((t) => t.includes(item.text));
          for (let k = at; k > target; k--) await block.getByRole("button", { name: `Move "${item.text}" up` }).click();
        }
      } else {
        for (const o of q.options!.filter((o) => o.correct)) await block.getByLabel(o.text, { exact: true }).check();
      }
    }
    // By keyboard: the focus moves to the score, then Tab reaches Try again, which puts it on the first question.
    await page.getByRole("button", { name: "Check answers" }).focus();
    await page.keyboard.press("Enter");
    await page.getByTestId("quiz-score").waitFor();
    expect(await page.getByTestId("quiz-score").textContent()).toBe(
      `You got ${quiz.questions.length} of ${quiz.questions.length} right.`,
    );
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute("data-testid") ?? "");
    await expect.poll(focused).toBe("quiz-score");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Try again");
    const predict = quiz.questions.find((q) => q.kind === "predict")!;
    expect(await page.getByTestId(`reveal-${predict.id}`).textContent()).toContain(
      predict.reveal!.code.trim().split("\n")[0],
    );
    const ordering = quiz.questions.find((q) => q.kind === "ordering")!;
    expect(await page.locator(`[data-question="${ordering.id}"]`).textContent()).toContain(
      ordering.items![0]!.feedback,
    );
    await page.keyboard.press("Enter");
    await page.getByRole("button", { name: "Check answers" }).waitFor();
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.closest("fieldset")?.getAttribute("data-question")))
      .toBe(quiz.questions[0]!.id);
    await page.close();
  });
});
