/**
 * The dependency audit's decisions, apart from running npm (scripts/audit.ts): which advisories `npm audit --json`
 * reports, which of them a person reviewed and accepted in the allow-list, and what to tell whoever must act.
 */
import { z } from "zod";

const SEVERITIES = ["info", "low", "moderate", "high", "critical"] as const;
type Severity = (typeof SEVERITIES)[number];

export const ALLOW_LIST_FILE = "security/audit-allowlist.json";
/** A review holds at most this long: advisories gain severity and exploits, and a dependency's use changes. */
const MAX_REVIEW_DAYS = 366;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a date as YYYY-MM-DD");

const allowEntrySchema = z
  .object({
    /** The advisory: its GHSA id, its URL, or npm's numeric id ("source"). */
    id: z.string().min(1),
    package: z.string().min(1),
    severity: z.enum(SEVERITIES),
    reason: z
      .string()
      .min(20, "say why the advisory does not apply here or why the risk is accepted (20 characters or more)")
      .refine((text) => !text.includes("<"), "replace the <placeholder> with the review's reasoning"),
    reviewer: z
      .string()
      .min(1)
      .refine((text) => !text.includes("<"), "name the person who reviewed it"),
    reviewed: isoDate,
    /** After this day the advisory fails the audit again until someone reviews it anew. */
    expires: isoDate,
  })
  .refine((entry) => entry.expires > entry.reviewed, { message: "expires must come after reviewed", path: ["expires"] })
  .refine((entry) => daysBetween(entry.reviewed, entry.expires) <= MAX_REVIEW_DAYS, {
    message: `a review holds at most ${MAX_REVIEW_DAYS} days: set expires within a year of reviewed`,
    path: ["expires"],
  });

const allowListSchema = z.object({ advisories: z.array(allowEntrySchema) });

export type AllowEntry = z.infer<typeof allowEntrySchema>;

/** One advisory against one installed package, as npm reports it. */
export interface Advisory {
  /** GHSA id when npm gives the GitHub advisory URL, else npm's numeric id. */
  id: string;
  url: string;
  source?: number;
  package: string;
  severity: Severity;
  title: string;
  /** The vulnerable versions. */
  range: string;
  /** Where it is installed (node_modules paths). */
  nodes: string[];
  /** What would fix it, in words. */
  fix: string;
}

/** What a run of npm audit printed: a report, or why there is none. */
export type AuditOutcome = { kind: "report"; advisories: Advisory[] } | { kind: "unavailable"; reason: string };

const viaAdvisorySchema = z.object({
  source: z.number().optional(),
  name: z.string(),
  title: z.string().default(""),
  url: z.string().default(""),
  severity: z.enum(SEVERITIES),
  range: z.string().default(""),
});
const fixSchema = z.union([
  z.boolean(),
  z.object({ name: z.string(), version: z.string(), isSemVerMajor: z.boolean().default(false) }),
]);
const reportSchema = z.object({
  auditReportVersion: z.literal(2),
  vulnerabilities: z.record(
    z.string(),
    z.object({
      name: z.string(),
      // A string names a dependency through which the package is affected; its own entry carries the advisory.
      via: z.array(z.union([z.string(), viaAdvisorySchema])).default([]),
      nodes: z.array(z.string()).default([]),
      fixAvailable: fixSchema.default(false),
    }),
  ),
});

/** Reads `npm audit --json`'s output: the advisories it lists, or why npm could not produce a report. */
export function readAuditOutput(stdout: string): AuditOutcome {
  let json: unknown;
  try {
    json = JSON.parse(stdout);
  } catch {
    const start = stdout.trim().slice(0, 300) || "(nothing)";
    return { kind: "unavailable", reason: `npm audit printed no JSON report: ${start}` };
  }
  const report = reportSchema.safeParse(json);
  if (!report.success) return { kind: "unavailable", reason: npmError(json) };

  const found = new Map<string, Advisory>();
  for (const vulnerability of Object.values(report.data.vulnerabilities)) {
    for (const via of vulnerability.via) {
      if (typeof via === "string") continue;
      const id = ghsaId(via.url) ?? String(via.source ?? via.title);
      const key = `${id}\0${via.name}`;
      const known = found.get(key);
      if (known) {
        known.nodes = [...new Set([...known.nodes, ...vulnerability.nodes])];
        continue;
      }
      found.set(key, {
        id,
        url: via.url,
        source: via.source,
        package: via.name,
        severity: via.severity,
        title: via.title,
        range: via.range,
        nodes: [...vulnerability.nodes],
        fix: describeFix(vulnerability.fixAvailable),
      });
    }
  }
  return { kind: "report", advisories: [...found.values()].sort((a, b) => a.id.localeCompare(b.id)) };
}

