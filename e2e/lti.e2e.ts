import { execFile } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type LmsPlatform, startLmsPlatform } from "../test-support/lti/lms-platform";
import { axeProblems } from "./accessibility";
import { signIn, signUp, uniqueEmail } from "./accounts";
import { launchChromium } from "./browser";
import { query } from "./database";
import { gradedSubmission, PASSES } from "./graded-submission";
import { fullMarks } from "./quiz-payload";

/*
 * A term as an instructor runs it: in Dockyard (a class, an exercise assigned with a deadline, a learner who hands it
 * in late and sees what it is worth), and from an LMS (the LMS played by test-support/lti/lms-platform.ts, written
 * from the IMS specifications): an admin registers it, an LMS author picks an item by deep linking, a learner launched
 * from the course does the work and the LMS receives the score, the roster comes over, and a forged launch is refused.
 */

const baseUrl = inject("baseUrl");
const databaseUrl = inject("databaseUrl");
const root = path.resolve(import.meta.dirname, "..");
const EXERCISE = "first-image";
const QUIZ_LESSON = "containers-vs-vms";
const QUIZ_PATH = `01-why-containers/lessons/${QUIZ_LESSON}`;
const ADMIN_PASSWORD = "admin password for the lti e2e run";
const LEARNER_ROLE = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner";
const INSTRUCTOR_ROLE = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor";
const COURSE = { id: "course-ml-101", title: "ML Ops 101 (LMS)" };

let browser: Browser;
let lms: LmsPlatform;
const contexts: BrowserContext[] = [];

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ baseURL: baseUrl });
  contexts.push(context);
  return context.newPage();
}

