import { readFileSync } from "node:fs";
import path from "node:path";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import YAML from "yaml";
import { signUp } from "./accounts";
import { launchChromium } from "./browser";
import { watchConsoleErrors } from "./console-errors";
import { query } from "./database";
import { monaco } from "./editor-helpers";
import type { QuizYaml } from "./quiz-payload";
import { terminalScreen } from "./terminal-screen";

/*
 * The issue's keyboard-only journeys (WCAG 2.1.1, 2.4.3, 4.1.3): after each page's first `goto` every step is a key
 * (Tab, Shift+Tab, Enter, Space, the arrows, typing), never a click, and each action's result takes the focus or is
 * said in a live region. `tabTo` proves each control is reachable from where the focus was, in the page's order.
 * Signing up and making an account staff are set-up, not the journey.
 */

const baseUrl = inject("baseUrl");
const LESSON = "containers-vs-vms";
const quiz = YAML.parse(
  readFileSync(
    path.resolve(import.meta.dirname, `../content/modules/01-why-containers/lessons/${LESSON}/quiz.yaml`),
    "utf8",
  ),
) as QuizYaml;
// Fails at its RUN step, a few seconds into the build of a base image the engine holds: a report with a location.
const FAILING_DOCKERFILE = "FROM python:3.11-slim\nWORKDIR /srv\nRUN echo broken && exit 3\n";
// Its first task is one command; nothing else in the lab needs to run first (labs.e2e.ts).
const LAB = "connect-services-on-networks";

let browser: Browser;
const consoleErrors: string[] = [];

/**
 * A page of its own (its own account). `refusals`: the journey provokes a server's refusal on purpose, which the
 * browser logs as a failed request; such a page's console is not watched.
 */
async function newPage({ refusals = false } = {}): Promise<Page> {
  const page = await (await browser.newContext({ baseURL: baseUrl })).newPage();
  if (!refusals) watchConsoleErrors(page, consoleErrors);
  return page;
}

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

/** What has the focus, in words for a failure message: its tag, its name or test id, and its text's start. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return "BODY";
    const name = element.getAttribute("aria-label") ?? element.getAttribute("data-testid") ?? (element.id || undefined);
    const text = (element.textContent ?? "").replace(/\s+/g, " ").trim().slice(0, 40);
    return `${element.tagName.toLowerCase()}${name ? `[${name}]` : ""}${text ? ` "${text}"` : ""}`;
  });
}

/** Whether the focus is on `target` or inside it (an editor's or a terminal's own input). */
async function hasFocus(target: Locator): Promise<boolean> {
  if ((await target.count()) === 0) return false;
  return target.evaluate((element) => element.contains(document.activeElement));
}

/**
 * Presses Tab (Shift+Tab with `back`) until `target` has the focus: proof that a keyboard reaches it from where the
 * focus was. Fails with every place the focus went on the way.
 */
async function tabTo(page: Page, target: Locator, { max = 80, back = false } = {}): Promise<void> {
  await target.waitFor();
  const stops: string[] = [];
  for (let press = 0; press < max; press++) {
    if (await hasFocus(target)) return;
    await page.keyboard.press(back ? "Shift+Tab" : "Tab");
    stops.push(await focused(page));
  }
  if (await hasFocus(target)) return;
  throw new Error(`${target} not reached in ${max} presses of ${back ? "Shift+Tab" : "Tab"}:\n${stops.join("\n")}`);
}

/** Waits until `target` has the focus; a failure says where the focus is instead (never <body>, the issue's bug). */
async function expectFocusOn(page: Page, target: Locator, timeout = 10_000): Promise<void> {
  await expect
    .poll(async () => ((await hasFocus(target)) ? "on target" : `on ${await focused(page)}`), { timeout })
    .toBe("on target");
}