/** Validates the allow-list file's content; the error names each entry and field that is wrong. */
export function parseAllowList(text: string): AllowEntry[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`${ALLOW_LIST_FILE} is not valid JSON: ${(err as Error).message}`);
  }
  const parsed = allowListSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".") || "(file)"}: ${i.message}`).join("\n");
    throw new Error(`${ALLOW_LIST_FILE} has entries that are not complete reviews:\n${problems}`);
  }
  return parsed.data.advisories;
}

/** An advisory the audit fails on, and why it is not covered by the allow-list. */
export interface Finding {
  advisory: Advisory;
  why: string;
}

export interface Comparison {
  /** Advisories to act on: not on the allow-list, or its review expired or no longer matches. */
  findings: Finding[];
  /** Advisories a current review accepts. */
  accepted: Advisory[];
  /** Allow-list entries no advisory needs any more (the dependency was upgraded): worth removing. */
  unused: AllowEntry[];
}

/** Compares the reported advisories with the allow-list as of `today` (YYYY-MM-DD). */
export function compareWithAllowList(advisories: Advisory[], allowList: AllowEntry[], today: string): Comparison {
  const findings: Finding[] = [];
  const accepted: Advisory[] = [];
  const used = new Set<AllowEntry>();
  for (const advisory of advisories) {
    const entry = allowList.find((e) => e.package === advisory.package && names(advisory).includes(e.id.trim()));
    if (!entry) {
      findings.push({ advisory, why: "new: not on the allow-list" });
      continue;
    }
    used.add(entry);
    if (entry.expires < today) {
      findings.push({ advisory, why: `its review (${entry.reviewer}, ${entry.reviewed}) expired on ${entry.expires}` });
    } else if (rank(advisory.severity) > rank(entry.severity)) {
      findings.push({ advisory, why: `reviewed as ${entry.severity}, now rated ${advisory.severity}` });
    } else {
      accepted.push(advisory);
    }
  }
  return { findings, accepted, unused: allowList.filter((e) => !used.has(e)) };
}

/** The message for a run with findings: each advisory, and how to fix it or record a review. */
export function describeFindings(findings: Finding[], today: string): string {
  const lines = [
    `dependency audit FAILED: ${findings.length} ${findings.length === 1 ? "advisory" : "advisories"} in ` +
      `production dependencies ${findings.length === 1 ? "is" : "are"} not covered by a current review in ` +
      `${ALLOW_LIST_FILE}:`,
    "",
  ];
  for (const { advisory, why } of findings) {
    lines.push(
      `  ${advisory.package} (${advisory.severity}): ${advisory.title || "(no title)"}`,
      `    ${advisory.url || `npm advisory ${advisory.id}`}`,
      `    vulnerable: ${advisory.package} ${advisory.range || "(range not given)"}; installed at ` +
        `${advisory.nodes.join(", ") || "(not given)"}`,
      `    fix: ${advisory.fix}`,
      `    why it fails: ${why}`,
      "",
    );
  }
  lines.push(
    "What to do: upgrade to a fixed version where there is one (then `npm run lockfile:repair` and the tests).",
    `Otherwise read the advisory; if it does not apply to how Dockyard uses the package, or the risk is accepted, add`,
    `(or renew) its entry in ${ALLOW_LIST_FILE} with your reasoning, your name and an expiry of a few months:`,
    "",
    ...findings.map(({ advisory }) => `  ${JSON.stringify(suggestedEntry(advisory, today))},`),
  );
  return lines.join("\n");
}

/** The one line of a run without findings. */
export function describeSuccess(comparison: Comparison): string {
  const accepted = comparison.accepted.length;
  const note = accepted === 0 ? "" : ` (${accepted} accepted by a current review in ${ALLOW_LIST_FILE})`;
  const unused = comparison.unused.map((e) => `${e.id} (${e.package})`).join(", ");
  const tidy = unused === "" ? "" : `; no longer reported, remove from the allow-list: ${unused}`;
  return `dependency audit OK: no unreviewed advisories in production dependencies${note}${tidy}`;
}

function suggestedEntry(advisory: Advisory, today: string): AllowEntry {
  return {
    id: advisory.id,
    package: advisory.package,
    severity: advisory.severity,
    reason: "<why it does not apply to Dockyard, or why the risk is accepted>",
    reviewer: "<your name>",
    reviewed: today,
    expires: addDays(today, 90),
  };
}

/** Every name an allow-list entry may use for the advisory. */
function names(advisory: Advisory): string[] {
  return [advisory.id, advisory.url, ...(advisory.source === undefined ? [] : [String(advisory.source)])].filter(
    (name) => name !== "",
  );
}

function ghsaId(url: string): string | undefined {
  return /\/(GHSA-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4})\b/i.exec(url)?.[1];
}

function describeFix(fix: z.infer<typeof fixSchema>): string {
  if (fix === true) return "available: `npm audit fix --omit=dev` installs a fixed version within the allowed ranges";
  if (fix === false) return "none published yet";
  return fix.isSemVerMajor
    ? `upgrade ${fix.name} to ${fix.version}, a new major version (review its breaking changes)`
    : `upgrade ${fix.name} to ${fix.version}`;
}

/** npm's reason for printing no report (`npm audit --json` prints its error as JSON too). */
function npmError(json: unknown): string {
  const error = json as { message?: unknown; error?: { summary?: unknown; code?: unknown } } | null;
  const text = [error?.message, error?.error?.summary, error?.error?.code].find(
    (part): part is string => typeof part === "string" && part !== "",
  );
  return text ?? `npm audit printed something other than a report: ${JSON.stringify(json).slice(0, 300)}`;
}

function rank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

function daysBetween(from: string, to: string): number {
  return (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
}

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
