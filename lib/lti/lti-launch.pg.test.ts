import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertUsers } from "../../test-support/db/insert-users";
import { createTestDatabase } from "../../test-support/db/test-database";
import type { LmsPlatform, LmsUser } from "../../test-support/lti/lms-platform";
import {
  followLaunch,
  registrationOf,
  startLmsForTool,
  type ToolKeysetServer,
} from "../../test-support/lti/tool-keyset-server";
import { rejection } from "../../test-support/rejection";
import type { CurrentUser } from "../auth/current-user";
import type { RequestError } from "../errors/request-error";
import { CLAIM } from "./claims";

// Launches as the LMS harness makes them: who gets which account, class and role, and every forgery refused.
let db: pg.Pool;
let drop: () => Promise<void>;
let lms: LmsPlatform;
let keysetServer: ToolKeysetServer;
let login: typeof import("./login");
let launch: typeof import("./launch");
let deepLinking: typeof import("./deep-linking");
let launchUrl: string;
let platformId: string;
let lineItemOfQuiz: string;

const ROLE = "http://purl.imsglobal.org/vocab/lis/v2/membership";
const COURSE = "course-42";
const COURSE_TITLE = "Docker for ML, spring term";
const admin: CurrentUser = { id: "admin", name: "Ada Admin", email: "admin@example.test", role: "admin" };
const lmsUser = (sub: string, name: string, role: string | string[], email = `${sub}@school.test`): LmsUser => ({
  sub,
  name,
  email,
  roles: Array.isArray(role) ? role : [role],
});
const lea = lmsUser("u-lea", "Lea Learner", `${ROLE}#Learner`);
const ivo = lmsUser("u-ivo", "Ivo Instructor", `${ROLE}#Instructor`);
// A sub-role comes with its principal role (LTI Core 1.3, A.2.3.1): the TA is an Instructor too.
const tia = lmsUser("u-tia", "Tia Assistant", [`${ROLE}#Instructor`, `${ROLE}/Instructor#TeachingAssistant`]);
const sol = lmsUser("u-sol", "Sol Sectionta", [`${ROLE}#Instructor`, `${ROLE}/Instructor#TeachingAssistantSection`]);
// An e-mail a Dockyard account with a password already has, in other letter case.
const sam = lmsUser("u-sam", "Sam Sameaddress", `${ROLE}#Learner`, "Sam.Taken@Example.test");
// Only forged launches name Eve: none of them may make her an account.
const eve = lmsUser("u-eve", "Eve Forger", `${ROLE}#Learner`);

async function launchAs(sub: string, linkId: string) {
  return launch.completeLaunch(await followLaunch(lms.launchStartUrl(sub, linkId), login.beginLogin));
}

async function deepLinkAs(sub: string) {
  return launch.completeLaunch(await followLaunch(lms.deepLinkStartUrl(sub, COURSE), login.beginLogin));
}

/** The login query the harness's launch start sends the tool. */
function loginQuery(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    iss: lms.issuer,
    login_hint: eve.sub,
    target_link_uri: launchUrl,
    client_id: lms.clientId,
    lti_deployment_id: lms.deploymentId,
    ...overrides,
  };
}

/** A login begun at the tool, for a token the test signs itself. */
async function freshLogin(): Promise<{ state: string; nonce: string }> {
  const auth = await login.beginLogin(loginQuery());
  return { state: auth.searchParams.get("state") ?? "", nonce: auth.searchParams.get("nonce") ?? "" };
}

type Tamper = Parameters<LmsPlatform["idToken"]>[1];

/** Eve's launch of the quiz link with a freshly begun login and the token changed as `tamper` says. */
async function forgedLaunch(tamper: Tamper): Promise<RequestError> {
  const { state, nonce } = await freshLogin();
  const id_token = await lms.idToken({ userSub: eve.sub, linkId: "link-quiz", nonce }, tamper);
  return rejection(launch.completeLaunch({ id_token, state }));
}

async function memberRole(classId: string, userId: string) {
  const { rows } = await db.query(
    `SELECT role::text, source FROM class_member WHERE "classId" = $1 AND "userId" = $2`,
    [classId, userId],
  );
  return rows[0];
}

