import { readFileSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import YAML from "yaml";
import { signUp } from "./accounts";
import { launchChromium } from "./browser";
import { editorText, monaco, setEditorText } from "./editor-helpers";
import { FAILS_AT_RUN_STEP, gradedSubmission, THREE_MISTAKES } from "./graded-submission";
import { asSent, inSequence, type QuizYaml, squeeze } from "./quiz-payload";

const baseUrl = inject("baseUrl");
const lessonPath = "/lessons/containers-vs-vms";
const quizFile = path.resolve(
  import.meta.dirname,
  "../content/modules/01-why-containers/lessons/containers-vs-vms/quiz.yaml",
);
const quiz = YAML.parse(readFileSync(quizFile, "utf8")) as QuizYaml;

const WORKING_DOCKERFILE =
  "FROM python:3.11-slim\nWORKDIR /srv\nCOPY app/ ./app/\nRUN python -m " +
  'compileall -q app\nCMD ["python", "app/main.py"]\n';

let browser: Browser;
let context: BrowserContext;
let page: Page;
let email = "";

beforeAll(async () => {
  browser = await launchChromium();
  context = await browser.newContext({ baseURL: baseUrl });
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
});

describe("a signed-out visitor", () => {
  it("can read a lesson but is asked to sign in for the quiz and the exercise", async () => {
    const visitor = await browser.newPage({ baseURL: baseUrl });
    await visitor.goto(lessonPath);
    await expect.poll(() => visitor.locator("h1").textContent()).toBe("Containers vs virtual machines");
    // The page is the same for everyone; the quiz learns who is reading from the browser a moment later.
    await visitor.getByText("to answer the quiz and keep your results").waitFor();
    await visitor.goto("/exercises/first-image");
    expect(await visitor.getByTestId("sign-in-to-submit").textContent()).toContain(
      "Sign in to write and submit your Dockerfile",
    );
    await visitor.close();
  });

  it("is told plainly when a password is wrong, and how long to wait after too many tries", async () => {
    const visitor = await browser.newPage({ baseURL: baseUrl });
    await visitor.goto("/sign-in");
    await visitor.getByLabel("Email").fill(`nobody-${Date.now()}@example.test`);
    await visitor.getByLabel("Password").fill("not the password");
    const statuses: number[] = [];
    // Five failed sign-ins to one account from a browser never signed in to it; the sixth waits, 30 seconds after the
    // fifth failure (lib/auth/sign-in-throttle.ts), and is told that a browser signed in from before is not held up.
    for (let attempt = 0; attempt < 6; attempt++) {
      const [response] = await Promise.all([
        visitor.waitForResponse((r) => new URL(r.url()).pathname === "/api/auth/sign-in/email"),
        visitor.getByRole("button", { name: "Sign in" }).click(),
      ]);
      statuses.push(response.status());
      await visitor.getByTestId("auth-error").waitFor();
      if (attempt === 0)
        expect(await visitor.getByTestId("auth-error").textContent()).toMatch(/invalid email or password/i);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    await expect
      .poll(() => visitor.getByTestId("auth-error").textContent())
      .toMatch(/^Too many wrong passwords were tried for this account .* try again in \d+ seconds\. A browser you/);
    await visitor.close();
  });

  it("gets a clear refusal when submitting without an account", async () => {
    const response = await fetch(`${baseUrl}/api/submissions`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ exercise: "first-image", files: [{ path: "Dockerfile", content: WORKING_DOCKERFILE }] }),
    });
    expect(response.status).toBe(401);
    expect((await response.json()).error.message).toBe("Sign in to submit your work for grading.");
  });
});

