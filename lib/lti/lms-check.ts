import "server-only";
import { sql } from "kysely";
import { z } from "zod";
import type { CurrentUser } from "../auth/current-user";
import { assignableItems } from "../classes/assignments";
import { prisma } from "../db/client";
import { pool } from "../db/pool";
import { typedSql } from "../db/typed-sql";
import { RequestError } from "../errors/request-error";
import { MEDIA_TYPE, SCOPE } from "./claims";
import { CALL_TIMEOUT_MS, callLms, requestToken } from "./lms-calls";
import { canvasLatePolicy } from "./lms-check-rules/canvas-late-policy";
import type { CheckFacts, LinkFacts, LmsCheckRule, ScopeProbe } from "./lms-check-rules/check-rule";
import { clientAssertion } from "./lms-check-rules/client-assertion";
import { lineItemGone } from "./lms-check-rules/line-item-gone";
import { lineItemMissing } from "./lms-check-rules/line-item-missing";
import { lmsAnswers } from "./lms-check-rules/lms-answers";
import { scopesGranted } from "./lms-check-rules/scopes-granted";
import { scoreMaximum } from "./lms-check-rules/score-maximum";
import { sendFailures } from "./lms-check-rules/send-failures";
import { classifyFailure } from "./lms-failures";
import { lmsFlavour } from "./lms-flavour";
import type { Platform } from "./platforms";

/*
 * "Check this LMS": an admin asks; with the tool's own token Dockyard asks for each scope it uses, reads the grade
 * columns (line items) of the LMS's linked items, and looks at the send log of its classes. The rules (one per known
 * misconfiguration, ./lms-check-rules/) turn what it learned into findings: what was found, why it matters, and how
 * to fix it in the LMS's words. An LMS that does not answer is a finding, never a failed request.
 */

const RULES: LmsCheckRule[] = [
  lmsAnswers,
  clientAssertion,
  scopesGranted,
  lineItemMissing,
  lineItemGone,
  scoreMaximum,
  canvasLatePolicy,
  sendFailures,
];

/** The line items read at most: the newest links first. */
const MAX_LINKS = 30;

export type LmsCheckReport = Awaited<ReturnType<typeof checkLms>>;

const PROBES: Omit<ScopeProbe, "granted">[] = [
  { scope: SCOPE.score, use: "send scores", needed: true },
  { scope: SCOPE.lineItemReadOnly, use: "read grade columns (line items)", needed: true },
  { scope: SCOPE.memberships, use: "read the course's roster", needed: false },
];

/** A fatal failure at the token endpoint: the LMS is not answering, refuses the tool itself, or fails unexpectedly. */
const FATAL = new Set(["no_answer", "unreachable", "address_refused", "lms_error", "token_refused", "unexpected"]);

async function probeScopes(platform: Platform, timeoutMs: number, facts: CheckFacts): Promise<string | undefined> {
  let lineItemToken: string | undefined;
  for (const probe of PROBES) {
    try {
      const { token, granted } = await requestToken(platform, probe.scope, timeoutMs);
      facts.scopes.push({ ...probe, granted: granted.includes(probe.scope) });
      if (probe.scope === SCOPE.lineItemReadOnly && granted.includes(probe.scope)) lineItemToken = token;
    } catch (err) {
      const failure = classifyFailure(err);
      if (FATAL.has(failure.code)) {
        facts.tokenFailure = failure;
        return undefined;
      }
      facts.scopes.push({ ...probe, granted: false });
    }
  }
  return lineItemToken;
}

const lineItemSchema = z.object({ scoreMaximum: z.number().positive(), endDateTime: z.string().max(100).optional() });