beforeAll(async () => {
  const database = await createTestDatabase("lti_launch");
  drop = database.drop;
  process.env.DATABASE_URL = database.url;
  db = new pg.Pool({ connectionString: database.url });
  const [platforms, toolKeys, toolUrls] = await Promise.all([
    import("./platforms"),
    import("./tool-keys"),
    import("./tool-urls"),
  ]);
  [login, launch, deepLinking] = await Promise.all([import("./login"), import("./launch"), import("./deep-linking")]);
  await insertUsers(db, [
    { id: "admin", name: admin.name, email: admin.email, role: "admin" },
    { id: "taken", name: "Sam's own account", email: "sam.taken@example.test" },
  ]);
  const urls = toolUrls.toolUrls();
  launchUrl = urls.launchUrl;
  ({ lms, keysetServer } = await startLmsForTool(urls, () => toolKeys.publicKeyset()));
  lms.addCourse({ id: COURSE, title: COURSE_TITLE, label: "DML" });
  for (const user of [lea, ivo, tia, sol, sam, eve]) lms.enrol(COURSE, user);
  ({ lineItemUrl: lineItemOfQuiz = "" } = lms.addResourceLink({
    id: "link-quiz",
    courseId: COURSE,
    title: "Layer caching quiz",
    custom: { item: "quiz:layer-caching" },
    lineItem: { label: "Layer caching quiz", scoreMaximum: 100 },
  }));
  lms.addResourceLink({
    id: "link-lab",
    courseId: COURSE,
    title: "Model server lab",
    custom: { item: "lab:run-a-model-server" },
  });
  ({ id: platformId } = await platforms.savePlatform(admin, registrationOf(lms)));
});

afterAll(async () => {
  const [{ pool }, { prisma }] = await Promise.all([import("../db/pool"), import("../db/client")]);
  await Promise.all([lms?.close(), keysetServer?.close()]);
  await Promise.all([db?.end(), pool().end(), prisma().$disconnect()]);
  await drop?.();
});