describe("a learner", () => {
  it("signs up and is signed in", async () => {
    email = await signUp(page, "Ada Learner");
    expect(await page.getByTestId("signed-in-as").textContent()).toContain("Ada Learner");
  });

  it(
    "opens the lesson without receiving any question's answers: feedback, " +
      "explanations, reveals or the correct order",
    async () => {
      expect(new Set(quiz.questions.map((q) => q.kind))).toEqual(
        new Set(["single", "multiple", "ordering", "predict"]),
      );
      const bodies: string[] = [];
      const collect = (response: import("playwright-core").Response) => {
        if (response.url().startsWith(baseUrl))
          response.text().then(
            (t) => bodies.push(t),
            () => {},
          );
      };
      page.on("response", collect);
      await page.goto(lessonPath);
      await page.getByTestId("quiz").waitFor();
      page.off("response", collect);
      const sent = bodies.map(asSent).join("\n");
      for (const question of quiz.questions) {
        expect(sent).toContain(squeeze(question.prompt)); // the quiz itself did arrive
        expect(sent).not.toContain(squeeze(question.explanation));
        for (const option of question.options ?? []) expect(sent).not.toContain(squeeze(option.feedback));
        for (const item of question.items ?? []) expect(sent).not.toContain(squeeze(item.feedback));
        if (question.reveal) expect(sent).not.toContain(squeeze(question.reveal.code));
        if (question.items) {
          for (const item of question.items) expect(sent).toContain(squeeze(item.text));
          expect(
            inSequence(
              sent,
              question.items.map((i) => squeeze(i.text)),
            ),
            `${question.id} arrives in its correct order`,
          ).toBe(false);
          // The check can see an order: the shuffled one the page shows is found.
          const shown = await page.locator(`fieldset[data-question="${question.id}"] li`).allTextContents();
          const shownTexts = shown.map((t) => squeeze(question.items!.find((i) => t.includes(i.text))!.text));
          expect(inSequence(sent, shownTexts)).toBe(true);
        }
      }
      expect(sent).not.toMatch(/"(correct|correctOptionIds|placedRight|feedback|explanation|reveal)"\s*:/);
    },
  );

  it("answers wrongly first and sees why: the reveal, per-option and per-item feedback, the right order", async () => {
    const form = page.getByTestId("quiz");
    for (const question of quiz.questions) {
      const block = form.locator(`fieldset[data-question="${question.id}"]`);
      if (question.kind === "ordering") continue; // left in the shuffled order it arrived in, which is never right
      const pick =
        question.kind === "predict"
          ? question.options!.filter((o) => !o.correct).slice(0, 1)
          : question.options!.filter((o) => o.correct);
      for (const option of pick) await block.locator(`input[value="${option.id}"]`).check();
    }
    await page.getByRole("button", { name: "Check answers" }).click();
    await page.getByTestId("quiz-score").waitFor();
    expect(await page.getByTestId("quiz-score").textContent()).toBe(
      `You got ${quiz.questions.length - 2} of ${quiz.questions.length} right.`,
    );

    const predict = quiz.questions.find((q) => q.kind === "predict")!;
    expect(squeeze((await page.getByTestId(`reveal-${predict.id}`).textContent()) ?? "")).toContain(
      squeeze(predict.reveal!.code),
    );
    expect(await page.getByTestId(`reveal-${predict.id}`).textContent()).toContain("What actually happens");
    for (const option of predict.options!) {
      expect(await page.getByTestId(`feedback-${predict.id}-${option.id}`).textContent()).toContain(option.feedback);
    }
    expect(await page.getByTestId(`explanation-${predict.id}`).getAttribute("data-correct")).toBe("false");

    const ordering = quiz.questions.find((q) => q.kind === "ordering")!;
    const block = page.locator(`fieldset[data-question="${ordering.id}"]`);
    for (const item of ordering.items!) expect(await block.textContent()).toContain(item.feedback);
    expect(await page.getByTestId(`correct-order-${ordering.id}`).locator("li").allTextContents()).toEqual(
      ordering.items!.map((i) => i.text),
    );
    for (const question of quiz.questions) {
      expect(await page.getByTestId(`explanation-${question.id}`).textContent()).toContain(question.explanation);
    }
  });

  it("tries again, orders the items with the keyboard and makes the right prediction for full marks", async () => {
    await page.getByRole("button", { name: "Try again" }).click();
    expect(
      await page
        .getByText(`Your last attempt: ${quiz.questions.length - 2} of ${quiz.questions.length} correct.`)
        .count(),
    ).toBe(1);
    for (const question of quiz.questions) {
      const block = page.locator(`fieldset[data-question="${question.id}"]`);
      if (question.kind === "ordering") {
        for (const [target, item] of question.items!.entries()) {
          const at = (await block.locator("li").allTextContents()).findIndex((t) => t.includes(item.text));
          if (at === target) continue;
          // Focus stays on the moved item's button, so pressing Enter again keeps moving it.
          await block.getByRole("button", { name: `Move "${item.text}" up` }).focus();
          for (let k = at; k > target; k--) await page.keyboard.press("Enter");
          expect((await block.locator("li").allTextContents())[target]).toContain(item.text);
        }
      } else {
        for (const option of question.options!.filter((o) => o.correct))
          await block.locator(`input[value="${option.id}"]`).check();
      }
    }
    await page.getByRole("button", { name: "Check answers" }).click();
    await page.getByTestId("quiz-score").waitFor();
    expect(await page.getByTestId("quiz-score").textContent()).toBe(
      `You got ${quiz.questions.length} of ${quiz.questions.length} right.`,
    );
    expect(await page.getByTestId(`explanation-${quiz.questions[0]!.id}`).textContent()).toContain(
      quiz.questions[0]!.explanation,
    );
    const predict = quiz.questions.find((q) => q.kind === "predict")!;
    expect(await page.getByTestId(`reveal-${predict.id}`).count()).toBe(1);
  });

  it("finds both attempts stored: the page remembers the latest score", async () => {
    await page.reload();
    await page.getByTestId("quiz").waitFor();
    // Filled in by the lesson's visit, which the browser records once the page is shown.
    await page.getByText(`Your last attempt: ${quiz.questions.length} of ${quiz.questions.length} correct.`).waitFor();
  });

  it("gets a clear error for an ordering answer that leaves an item out", async () => {
    const ordering = quiz.questions.find((q) => q.kind === "ordering")!;
    const answers = Object.fromEntries(
      quiz.questions.map((q) => [
        q.id,
        q.kind === "ordering"
          ? q.items!.slice(1).map((i) => i.id)
          : q.options!.filter((o) => o.correct).map((o) => o.id),
      ]),
    );
    const result = await page.evaluate(async (answers) => {
      const r = await fetch("/api/quiz-attempts", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ lessonSlug: "containers-vs-vms", answers }),
      });
      return { status: r.status, body: await r.json() };
    }, answers);
    expect(result.status).toBe(400);
    expect(result.body.error.message).toBe(
      `Question "${ordering.id}" needs all ${ordering.items!.length} items in order; ${ordering.items!.length - 1} ` +
        `were sent.`,
    );
  });

  it("gets a clear error for an answer to a question that does not exist", async () => {
    const result = await page.evaluate(async () => {
      const r = await fetch("/api/quiz-attempts", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ lessonSlug: "containers-vs-vms", answers: { "no-such-question": ["a"] } }),
      });
      return { status: r.status, body: await r.json() };
    });
    expect(result.status).toBe(400);
    expect(result.body.error.message).toContain('This quiz has no question "no-such-question"');
  });

  it("submits a Dockerfile that builds and follows the live log to a pass", async () => {
    await page.goto("/exercises/first-image");
    await setEditorText(page, "Dockerfile", WORKING_DOCKERFILE);
    await page.getByRole("button", { name: "Submit for grading" }).click();
    await page.locator('[data-testid="submission-status"][data-status="passed"]').waitFor({ timeout: 180_000 });
    // BuildKit's log: one #N block per step, with its stage-local number.
    expect(await page.getByTestId("build-log").textContent()).toMatch(
      /#\d+ \[1\/4\] FROM docker\.io\/library\/python:3\.11-slim/,
    );
    expect(await page.locator('[data-check="correctness.image-builds"]').getAttribute("data-check-status")).toBe(
      "pass",
    );
  });

  it("sees the same log and outcome again after reloading the page", async () => {
    await page.reload();
    await page.locator('[data-testid="submission-status"][data-status="passed"]').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId("build-log").textContent()).toMatch(
      /#(\d+) \[4\/4\] RUN python -m compileall -q app\n(#\1 .*\n)*#\1 (DONE \d+\.\ds|CACHED)/,
    );
    await expect.poll(() => editorText(page, "Dockerfile")).toBe(WORKING_DOCKERFILE);
  });

  it("follows a submission whose build fails to the end, and is told where and why", async () => {
    // Submitting is the test above's; this grading is a copy of the run's real one (graded-submission.ts).
    await gradedSubmission(email, FAILS_AT_RUN_STEP, () => page.goto("/exercises/first-image"));
    await page.locator('[data-testid="submission-status"][data-status="failed"]').waitFor();
    const log = await page.getByTestId("build-log").textContent();
    expect(log).toMatch(/^#\d+ (\d+\.\d+ )?broken$/m);
    expect(log).toContain("did not complete successfully: exit code: 3");
    const check = page.locator('[data-check="correctness.image-builds"]');
    expect(await check.getAttribute("data-check-status")).toBe("fail");
    expect(await check.textContent()).toContain("Where: Dockerfile:3");
    // The check is one finding of its own, which holds the fix.
    expect(await page.locator('[data-finding="correctness.image-builds"]').textContent()).toContain("How to fix:");
  });
});