/** `datetime-local` text for a moment, in the browser's zone (the test machine's). */
function localInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}`
  );
}

beforeAll(async () => {
  browser = await launchChromium();
  lms = await startLmsPlatform({
    tool: {
      loginUrl: `${baseUrl}/api/lti/login`,
      launchUrl: `${baseUrl}/api/lti/launch`,
      jwksUrl: `${baseUrl}/api/lti/jwks`,
    },
  });
  lms.addCourse({ id: COURSE.id, title: COURSE.title, label: "ML101" });
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await lms?.close();
});

describe("a class with a deadline, in Dockyard", () => {
  const teacherEmail = uniqueEmail("Tina Teacher");
  let teacher: Page;
  let learner: Page;
  let code = "";

  it("has an instructor create a class and assign an exercise due yesterday, 80 % for three days", async () => {
    teacher = await newPage();
    await signUp(teacher, "Tina Teacher", teacherEmail);
    await query(`UPDATE "user" SET role = 'instructor' WHERE email = $1`, [teacherEmail]);
    await teacher.goto("/instructor/classes");
    await teacher.locator("#class-name").fill("Late work, e2e");
    await teacher.locator("#class-term").fill("Autumn 2026");
    await teacher.getByRole("button", { name: "Create class" }).click();
    await teacher.waitForURL(/\/instructor\/classes\/[^/]+$/);
    code = (await teacher.getByTestId("join-code").textContent())!.trim();

    await teacher.getByRole("link", { name: "Assignments and deadlines" }).click();
    await teacher.waitForURL(/\/assignments$/);
    await teacher.getByLabel("What").selectOption(`exercise:${EXERCISE}`);
    await teacher.getByLabel("Due").fill(localInput(new Date(Date.now() - 24 * 60 * 60 * 1000)));
    expect(await teacher.getByLabel("Step 1 credit (%)").inputValue()).toBe("80");
    expect(await teacher.getByLabel("Step 1 days").inputValue()).toBe("3");
    await teacher.getByRole("button", { name: "Assign" }).click();
    await expect.poll(() => teacher.locator("body").textContent()).toContain("80 % for 3 days");
  });

  it("has a learner join, see the exercise overdue at 80 % credit, hand it in and see what it counts for", async () => {
    learner = await newPage();
    const email = await signUp(learner, "Luca Late");
    await learner.goto(`/classes/join?code=${code}`);
    await learner.getByRole("button", { name: "Join class" }).click();
    await learner.waitForURL("**/classes?joined=*");

    await learner.goto("/due");
    expect(await learner.locator("main").textContent()).toMatch(/late: 80 %/);
    await learner.goto(`/exercises/${EXERCISE}`);
    expect(await learner.getByTestId("deadline-banner").textContent()).toMatch(/Late work, e2e: due .*late: 80 %/);

    // Handed in a day late: its grading is a copy of a real one (graded-submission.ts); its credit is tested here.
    const id = await gradedSubmission(email, PASSES);
    const [row] = await query<{ score: number }>(
      `SELECT (result->>'score')::float8 AS score FROM submission WHERE id = $1`,
      [id],
    );
    await learner.goto(`/exercises/${EXERCISE}/history/${id}`);
    const credit = (await learner.getByTestId("attempt-credit").textContent()) ?? "";
    expect(credit).toMatch(/Late work, e2e: submitted 1 day .*late: 80 %/);
    // The report's score is a fraction of 1; late, it counts at 80 %.
    expect(credit).toContain(`counts as ${Math.round(row!.score * 80 * 10) / 10}%`);
  });

  it("shows the instructor the late, credited score in the class's gradebook", async () => {
    await teacher.goto("/instructor/classes");
    await teacher.getByRole("link", { name: "Late work, e2e" }).click();
    await teacher
      .getByRole("navigation", { name: "This class's pages" })
      .getByRole("link", { name: "Gradebook" })
      .click();
    await teacher.waitForURL("**/instructor/gradebook?class=*");
    const book = (await teacher.locator("main").textContent()) ?? "";
    expect(book).toContain("Luca Late");
    expect(book).toMatch(/late/);
  });
});

describe("the same term from an LMS over LTI 1.3", () => {
  const adminEmail = uniqueEmail("Lia Admin");
  let admin: Page;
  let quizLineItem = "";

  it("has an admin register the LMS with the values the page tells them", async () => {
    await promisify(execFile)(
      "npx",
      ["--no-install", "tsx", "scripts/create-admin.ts", "--email", adminEmail, "--name", "Lia Admin"],
      { cwd: root, env: { ...process.env, DATABASE_URL: databaseUrl, DOCKYARD_ADMIN_PASSWORD: ADMIN_PASSWORD } },
    );
    admin = await newPage();
    await signIn(admin, adminEmail, ADMIN_PASSWORD);
    await admin.goto("/instructor");
    await admin.getByRole("navigation", { name: "Instructor" }).getByRole("link", { name: "LTI" }).click();
    await admin.waitForURL("**/instructor/lti");
    const urls = (await admin.getByTestId("lti-tool-urls").textContent()) ?? "";
    expect(urls).toContain(`${baseUrl}/api/lti/login`);
    expect(urls).toContain(`${baseUrl}/api/lti/launch`);
    expect(urls).toContain(`${baseUrl}/api/lti/jwks`);

    await admin.getByLabel("Name").fill("Test LMS");
    await admin.getByLabel("Issuer (iss)").fill(lms.issuer);
    await admin.getByLabel("Client ID").fill(lms.clientId);
    await admin.getByLabel("Authorization endpoint").fill(lms.authLoginUrl);
    await admin.getByLabel("Access token URL").fill(lms.tokenUrl);
    await admin.getByLabel("Keyset URL").fill("not an address");
    await admin.getByLabel("Deployment IDs (one per line)").fill(lms.deploymentId);
    await admin.getByRole("button", { name: "Register the LMS" }).click();
    // A wrong field is named, and nothing typed is lost.
    await expect
      .poll(() => admin.getByTestId("lti-platform-form").getByRole("alert").textContent())
      .toContain("keyset URL must be a full http(s)");
    expect(await admin.getByLabel("Client ID").inputValue()).toBe(lms.clientId);
    await admin.getByLabel("Keyset URL").fill(lms.jwksUrl);
    await admin.getByRole("button", { name: "Register the LMS" }).click();
    await expect.poll(() => admin.getByTestId("lti-platforms").textContent()).toContain(lms.issuer);
    // A new deployment of the tool in the LMS is added to the registration, not registered again.
    const row = admin.getByTestId("lti-platforms").getByRole("row", { name: /Test LMS/ });
    await row.getByText("Edit").click();
    await row.getByLabel("Deployment IDs (one per line)").fill(`${lms.deploymentId}\nsecond-deployment`);
    await row.getByRole("button", { name: "Save changes" }).click();
    await expect.poll(() => row.textContent()).toContain(`${lms.deploymentId}, second-deployment`);
  });

  it("lets an LMS instructor pick an exercise by deep linking in the LMS's frame, and signs the answer", async () => {
    lms.enrol(COURSE.id, {
      sub: "lms-teacher",
      name: "Ines Instructor",
      email: uniqueEmail("ines"),
      roles: [INSTRUCTOR_ROLE],
    });
    const launch = await newPage();
    await launch.goto(lms.deepLinkStartUrl("lms-teacher", COURSE.id));
    await launch.waitForURL(/\/lti\/deep-link\/[^/]+$/);
    // LMSs show the picker in a frame of their own page, where Dockyard's session cookie is a third-party cookie:
    // the picker works there from a fresh browser, by the secret in its address alone.
    const lmsPage = http.createServer((_req, res) => {
      res.setHeader("Content-Type", "text/html");
      res.end(`<!doctype html><title>LMS</title><iframe src="${launch.url()}" width="800" height="600"></iframe>`);
    });
    await new Promise<void>((resolve) => lmsPage.listen(0, "127.0.0.1", resolve));
    try {
      const page = await newPage();
      await page.goto(`http://127.0.0.1:${(lmsPage.address() as AddressInfo).port}/`);
      const picker = page.frameLocator("iframe");
      await picker.getByRole("radio", { name: "Your first ML service image" }).waitFor();
      // Only the picker is framable: the site's menu would lead the frame to pages that refuse to be framed.
      expect(await picker.getByRole("navigation", { name: "Main" }).count()).toBe(0);
      const frame = page.frames().find((f) => f.url() === launch.url())!;
      const links = await frame.$$eval("a[href]", (as) =>
        as.map((a) => ({ href: (a as HTMLAnchorElement).href, target: (a as HTMLAnchorElement).target })),
      );
      const framedAway = links.filter(
        ({ href, target }) => target !== "_blank" && href.split("#")[0] !== launch.url().split("#")[0],
      );
      expect(framedAway).toEqual([]);
      await picker.getByRole("radio", { name: "Your first ML service image" }).check();
      await picker.getByRole("button", { name: "Add to the course" }).click();
      await picker.getByText("Deep linking done").waitFor();
    } finally {
      lmsPage.close();
    }
    const [returned] = lms.deepLinkReturns();
    expect(returned?.contentItems).toEqual([
      expect.objectContaining({
        type: "ltiResourceLink",
        url: `${baseUrl}/api/lti/launch`,
        custom: { item: `exercise:${EXERCISE}` },
        lineItem: expect.objectContaining({ scoreMaximum: 100 }),
      }),
    ]);
  });

  it("launches a learner from the course into a graded quiz, and the LMS receives their score", async () => {
    lms.enrol(COURSE.id, {
      sub: "lms-learner-1",
      name: "Lola Launched",
      email: uniqueEmail("lola"),
      roles: [LEARNER_ROLE],
    });
    ({ lineItemUrl: quizLineItem = "" } = lms.addResourceLink({
      id: "link-quiz",
      courseId: COURSE.id,
      title: "Quiz: containers and VMs",
      custom: { item: `quiz:${QUIZ_LESSON}` },
      lineItem: { label: "Quiz: containers and VMs", scoreMaximum: 100 },
    }));
    const page = await newPage();
    await page.goto(lms.launchStartUrl("lms-learner-1", "link-quiz"));
    await page.waitForURL(`**/lessons/${QUIZ_LESSON}`);
    expect(await page.getByTestId("signed-in-as").textContent()).toContain("Lola Launched");
    await page.getByTestId("quiz").waitFor();

    const attempt = await page.request.post("/api/quiz-attempts", {
      data: { lessonSlug: QUIZ_LESSON, answers: fullMarks(QUIZ_PATH) },
    });
    expect(attempt.status()).toBe(201);
    // The web server sends due scores every few seconds (lib/course-policy/policy-worker.ts).
    await expect.poll(() => lms.scores(quizLineItem).length, { timeout: 30_000, interval: 500 }).toBe(1);
    expect(lms.scores(quizLineItem)[0]).toMatchObject({
      userId: "lms-learner-1",
      scoreGiven: 100,
      scoreMaximum: 100,
      activityProgress: "Completed",
      gradingProgress: "FullyGraded",
    });
  });

  it("shows the LMS course as a class to its instructor, who syncs the roster from the LMS", async () => {
    lms.enrol(COURSE.id, { sub: "lms-learner-2", name: "Mo Roster", email: uniqueEmail("mo"), roles: [LEARNER_ROLE] });
    lms.enrol(COURSE.id, {
      sub: "lms-learner-3",
      name: "Nia Roster",
      email: uniqueEmail("nia"),
      roles: [LEARNER_ROLE],
    });
    const page = await newPage();
    // The LMS instructor's own launch signs them in; their class is the LMS course.
    await page.goto(lms.launchStartUrl("lms-teacher", "link-quiz"));
    await page.waitForURL(`**/lessons/${QUIZ_LESSON}`);
    // A learner on the platform, the course's instructor in the LMS: the header names the part that is true.
    await expect.poll(() => page.getByTestId("signed-in-as").textContent()).toContain("(instructor)");
    await page.goto("/instructor/classes");
    await page.getByRole("link", { name: COURSE.title }).click();
    const panel = page.getByTestId("class-lms");
    expect(await panel.textContent()).toContain("Test LMS");
    expect(await page.getByTestId("grade-sync").textContent()).toContain("1 score sent");
    await page.getByRole("button", { name: "Sync roster from the LMS" }).click();
    // The counts are said where the button was pressed, announced, and the focus moves to them. The instructor and
    // Lola (launched before) are listed as they were.
    const result = page.getByTestId("roster-sync-result");
    await expect
      .poll(() => result.textContent(), { timeout: 15_000 })
      .toBe("Synced from Test LMS: 2 added, 0 given a new role, 0 removed, 2 unchanged.");
    expect(await result.getAttribute("aria-live")).toBe("polite");
    expect(await result.evaluate((el) => el === document.activeElement)).toBe(true);
    await expect
      .poll(() => page.getByTestId("class-learners").textContent(), { timeout: 15_000 })
      .toContain("Nia Roster");
    expect(await page.getByTestId("class-learners").textContent()).toContain("Mo Roster");
  });

  it("sends the LMS a launched learner's graded exercise, as grading finishes it", async () => {
    const { lineItemUrl = "" } = lms.addResourceLink({
      id: "link-exercise",
      courseId: COURSE.id,
      title: "Your first ML service image",
      custom: { item: `exercise:${EXERCISE}` },
      lineItem: { label: "Your first ML service image", scoreMaximum: 100 },
    });
    const page = await newPage();
    await page.goto(lms.launchStartUrl("lms-learner-1", "link-exercise"));
    await page.waitForURL(`**/exercises/${EXERCISE}`);
    const [learner] = await query<{ email: string }>(
      `SELECT u.email FROM "user" u JOIN lti_account a ON a."userId" = u.id WHERE a.sub = 'lms-learner-1'`,
    );
    // Graded through the one writer of a grade (transition.ts), as the runner grades; the web's course policy then
    // marks the LMS score due from the graded status event.
    const id = await gradedSubmission(learner!.email, PASSES);
    await page.reload();
    await page.locator('[data-testid="submission-status"][data-status="passed"]').waitFor();
    await expect.poll(() => lms.scores(lineItemUrl).length, { timeout: 30_000, interval: 500 }).toBe(1);
    const [row] = await query<{ score: number }>(
      `SELECT (result->>'score')::float8 AS score FROM submission WHERE id = $1`,
      [id],
    );
    expect(lms.scores(lineItemUrl)[0]).toMatchObject({
      userId: "lms-learner-1",
      scoreGiven: Math.round(row!.score * 1000) / 10,
      scoreMaximum: 100,
    });
  });

  it("shows staff a score the LMS refused, why, in its words, and sends it again on Retry", async () => {
    // What is already due goes first: the grade the course policy applies after the launch's send makes the exercise's
    // score due again (it is sent again, rightly), and a course closed meanwhile would refuse that one too. Settled:
    // the policy has applied every grade written so far, and no score waits.
    const settled = async () =>
      (
        await query<{ settled: boolean }>(
          `SELECT NOT EXISTS (SELECT 1 FROM lti_score_sync WHERE "dueSince" IS NOT NULL)
              AND (SELECT tx FROM course_policy_cursor WHERE name = 'events') > (SELECT max(tx) FROM submission_event)
              AS settled`,
        )
      )[0]!.settled;
    await expect.poll(settled, { timeout: 30_000, interval: 500 }).toBe(true);
    // The course unpublished: the LMS refuses scores as Canvas does. A launch marks Lola's quiz score due again.
    lms.misconfigure({ closedCourses: { [COURSE.id]: "unpublished" } });
    const learner = await newPage();
    await learner.goto(lms.launchStartUrl("lms-learner-1", "link-quiz"));
    await learner.waitForURL(`**/lessons/${QUIZ_LESSON}`);
    const refused = () => lms.refusals().filter((r) => r.reason.includes("unpublished")).length;
    await expect.poll(refused, { timeout: 30_000, interval: 500 }).toBeGreaterThan(0);
    const page = await newPage();
    await page.goto(lms.launchStartUrl("lms-teacher", "link-quiz"));
    await page.waitForURL(`**/lessons/${QUIZ_LESSON}`);
    await page.goto("/instructor/classes");
    await page.getByRole("link", { name: COURSE.title }).click();
    await page.getByRole("link", { name: "Scores sent to the LMS" }).click();
    await page.waitForURL("**/lms-scores");
    const failed = page.getByTestId("lms-scores").locator('tr[data-state="failed"]');
    const reason = (await failed.textContent()) ?? "";
    expect(reason).toContain("Lola Launched");
    expect(reason).toContain("Failed: the course or assignment takes no grades now.");
    expect(reason).toContain("Test LMS said: “Course not available for student”");
    expect(await axeProblems(page)).toEqual([]);

    lms.misconfigure({ closedCourses: {} });
    await failed.getByRole("button", { name: /^Retry now for Lola Launched/ }).click();
    await expect.poll(() => lms.scores(quizLineItem).length, { timeout: 30_000, interval: 500 }).toBe(2);
    // The page reads itself again after the sender's round: the row is sent.
    await expect
      .poll(() => page.getByTestId("lms-score-counts").textContent(), { timeout: 15_000 })
      .toContain("0 failed");
  });

  it("has the admin check the LMS: a scope the LMS withholds is named, with where to grant it", async () => {
    lms.misconfigure({ withheldScopes: ["https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"] });
    try {
      await admin.goto("/instructor/lti");
      await admin.getByRole("button", { name: "Check this LMS" }).click();
      const report = admin.locator('[data-testid^="lms-check-"]').filter({ hasText: "finding" });
      await expect
        .poll(() => report.textContent(), { timeout: 30_000 })
        .toContain("read the course's roster NOT granted");
      const finding = report.locator('li[data-rule="scopes-granted"]');
      expect(await finding.textContent()).toContain("contextmembership.readonly");
      // The page's focus moves to the report, which a screen reader reads out.
      expect(await admin.evaluate(() => document.activeElement?.getAttribute("data-testid") ?? "")).toMatch(
        /^lms-check-/,
      );
      expect(await axeProblems(admin)).toEqual([]);
    } finally {
      lms.misconfigure({ withheldScopes: [] });
    }
  });

  it("refuses a forged launch in the browser and says why", async () => {
    // A real login start gives a state and nonce; the token is then signed with a key the LMS never published.
    const start = await fetch(lms.launchStartUrl("lms-learner-1", "link-quiz"), { redirect: "manual" });
    const login = await fetch(start.headers.get("location")!, { redirect: "manual" });
    const auth = new URL(login.headers.get("location")!);
    const state = auth.searchParams.get("state")!;
    const forged = await lms.idToken(
      { userSub: "lms-learner-1", linkId: "link-quiz", nonce: auth.searchParams.get("nonce")! },
      { signWith: "stranger" },
    );
    const page = await newPage();
    await page.setContent(
      `<form method="post" action="${baseUrl}/api/lti/launch">` +
        `<input name="id_token" value="${forged}"><input name="state" value="${state}"><button>Go</button></form>`,
    );
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url() === `${baseUrl}/api/lti/launch`),
      page.getByRole("button", { name: "Go" }).click(),
    ]);
    expect(response.status()).toBe(401);
    expect(await page.getByTestId("lti-refusal").textContent()).toContain("signature does not match Test LMS's keyset");
    // Nobody was signed in by it.
    expect((await page.context().cookies(baseUrl)).filter((c) => c.name.includes("session_token"))).toEqual([]);
  });

  it("signs nobody in with a genuine launch that began in another browser (login CSRF)", async () => {
    // The attacker begins a launch from their own LMS account, outside any browser, and keeps the LMS's signed form.
    const start = await fetch(lms.launchStartUrl("lms-learner-1", "link-quiz"), { redirect: "manual" });
    const login = await fetch(start.headers.get("location")!, { redirect: "manual" });
    const auth = new URL(login.headers.get("location")!);
    const genuine = await lms.idToken({
      userSub: "lms-learner-1",
      linkId: "link-quiz",
      nonce: auth.searchParams.get("nonce")!,
    });
    // The victim's browser visits the attacker's page, which posts that form to Dockyard by itself.
    const victim = await newPage();
    await victim.setContent(
      `<form method="post" action="${baseUrl}/api/lti/launch"><input name="id_token" value="${genuine}">` +
        `<input name="state" value="${auth.searchParams.get("state")}"></form>` +
        "<script>document.forms[0].submit()</script>",
    );
    await victim.getByTestId("lti-refusal").waitFor();
    expect(await victim.getByTestId("lti-refusal").textContent()).toContain("it did not begin in this browser");
    expect((await victim.context().cookies(baseUrl)).filter((c) => c.name.includes("session_token"))).toEqual([]);
  });
});