describe("a launch from the LMS", () => {
  let classId: string;
  let leaId: string;

  it("signs a learner into an account of their own, in a class made from the course, on the item's page", async () => {
    const launched = await launchAs(lea.sub, "link-quiz");
    leaId = launched.userId;
    expect(launched.next).toBe("/lessons/layer-caching");

    const { rows: accounts } = await db.query(
      `SELECT a."userId", u.name, u.email, u."unprovenEmail", u.role::text, a."linkedHow"::text, a."addressProven"
         FROM lti_account a JOIN "user" u ON u.id = a."userId"
        WHERE a."platformId" = $1 AND a.sub = $2`,
      [platformId, lea.sub],
    );
    // An LMS does not vouch for the e-mail it sends: the account holds it apart, unproven, and takes nobody's address.
    expect(accounts).toEqual([
      {
        userId: leaId,
        name: "Lea Learner",
        email: expect.stringMatching(/^lti-[0-9a-f]{24}@lti\.invalid$/),
        unprovenEmail: lea.email,
        role: "learner",
        linkedHow: "new_account",
        addressProven: false,
      },
    ]);

    const { rows: contexts } = await db.query(
      `SELECT x."classId", c.name, c.term, c."joinCode", x."membershipsUrl" FROM lti_context x
         JOIN class c ON c.id = x."classId" WHERE x."platformId" = $1 AND x."contextId" = $2`,
      [platformId, COURSE],
    );
    expect(contexts).toEqual([
      {
        classId: expect.any(String),
        name: COURSE_TITLE,
        term: "Test LMS course",
        // The LMS enrols: nobody joins an LMS course's class by code.
        joinCode: null,
        membershipsUrl: `${lms.issuer}/courses/${COURSE}/memberships`,
      },
    ]);
    classId = contexts[0].classId;
    expect(await memberRole(classId, leaId)).toEqual({ role: "learner", source: "lti" });

    const { rows: links } = await db.query(
      `SELECT "classId", kind::text, "itemSlug", "lineItemUrl" FROM lti_link
        WHERE "platformId" = $1 AND "resourceLinkId" = 'link-quiz'`,
      [platformId],
    );
    expect(links).toEqual([{ classId, kind: "quiz", itemSlug: "layer-caching", lineItemUrl: lineItemOfQuiz }]);
    expect(lineItemOfQuiz).toContain("?type_id=");
  });

  it("reuses the account and the class on the next launch, and opens the next link's item", async () => {
    const again = await launchAs(lea.sub, "link-lab");
    expect(again).toEqual({ userId: leaId, next: "/labs/run-a-model-server", deepLinking: false });
    const { rows } = await db.query(
      `SELECT (SELECT count(*)::int FROM lti_account) AS accounts, (SELECT count(*)::int FROM lti_context) AS classes,
              (SELECT "lineItemUrl" FROM lti_link WHERE "resourceLinkId" = 'link-lab') AS "labLineItem"`,
    );
    // The lab link has no line item: nothing of it is graded in the LMS.
    expect(rows[0]).toEqual({ accounts: 1, classes: 1, labLineItem: null });
  });

  it("makes the course's instructor the class's instructor and its TA a TA, not platform staff", async () => {
    const instructor = await launchAs(ivo.sub, "link-quiz");
    const assistant = await launchAs(tia.sub, "link-quiz");
    expect(await memberRole(classId, instructor.userId)).toEqual({ role: "instructor", source: "lti" });
    expect(await memberRole(classId, assistant.userId)).toEqual({ role: "ta", source: "lti" });
    const { rows } = await db.query(`SELECT role::text FROM "user" WHERE id = ANY($1::text[])`, [
      [instructor.userId, assistant.userId],
    ]);
    expect(rows).toEqual([{ role: "learner" }, { role: "learner" }]);
  });

  // Every TA sub-role of Instructor (TeachingAssistantSection, …Offering) comes with the principal #Instructor: the
  // TA role must win, or a section's TA would manage the class.
  it("makes a section's TA a TA, not an instructor", async () => {
    const launched = await launchAs(sol.sub, "link-lab");
    expect(await memberRole(classId, launched.userId)).toEqual({ role: "ta", source: "lti" });
  });

  it("never hands an LMS user an existing account by e-mail: they get an address of their own", async () => {
    const launched = await launchAs(sam.sub, "link-quiz");
    expect(launched.userId).not.toBe("taken");
    const { rows } = await db.query(`SELECT email, "emailVerified" FROM "user" WHERE id = $1`, [launched.userId]);
    expect(rows).toEqual([{ email: expect.stringMatching(/^lti-[0-9a-f]{24}@lti\.invalid$/), emailVerified: false }]);
    const { rows: taken } = await db.query(`SELECT count(*)::int AS n FROM lti_account WHERE "userId" = 'taken'`);
    expect(taken[0].n).toBe(0);
    expect((await launchAs(sam.sub, "link-lab")).userId).toBe(launched.userId);
  });
});