describe("the model-server exercise, graded in full", () => {
  it(
    "runs a submission through every phase and explains each failing check: " +
      "what, where, why, how to fix, which lesson",
    async () => {
      await page.goto("/exercises/model-server");
      // No USER, no HEALTHCHECK, and .env copied in: the attempt report-causes.e2e.ts looks at, graded once a run.
      for (const file of THREE_MISTAKES.files) await setEditorText(page, file.path, file.content);
      // The static rules run in the browser as the learner types, with the grader's own wording.
      const instant = page.locator('[data-instant-check="security.user-declared"]');
      await instant.waitFor();
      expect(await instant.textContent()).toContain("Dockerfile:1");
      // The exercise's own files are there to read, as read-only tabs.
      expect(await page.getByRole("tab", { name: /^app\/\s?main\.py\s?read-only$/ }).count()).toBe(1);
      // Submitting is the first-image test's; the page follows this copy of the run's real grading as it is written.
      await gradedSubmission(email, THREE_MISTAKES, () => page.reload());
      await page.locator('[data-testid="submission-status"][data-status="failed"]').waitFor();

      const phases = await page.getByTestId("result-report").textContent();
      for (const phase of ["static", "build", "inspect", "cache", "run", "report"])
        expect(phases).toContain(`${phase} `);
      const failing = await page
        .getByTestId("result-report")
        .locator('[data-check-status="fail"]')
        .evaluateAll((items) => items.map((i) => i.getAttribute("data-check")));
      expect(failing.sort()).toEqual([
        "correctness.healthcheck-declared",
        "correctness.image-healthcheck",
        "security.image-user-not-root",
        "security.no-env-file-copied",
        "security.no-env-file-in-image",
        "security.no-secrets-in-layers",
        "security.runs-as-non-root",
        "security.user-declared",
      ]);
      // The three checks are one mistake: one finding explains it once, with one fix.
      const runtime = page.locator('[data-finding="runs-as-root"]');
      expect(await runtime.locator('[data-check="security.runs-as-non-root"]').count()).toBe(1);
      const text = (await runtime.textContent()) ?? "";
      expect(text).toContain("Why it matters:");
      expect(text).toContain("How to fix:");
      // Names its lesson by its title: a link once the course has it, "coming soon" until then (never a dead link).
      expect(text).toContain("Running as a non-root user");
      const links = await runtime.getByRole("link").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
      for (const href of links) expect((await page.request.get(href!)).status()).toBe(200);
      expect(await page.locator('[data-check="correctness.health-endpoint"]').getAttribute("data-check-status")).toBe(
        "pass",
      );
      expect(
        await page.locator('[data-check="cache.code-change-reuses-dependencies"]').getAttribute("data-check-status"),
      ).toBe("pass");
    },
  );
});

