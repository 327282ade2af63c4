import "server-only";
import { z } from "zod";
import type { CurrentUser } from "../auth/current-user";
import { assignableItems } from "../classes/assignments";
import { prisma } from "../db/client";
import { pool } from "../db/pool";
import { RequestError } from "../errors/request-error";
import { MEDIA_TYPE, SCOPE } from "./claims";
import { CALL_TIMEOUT_MS, callLms, requestToken } from "./lms-calls";
import { canvasLatePolicy } from "./lms-check-rules/canvas-late-policy";
import type { CheckFacts, LinkFacts, LmsCheckRule, LmsFinding, ScopeProbe } from "./lms-check-rules/check-rule";
import { clientAssertion } from "./lms-check-rules/client-assertion";
import { lineItemGone } from "./lms-check-rules/line-item-gone";
import { lineItemMissing } from "./lms-check-rules/line-item-missing";
import { lmsAnswers } from "./lms-check-rules/lms-answers";
import { scopesGranted } from "./lms-check-rules/scopes-granted";
import { scoreMaximum } from "./lms-check-rules/score-maximum";
import { sendFailures } from "./lms-check-rules/send-failures";
import { classifyFailure, SEND_ERRORS } from "./lms-failures";
import { type LmsFlavour, lmsFlavour } from "./lms-flavour";
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

export interface LmsCheckReport {
  lmsName: string;
  flavour: LmsFlavour;
  checkedAt: string;
  scopes: { use: string; granted: boolean }[];
  linksRead: number;
  findings: LmsFinding[];
}

const PROBES: Omit<ScopeProbe, "granted">[] = [
  { scope: SCOPE.score, use: "send scores", needed: true },
  { scope: SCOPE.lineItemReadOnly, use: "read grade columns (line items)", needed: true },
  { scope: SCOPE.memberships, use: "read the course's roster", needed: false },
];

/** A fatal failure at the token endpoint: the LMS is not answering or refuses the tool itself. */
const FATAL = new Set(["no_answer", "unreachable", "address_refused", "lms_error", "token_refused"]);

async function probeScopes(platform: Platform, timeoutMs: number, facts: CheckFacts): Promise<string | undefined> {
  let lineItemToken: string | undefined;
  for (const probe of PROBES) {
    try {
      const { token, granted } = await requestToken(platform, probe.scope, timeoutMs);
      facts.scopes.push({ ...probe, granted: granted.includes(probe.scope) });
      if (probe.scope === SCOPE.lineItemReadOnly && granted.includes(probe.scope)) lineItemToken = token;
    } catch (err) {
      const failure = classifyFailure(err);
      if (FATAL.has(failure.code) || failure.code === "unexpected") {
        facts.tokenFailure = failure;
        return undefined;
      }
      facts.scopes.push({ ...probe, granted: false });
    }
  }
  return lineItemToken;
}

const lineItemSchema = z.object({
  scoreMaximum: z.number().positive(),
  endDateTime: z.string().max(100).optional(),
});

const linkRowSchema = z.object({
  className: z.string(),
  kind: z.string(),
  itemSlug: z.string(),
  lineItemUrl: z.string().nullable(),
  dueAt: z.date().nullable(),
});

async function readLinks(platform: Platform, token: string | undefined, timeoutMs: number, facts: CheckFacts) {
  const [{ rows }, items] = await Promise.all([
    pool().query(
      `SELECT c.name AS "className", l.kind::text AS kind, l."itemSlug", l."lineItemUrl", a."dueAt"
         FROM lti_link l JOIN class c ON c.id = l."classId"
         LEFT JOIN assignment a ON a."classId" = l."classId" AND a.kind = l.kind AND a."itemSlug" = l."itemSlug"
        WHERE l."platformId" = $1
        ORDER BY l."createdAt" DESC LIMIT $2`,
      [platform.id, MAX_LINKS],
    ),
    assignableItems(),
  ]);
  const title = (kind: string, slug: string) =>
    items.find((i) => i.kind === kind && i.slug === slug)?.title ?? `${kind} ${slug}`;
  let answering = true;
  for (const row of z.array(linkRowSchema).parse(rows)) {
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

const failureRowSchema = z.object({
  code: z.enum(SEND_ERRORS),
  count: z.number(),
  example: z.string(),
  text: z.string(),
});

async function readSendFailures(platform: Platform, facts: CheckFacts) {
  const { rows } = await pool().query(
    `SELECT DISTINCT ON (s."lastErrorCode") s."lastErrorCode"::text AS code,
            count(*) OVER (PARTITION BY s."lastErrorCode")::int AS count,
            c.name || ' · ' || u.name AS example, s."lastError" AS text
       FROM lti_score_sync s JOIN lti_link l ON l.id = s."linkId" JOIN class c ON c.id = l."classId"
       JOIN "user" u ON u.id = s."userId"
      WHERE l."platformId" = $1 AND s."lastError" IS NOT NULL AND s."lastErrorCode" IS NOT NULL
      ORDER BY s."lastErrorCode", s."failedAt" DESC NULLS LAST`,
    [platform.id],
  );
  facts.sendFailures = z.array(failureRowSchema).parse(rows);
}

/** Checks an LMS registration against the known misconfigurations; admins only. */
export async function checkLms(
  user: Pick<CurrentUser, "role">,
  platformId: string,
  timeoutMs = CALL_TIMEOUT_MS,
): Promise<LmsCheckReport> {
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