describe("a forged or stale launch", () => {
  it("is refused when the token is signed by a key the LMS never published", async () => {
    const err = await forgedLaunch({ signWith: "stranger" });
    expect(err.code).toBe("UNAUTHENTICATED");
    expect(err.message).toMatch(/signature does not match Test LMS's keyset/);
  });

  it("is refused when a token is used twice, with its state or with a fresh one", async () => {
    const { state, nonce } = await freshLogin();
    const id_token = await lms.idToken({ userSub: lea.sub, linkId: "link-quiz", nonce });
    await launch.completeLaunch({ id_token, state });
    const replayed = await rejection(launch.completeLaunch({ id_token, state }));
    expect(replayed.code).toBe("UNAUTHENTICATED");
    expect(replayed.message).toMatch(/already used once/);
    const fresh = await freshLogin();
    const elsewhere = await rejection(launch.completeLaunch({ id_token, state: fresh.state }));
    expect(elsewhere.code).toBe("UNAUTHENTICATED");
    expect(elsewhere.message).toMatch(/nonce is not the one this login gave out/);
  });

  it.each([
    ["signed with a key the LMS's keyset lacks", { signWith: "stranger", kid: "stranger-1" }, /keyset lacks/],
    ["expired", { expiresInSeconds: -120 }, /token has expired/],
    // exp is still ahead: the token is refused for its age, and says so.
    ["issued eleven minutes ago", { issuedAtOffsetSeconds: -660 }, /issued more than 10 minutes ago/],
    ["issued in the future", { issuedAtOffsetSeconds: 120 }, /issued in the future/],
    ["addressed to another tool", { claims: { aud: "another-tool" } }, /addressed to another tool/],
    ["from another issuer", { claims: { iss: "https://lms.evil.test" } }, /issuer is not http:\/\/127\.0\.0\.1/],
    [
      "from an unregistered deployment",
      { claims: { [CLAIM.deploymentId]: "dep-9" } },
      /deployment dep-9 of Test LMS is not registered/,
    ],
    ["not LTI 1.3.0", { claims: { [CLAIM.version]: "1.1.0" } }, /not LTI 1\.3\.0/],
    ["without its nonce", { omit: ["nonce"] }, /nonce/],
    // One audience, but issued to another party (OpenID Connect Core 3.1.3.7): not this tool's token.
    ["issued to another tool", { claims: { azp: "another-tool" } }, /issued to another tool/],
    [
      "for another target than the login's",
      { claims: { [CLAIM.targetLinkUri]: "https://evil.test/launch" } },
      /target link URI is https:\/\/evil\.test\/launch, not Dockyard's launch URL/,
    ],
    // In plain words, never a schema path.
    [
      "without a deployment id",
      { omit: [CLAIM.deploymentId] },
      /^The launch was refused: the LMS sent no deployment id\.$/,
    ],
    ["without roles", { omit: [CLAIM.roles] }, /^The launch was refused: the LMS sent no roles\.$/],
  ] as const)("is refused when the token is %s", async (_, tamper, why) => {
    const err = await forgedLaunch(tamper as Tamper);
    expect(err.code).toBe("UNAUTHENTICATED");
    expect(err.message).toMatch(why);
  });

  it("is refused when its state was never given out, or is over ten minutes old", async () => {
    const id_token = await lms.idToken({ userSub: eve.sub, linkId: "link-quiz", nonce: "n-1" });
    const unknown = await rejection(launch.completeLaunch({ id_token, state: "made-up-state" }));
    expect(unknown.code).toBe("UNAUTHENTICATED");
    expect(unknown.message).toMatch(/state is not one Dockyard gave out/);

    const { state, nonce } = await freshLogin();
    await db.query(`UPDATE lti_login SET "createdAt" = "createdAt" - interval '11 minutes' WHERE state = $1`, [state]);
    const stale = await rejection(
      launch.completeLaunch({ id_token: await lms.idToken({ userSub: eve.sub, linkId: "link-quiz", nonce }), state }),
    );
    expect(stale.code).toBe("UNAUTHENTICATED");
    expect(stale.message).toMatch(/more than 10 minutes passed/);
  });

  it("answers 400 in plain words for a message type Dockyard does not handle", async () => {
    const err = await forgedLaunch({ claims: { [CLAIM.messageType]: "LtiSubmissionReviewRequest" } });
    expect([err.code, err.httpStatus]).toEqual(["BAD_REQUEST", 400]);
    expect(err.message).toBe(
      'Dockyard does not handle the LTI message type "LtiSubmissionReviewRequest": it takes resource link launches ' +
        "and deep linking requests.",
    );
  });

  it("made no account for anyone a forged launch named", async () => {
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM lti_account WHERE sub = $1`, [eve.sub]);
    expect(rows[0].n).toBe(0);
  });

  it("cannot begin from an unknown issuer, an unregistered deployment or to another address", async () => {
    const issuer = await rejection(login.beginLogin(loginQuery({ iss: "https://lms.evil.test" })));
    expect([issuer.code, issuer.message]).toEqual(["FORBIDDEN", expect.stringMatching(/No LMS is registered/)]);
    const deployment = await rejection(login.beginLogin(loginQuery({ lti_deployment_id: "dep-9" })));
    expect([deployment.code, deployment.message]).toEqual([
      "FORBIDDEN",
      expect.stringMatching(/Deployment dep-9 of Test LMS is not registered/),
    ]);
    const target = await rejection(
      login.beginLogin(loginQuery({ target_link_uri: "https://evil.test/api/lti/launch" })),
    );
    expect([target.code, target.message]).toEqual([
      "BAD_REQUEST",
      `The target_link_uri must be Dockyard's launch URL, ${launchUrl}.`,
    ]);
  });
});