describe("bad input on the exercise page", () => {
  async function submitAndReadError(dockerfile: string): Promise<string> {
    await page.goto("/exercises/first-image");
    await setEditorText(page, "Dockerfile", dockerfile);
    await page.getByRole("button", { name: "Submit for grading" }).click();
    await page.getByTestId("submit-error").waitFor();
    return (await page.getByTestId("submit-error").textContent()) ?? "";
  }

  it("explains a malformed Dockerfile with its line", async () => {
    expect(await submitAndReadError('FORM python:3.11-slim\nCMD ["python"]\n')).toBe(
      'Dockerfile:1: "FORM" is not a Dockerfile instruction. Did you mean FROM?',
    );
  });

  it("explains an empty submission", async () => {
    expect(await submitAndReadError("")).toContain("Dockerfile is empty");
  });

  it("refuses a 10 MB submission with its size, keeping the learner's text", async () => {
    await page.goto("/exercises/first-image");
    // 10 MiB in lines of 1 KiB, as a file of that size would be.
    const huge = `# padding\n${`${"x".repeat(1023)}\n`.repeat(10 * 1024)}`;
    await setEditorText(page, "app/main.py", huge);
    await page.getByRole("button", { name: "Submit for grading" }).click();
    await page.getByTestId("submit-error").waitFor({ timeout: 60_000 });
    expect(await page.getByTestId("submit-error").textContent()).toContain(
      "The submission is 10.5 MB; the limit is 5 MiB in total.",
    );
    await monaco(page, "app/main.py").locator(".view-lines").click();
    await page.keyboard.press("ControlOrMeta+Home");
    await expect.poll(async () => (await editorText(page, "app/main.py")).startsWith("# padding\nxxx")).toBe(true);
  });

  it("refuses a file path that climbs out of the project", async () => {
    const result = await page.evaluate(async () => {
      const r = await fetch("/api/submissions", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ exercise: "first-image", files: [{ path: "../../etc/passwd", content: "root:x:0:0" }] }),
      });
      return { status: r.status, body: await r.json() };
    });
    expect(result.status).toBe(400);
    expect(result.body.error.message).toContain('"../../etc/passwd" contains ".."');
  });
});