describe("a learner, by keyboard alone", () => {
  let page: Page;

  beforeAll(async () => {
    page = await newPage();
    await signUp(page, "Kay Keyboard");
  });

  it("reads a lesson, answers its quiz and lands on the score, which is read out", async () => {
    await page.goto(`/lessons/${LESSON}`);
    const form = page.getByTestId("quiz");
    for (const question of quiz.questions) {
      const block = form.locator(`fieldset[data-question="${question.id}"]`);
      if (question.kind === "ordering") {
        // The moved item's button keeps the focus, so Enter again moves it on (ordering-question.tsx).
        for (const [target, item] of question.items!.entries()) {
          const at = (await block.locator("li").allTextContents()).findIndex((t) => t.includes(item.text));
          if (at === target) continue;
          await tabTo(page, block.getByRole("button", { name: `Move "${item.text}" up` }));
          for (let k = at; k > target; k--) await page.keyboard.press("Enter");
          expect((await block.locator("li").allTextContents())[target]).toContain(item.text);
        }
        continue;
      }
      const options = question.options!;
      if (question.kind === "multiple") {
        for (const option of options.filter((o) => o.correct)) {
          await tabTo(page, block.locator(`input[value="${option.id}"]`));
          await page.keyboard.press("Space");
        }
      } else {
        // Tab enters a radio group with nothing chosen at its first radio; the arrow keys move and choose.
        await tabTo(page, block.locator("input").first());
        const right = options.findIndex((o) => o.correct);
        if (right === 0) await page.keyboard.press("Space");
        for (let k = 0; k < right; k++) await page.keyboard.press("ArrowDown");
      }
      for (const option of options)
        expect(await block.locator(`input[value="${option.id}"]`).isChecked(), `${question.id} ${option.id}`).toBe(
          option.correct,
        );
    }
    await tabTo(page, form.getByRole("button", { name: "Check answers" }));
    await page.keyboard.press("Enter");
    const score = page.getByTestId("quiz-score");
    await expectFocusOn(page, score);
    expect(await score.textContent()).toBe(`You got ${quiz.questions.length} of ${quiz.questions.length} right.`);
    expect(await score.getAttribute("role")).toBe("status");
    // Try again is next, and takes the learner back to the first question.
    await page.keyboard.press("Tab");
    expect(await focused(page)).toBe('button "Try again"');
    await page.keyboard.press("Enter");
    await expectFocusOn(page, form.locator(`fieldset[data-question="${quiz.questions[0]!.id}"] input`).first());
  });

  it("writes a Dockerfile, leaves the editor, submits, and reads the report's checks", async () => {
    await page.goto("/exercises/first-image");
    const editor = monaco(page, "Dockerfile");
    await editor.locator(".view-line").first().waitFor();
    // The way out of the editor, whose Tab indents, is said beside it.
    expect(await page.getByTestId("editor-keys").textContent()).toContain("press Ctrl+M");
    await tabTo(page, editor);
    await page.keyboard.press("ControlOrMeta+A");
    // One input event, as typing it would be, without the editor's suggestions taking an Enter.
    await page.keyboard.insertText(FAILING_DOCKERFILE);
    await expect
      .poll(() => editor.locator(".view-line").allTextContents())
      .toContain("RUN echo broken && exit 3".replaceAll(" ", "\u00a0"));
    // Ctrl+M: Tab moves the focus from here on (Monaco's tab focus mode).
    await page.keyboard.press("Control+M");
    await page.keyboard.press("Tab");
    expect(await hasFocus(editor), `Tab left the editor for ${await focused(page)}`).toBe(false);
    await tabTo(page, page.getByRole("button", { name: "Submit for grading" }));
    await page.keyboard.press("Enter");

    // The submission's status takes the focus of the button, and says each move (a live region).
    const status = page.getByTestId("submission-status");
    await expectFocusOn(page, status);
    expect(await status.getAttribute("role")).toBe("status");
    await page.locator('[data-testid="submission-status"][data-status="failed"]').waitFor({ timeout: 180_000 });
    expect(await hasFocus(status), `focus moved to ${await focused(page)} while grading`).toBe(true);
    // The report follows the status: its check's location is some Tabs on, and takes the keyboard to the line.
    const location = page.locator('[data-check="correctness.image-builds"] button[data-location]');
    await tabTo(page, location, { max: 30 });
    expect(await location.textContent()).toBe("Dockerfile:3");
    await page.keyboard.press("Enter");
    await expectFocusOn(page, editor);
  });
});