describe("a launch from outside a course (no context claim, LTI Core 5.4.1)", () => {
  it("signs the person in and opens the item, making no class and sending no grade", async () => {
    const { rows: before } = await db.query(`SELECT count(*)::int AS n FROM class`);
    const { state, nonce } = await freshLogin();
    const id_token = await lms.idToken({ userSub: lea.sub, linkId: "link-quiz", nonce }, { omit: [CLAIM.context] });
    const launched = await launch.completeLaunch({ id_token, state });
    expect(launched.next).toBe("/lessons/layer-caching");
    const { rows: after } = await db.query(`SELECT count(*)::int AS n FROM class`);
    expect(after[0].n).toBe(before[0].n);
  });
});

describe("deep linking", () => {
  let requestId: string;

  it("takes an instructor to the picker, which lists Dockyard's items", async () => {
    const launched = await deepLinkAs(ivo.sub);
    const match = /^\/lti\/deep-link\/([A-Za-z0-9_-]+)$/.exec(launched.next);
    expect(match, launched.next).not.toBeNull();
    requestId = match?.[1] ?? "";
    const choice = await deepLinking.deepLinkChoice(requestId);
    expect(choice.lmsName).toBe("Test LMS");
    expect(choice.items).toEqual(
      expect.arrayContaining([
        { kind: "exercise", slug: "first-image", title: "Your first ML service image" },
        { kind: "lab", slug: "run-a-model-server", title: "Run and inspect a model server" },
        { kind: "quiz", slug: "layer-caching", title: "Layer caching" },
      ]),
    );
  });

  it("answers with a link the LMS accepts, once, and the link opens the item", async () => {
    const wrong = await rejection(deepLinking.deepLinkResponse(requestId, { item: "exercise:no-such-exercise" }));
    expect(wrong.code).toBe("BAD_REQUEST");

    const { returnUrl, jwt } = await deepLinking.deepLinkResponse(requestId, { item: "exercise:first-image" });
    expect(returnUrl).toBe(`${lms.issuer}/deep-link-return`);
    const posted = await fetch(returnUrl, { method: "POST", body: new URLSearchParams({ JWT: jwt }) });
    expect(posted.status, JSON.stringify(lms.refusals())).toBe(200);
    const returns = lms.deepLinkReturns();
    expect(returns).toHaveLength(1);
    expect(returns[0]?.contentItems).toEqual([
      {
        type: "ltiResourceLink",
        title: "Your first ML service image",
        url: launchUrl,
        custom: { item: "exercise:first-image" },
        // Dockyard refuses to be framed: the LMS is asked to open it in a window of its own.
        window: { targetName: "_blank" },
        lineItem: { scoreMaximum: 100, label: "Your first ML service image", resourceId: "exercise:first-image" },
      },
    ]);

    const second = await rejection(deepLinking.deepLinkResponse(requestId, { item: "lab:run-a-model-server" }));
    expect(second.code).toBe("CONFLICT");
    expect((await rejection(deepLinking.deepLinkChoice(requestId))).code).toBe("CONFLICT");

    // The LMS makes the link it was sent; a learner's launch of it lands on the exercise.
    const item = returns[0]?.contentItems[0] as { custom: Record<string, string>; lineItem: { label: string } };
    lms.addResourceLink({
      id: "link-picked",
      courseId: COURSE,
      title: item.lineItem.label,
      custom: item.custom,
      lineItem: { label: item.lineItem.label, scoreMaximum: 100 },
    });
    expect((await launchAs(lea.sub, "link-picked")).next).toBe("/exercises/first-image");
  });

  it("is refused to a learner, and an unknown request is not found", async () => {
    const learner = await rejection(deepLinkAs(lea.sub));
    expect(learner.code).toBe("FORBIDDEN");
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM lti_deep_link`);
    expect(rows[0].n).toBe(1);
    expect((await rejection(deepLinking.deepLinkChoice("no-such-request"))).code).toBe("NOT_FOUND");
    expect(
      (await rejection(deepLinking.deepLinkResponse("no-such-request", { item: "quiz:layer-caching" }))).code,
    ).toBe("NOT_FOUND");
  });

  it("is good for an hour", async () => {
    const id = (await deepLinkAs(tia.sub)).next.split("/").at(-1) ?? "";
    await db.query(`UPDATE lti_deep_link SET "createdAt" = "createdAt" - interval '61 minutes' WHERE id = $1`, [id]);
    const old = await rejection(deepLinking.deepLinkResponse(id, { item: "quiz:layer-caching" }));
    expect([old.code, old.message]).toEqual(["CONFLICT", expect.stringMatching(/over an hour old/)]);
  });
});