async function readLinks(platform: Platform, token: string | undefined, timeoutMs: number, facts: CheckFacts) {
  const [rows, items] = await Promise.all([
    typedSql(pool())
      .selectFrom("lti_link as l")
      .innerJoin("class as c", "c.id", "l.classId")
      .leftJoin("assignment as a", (j) =>
        j.onRef("a.classId", "=", "l.classId").onRef("a.kind", "=", "l.kind").onRef("a.itemSlug", "=", "l.itemSlug"),
      )
      .select(["c.name as className", "l.kind", "l.itemSlug", "l.lineItemUrl", "a.dueAt"])
      .where("l.platformId", "=", platform.id)
      .orderBy("l.createdAt", "desc")
      .limit(MAX_LINKS)
      .execute(),
    assignableItems(),
  ]);
  const title = (kind: string, slug: string) =>
    items.find((i) => i.kind === kind && i.slug === slug)?.title ?? `${kind} ${slug}`;
  let answering = true;
  for (const row of rows) {
    const link: LinkFacts = {
      where: `${row.className} · ${title(row.kind, row.itemSlug)}`,
      lineItemUrl: row.lineItemUrl,
      dockyardDueAt: row.dueAt,
    };
    facts.links.push(link);
    if (!row.lineItemUrl || !token || !answering) continue;
    try {
      const response = await callLms(platform, `read the line item ${row.lineItemUrl}`, row.lineItemUrl, {
        headers: { Authorization: `Bearer ${token}`, Accept: MEDIA_TYPE.lineItem },
        timeoutMs,
      });
      const parsed = lineItemSchema.safeParse(await response.json().catch(() => undefined));
      if (parsed.success) link.lineItem = parsed.data;
    } catch (err) {
      link.readFailure = classifyFailure(err);
      // One silence is enough: the rest would each wait as long.
      if (link.readFailure.code === "no_answer" || link.readFailure.code === "unreachable") answering = false;
    }
  }
}

async function readSendFailures(platform: Platform, facts: CheckFacts) {
  facts.sendFailures = await typedSql(pool())
    .selectFrom("lti_score_sync as s")
    .innerJoin("lti_link as l", "l.id", "s.linkId")
    .innerJoin("class as c", "c.id", "l.classId")
    .innerJoin("user as u", "u.id", "s.userId")
    .distinctOn("s.lastErrorCode")
    .select((eb) => [
      eb.ref("s.lastErrorCode").$notNull().as("code"),
      sql<number>`count(*) OVER (PARTITION BY s."lastErrorCode")::int`.as("count"),
      sql<string>`c.name || ' · ' || u.name`.as("example"),
      eb.ref("s.lastError").$notNull().as("text"),
    ])
    .where("l.platformId", "=", platform.id)
    .where((w) => w.and([w("s.lastError", "is not", null), w("s.lastErrorCode", "is not", null)]))
    .orderBy("s.lastErrorCode")
    .orderBy("s.failedAt", (ob) => ob.desc().nullsLast())
    .execute();
}

/** Checks an LMS registration against the known misconfigurations; admins only. */
export async function checkLms(user: Pick<CurrentUser, "role">, platformId: string, timeoutMs = CALL_TIMEOUT_MS) {
  if (user.role !== "admin") throw new RequestError("FORBIDDEN", "Only an admin can check an LMS registration.");
  const platform = await prisma().ltiPlatform.findUnique({ where: { id: platformId } });
  if (!platform) throw new RequestError("NOT_FOUND", "There is no such LMS registration.");
  const facts: CheckFacts = {
    lmsName: platform.name,
    flavour: lmsFlavour(platform),
    timeoutSeconds: timeoutMs / 1000,
    scopes: [],
    links: [],
    sendFailures: [],
  };
  const token = await probeScopes(platform, timeoutMs, facts);
  if (!facts.tokenFailure) await readLinks(platform, token, timeoutMs, facts);
  await readSendFailures(platform, facts);
  const order = { problem: 0, warning: 1, note: 2 } as const;
  return {
    lmsName: platform.name,
    flavour: facts.flavour,
    checkedAt: new Date().toISOString(),
    scopes: facts.scopes.map((s) => ({ use: s.use, granted: s.granted })),
    linksRead: facts.links.filter((l) => l.lineItem).length,
    findings: RULES.flatMap((rule) => rule.run(facts)).sort((a, b) => order[a.severity] - order[b.severity]),
  };
}