describe("staff, by keyboard alone", () => {
  let page: Page;

  beforeAll(async () => {
    page = await newPage({ refusals: true });
    const email = await signUp(page, "Kit Keyboard");
    await query(`UPDATE "user" SET role = 'admin' WHERE email = $1`, [email]);
  });

  it("creates a class, then an assignment in it; each result takes the focus", async () => {
    await page.goto("/instructor/classes");
    const name = page.locator("#class-name");
    // A name of spaces passes the browser's `required` and is refused by the server: the refusal takes the focus.
    await tabTo(page, name);
    await page.keyboard.type("   ");
    await page.keyboard.press("Tab");
    await page.keyboard.type("Spring 2027");
    const create = page.getByRole("button", { name: "Create class" });
    await tabTo(page, create);
    await page.keyboard.press("Enter");
    const refusal = page.getByTestId("create-class").getByRole("alert");
    await expectFocusOn(page, refusal);
    expect(await refusal.textContent()).toMatch(/name/i);

    await tabTo(page, name, { back: true });
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.type("Keyboard class, e2e");
    await tabTo(page, create);
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/instructor\/classes\/[^/]+$/);
    // The new class's page: its heading has the focus, so reading and Tab go on from the top of what was made.
    const heading = page.getByTestId("class-name");
    await expectFocusOn(page, heading);
    expect(await heading.textContent()).toBe("Keyboard class, e2e");
    // A roster pasted in: what it did takes the focus of Import, disabled while it sent.
    await tabTo(page, page.getByLabel("or paste it here"));
    await page.keyboard.type(`email\nrory-${Date.now()}@example.test`);
    await tabTo(page, page.getByRole("button", { name: "Import roster" }));
    await page.keyboard.press("Enter");
    const imported = page.getByTestId("roster-result");
    await expectFocusOn(page, imported);
    expect(await imported.textContent()).toMatch(/^1 invited/);

    await tabTo(page, page.getByRole("link", { name: "Assignments and deadlines" }), { back: true, max: 120 });
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/assignments$/);
    const what = page.getByLabel("What");
    await tabTo(page, what);
    // A closed select moves to the next option with the arrow: the first exercise.
    await page.keyboard.press("ArrowDown");
    expect(await what.inputValue()).toMatch(/^exercise:/);
    const due = page.getByLabel("Due", { exact: true });
    await tabTo(page, due);
    // A date and time field is typed part by part: month, day, year, then Tab to the hour, minute and AM/PM.
    await page.keyboard.type("06");
    await page.keyboard.type("15");
    await page.keyboard.type("2030");
    await page.keyboard.press("Tab");
    await page.keyboard.type("0930P");
    expect(await due.inputValue()).toBe("2030-06-15T21:30");
    const title = await what.evaluate((select: HTMLSelectElement) => select.selectedOptions[0]?.textContent ?? "");
    await tabTo(page, page.getByRole("button", { name: "Assign", exact: true }));
    await page.keyboard.press("Enter");
    const done = page.getByTestId("assignment-saved");
    await expectFocusOn(page, done);
    expect(await done.getAttribute("role")).toBe("status");
    expect(await done.textContent()).toBe(`Assigned ${title}.`);
    await expect.poll(() => page.getByRole("table", { name: /^Assignments/ }).textContent()).toContain(title);
  });

  it("registers an LMS for LTI 1.3; the refusal, then the registration, take the focus", async () => {
    const host = `https://lms-${Date.now()}.keyboard.test`;
    await page.goto("/instructor/lti");
    const form = page.getByTestId("lti-platform-form");
    const fields: [string, string][] = [
      ["Name", "Keyboard LMS"],
      ["Issuer (iss)", host],
      ["Client ID", "keyboard-client"],
      ["Authorization endpoint", `${host}/auth`],
      ["Access token URL", `${host}/token`],
      ["Keyset URL", "not an address"],
      ["Deployment IDs (one per line)", "deployment-1"],
    ];
    for (const [label, value] of fields) {
      await tabTo(page, form.getByLabel(label, { exact: true }), { max: 120 });
      await page.keyboard.type(value);
    }
    const register = form.getByRole("button", { name: "Register the LMS" });
    await tabTo(page, register);
    await page.keyboard.press("Enter");
    const refusal = form.getByRole("alert");
    await expectFocusOn(page, refusal);
    expect(await refusal.textContent()).toContain("keyset URL must be a full http(s)");

    await tabTo(page, form.getByLabel("Keyset URL"), { back: true });
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.type(`${host}/jwks`);
    await tabTo(page, register);
    await page.keyboard.press("Enter");
    const done = form.getByTestId("lti-platform-saved");
    await expectFocusOn(page, done);
    expect(await done.getAttribute("role")).toBe("status");
    expect(await done.textContent()).toBe("Registered Keyboard LMS.");
    await expect.poll(() => page.getByTestId("lti-platforms").textContent()).toContain(host);
  });
});

describe("a learner's lab, by keyboard alone", () => {
  it("starts a lab, types in its terminal, leaves the terminal and closes the lab", async () => {
    const page = await newPage();
    await signUp(page, "Lou Keyboard");
    await page.goto(`/labs/${LAB}`);
    await tabTo(page, page.getByTestId("start-lab"), { max: 120 });
    await page.keyboard.press("Enter");
    // The button goes: the lab's panel keeps the focus (its heading, the status under it), then the open terminal.
    const panel = page.getByTestId("lab-panel");
    await expectFocusOn(page, panel);
    const status = page.getByTestId("lab-status");
    expect(await status.getAttribute("role")).toBe("status");
    await expect
      .poll(() => status.getAttribute("data-status"), { timeout: 180_000, message: "the lab opens" })
      .toBe("open");
    const terminal = page.getByTestId("lab-terminal");
    await expectFocusOn(page, terminal);
    await expect.poll(() => terminalScreen(page, "lab"), { timeout: 60_000 }).toMatch(/[#$]$/m);
    await page.keyboard.type("docker ps");
    await page.keyboard.press("Enter");
    await expect.poll(() => terminalScreen(page, "lab"), { timeout: 30_000 }).toContain("CONTAINER ID");

    // Tab completes commands in the terminal; Escape then Tab leaves it, as the text under it says.
    expect(await page.getByText("To leave the terminal, press Esc then Tab").count()).toBe(1);
    await page.keyboard.press("Escape");
    await page.keyboard.press("Tab");
    expect(await hasFocus(terminal), `still in the terminal: ${await focused(page)}`).toBe(false);
    expect(await focused(page)).not.toBe("BODY");
    // Close is above the terminal: back past it (Shift+Tab leaves it too).
    await tabTo(page, page.getByTestId("close-lab"), { back: true, max: 20 });
    await page.keyboard.press("Enter");
    await expect.poll(() => status.getAttribute("data-status"), { timeout: 60_000 }).toBe("closed");
    expect(await status.textContent()).toMatch(/^Closed: .+/);
    await expectFocusOn(page, page.getByRole("heading", { name: "Your lab", exact: true }));
  });
});

it("caused no console errors on the learners' pages", () => {
  expect(consoleErrors).toEqual([]);
});
