import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  ALLOW_LIST_FILE,
  type AllowEntry,
  compareWithAllowList,
  describeFindings,
  describeSuccess,
  parseAllowList,
  readAuditOutput,
} from "./advisories";

/**
 * Samples of `npm audit --omit=dev --json` (npm 11, report version 2): registry-without-advisories.json is what
 * this project's registry answered when recorded; direct-without-fix.json is a published real report; clean.json
 * and through-a-dependency.json follow the same format for the other cases (a clean run, an advisory reached
 * through another package, a fix only by a major upgrade).
 */
const sample = (name: string) => readFileSync(path.join(import.meta.dirname, "samples", name), "utf8");
const TODAY = "2026-11-24";

function advisoriesOf(name: string) {
  const outcome = readAuditOutput(sample(name));
  if (outcome.kind !== "report") throw new Error(`expected a report, got: ${outcome.reason}`);
  return outcome.advisories;
}

const review = (overrides: Partial<AllowEntry>): AllowEntry => ({
  id: "GHSA-7fh5-64p2-3v2j",
  package: "postcss",
  severity: "moderate",
  reason: "Only parses the CSS we ship at build time; no user-supplied CSS reaches it.",
  reviewer: "Rita Reviewer",
  reviewed: "2026-11-01",
  expires: "2027-02-01",
  ...overrides,
});

describe("readAuditOutput", () => {
  it("lists each advisory once, on the package it is about, with where to read it and what fixes it", () => {
    const advisories = advisoriesOf("through-a-dependency.json");
    expect(advisories.map((a) => [a.id, a.package, a.severity])).toEqual([
      ["GHSA-7fh5-64p2-3v2j", "postcss", "moderate"],
      ["GHSA-pxg6-pf52-xh8x", "cookie", "low"],
    ]);
    expect(advisories[0]).toMatchObject({
      url: "https://github.com/advisories/GHSA-7fh5-64p2-3v2j",
      source: 1094544,
      title: "PostCSS line return parsing error",
      range: "<8.4.31",
      nodes: ["node_modules/next/node_modules/postcss"],
      fix: "upgrade next to 14.2.15, a new major version (review its breaking changes)",
    });
    expect(advisories[1]!.fix).toMatch(/^available: `npm audit fix/);
  });

  it("keeps two advisories on one package apart, and says when no fix exists", () => {
    const advisories = advisoriesOf("direct-without-fix.json");
    expect(advisories.map((a) => a.id)).toEqual(["GHSA-4r6h-8v6p-xvw6", "GHSA-5pgg-2g8v-p4x9"]);
    expect(advisories.every((a) => a.fix === "none published yet")).toBe(true);
  });

  it("finds nothing in a clean report", () => {
    expect(advisoriesOf("clean.json")).toEqual([]);
  });

  it("tells a registry that answered no advisories from a clean report, quoting npm", () => {
    expect(readAuditOutput(sample("registry-without-advisories.json"))).toEqual({
      kind: "unavailable",
      reason: "405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk",
    });
    expect(readAuditOutput('{"error":{"code":"ENOTFOUND","summary":"request to registry failed"}}')).toEqual({
      kind: "unavailable",
      reason: "request to registry failed",
    });
    expect(readAuditOutput("")).toMatchObject({ kind: "unavailable", reason: /printed no JSON report/ });
  });
});

describe("compareWithAllowList", () => {
  const advisories = advisoriesOf("through-a-dependency.json");

  it("fails on every advisory nobody reviewed", () => {
    const { findings, accepted } = compareWithAllowList(advisories, [], TODAY);
    expect(findings.map((f) => [f.advisory.id, f.why])).toEqual([
      ["GHSA-7fh5-64p2-3v2j", "new: not on the allow-list"],
      ["GHSA-pxg6-pf52-xh8x", "new: not on the allow-list"],
    ]);
    expect(accepted).toEqual([]);
  });

  it("accepts a current review, named by GHSA id, advisory URL or npm's number", () => {
    for (const id of ["GHSA-7fh5-64p2-3v2j", "https://github.com/advisories/GHSA-7fh5-64p2-3v2j", "1094544"]) {
      const { findings, accepted } = compareWithAllowList(advisories, [review({ id })], TODAY);
      expect(
        accepted.map((a) => a.id),
        id,
      ).toEqual(["GHSA-7fh5-64p2-3v2j"]);
      expect(
        findings.map((f) => f.advisory.id),
        id,
      ).toEqual(["GHSA-pxg6-pf52-xh8x"]);
    }
  });

  it("does not let a review of one package cover the same advisory on another", () => {
    const { findings } = compareWithAllowList(advisories, [review({ package: "next" })], TODAY);
    expect(findings.map((f) => f.advisory.id)).toContain("GHSA-7fh5-64p2-3v2j");
  });

  it("fails again once the review expired, and when the advisory was re-rated above the reviewed severity", () => {
    const expired = compareWithAllowList(advisories, [review({ expires: "2026-11-23" })], TODAY);
    expect(expired.findings[0]!.why).toBe("its review (Rita Reviewer, 2026-11-01) expired on 2026-11-23");
    // The expiry day itself is still covered.
    expect(compareWithAllowList(advisories, [review({ expires: TODAY })], TODAY).accepted).toHaveLength(1);

    const underrated = compareWithAllowList(advisories, [review({ severity: "low" })], TODAY);
    expect(underrated.findings[0]!.why).toBe("reviewed as low, now rated moderate");
  });

  it("points out reviews no advisory needs any more", () => {
    const gone = review({ id: "GHSA-aaaa-bbbb-cccc", package: "left-pad" });
    const comparison = compareWithAllowList(advisoriesOf("clean.json"), [gone], TODAY);
    expect(comparison.findings).toEqual([]);
    expect(describeSuccess(comparison)).toBe(
      "dependency audit OK: no unreviewed advisories in production dependencies; no longer reported, remove from " +
        "the allow-list: GHSA-aaaa-bbbb-cccc (left-pad)",
    );
  });
});

describe("the messages", () => {
  it("list each failing advisory with package, severity, title, URL and fix, and a ready entry to fill in", () => {
    const { findings } = compareWithAllowList(advisoriesOf("direct-without-fix.json"), [], TODAY);
    const message = describeFindings(findings, TODAY);
    expect(message).toContain("dependency audit FAILED: 2 advisories in production dependencies are not covered");
    expect(message).toContain("  xlsx (high): Prototype Pollution in sheetJS\n");
    expect(message).toContain("    https://github.com/advisories/GHSA-5pgg-2g8v-p4x9\n");
    expect(message).toContain("    fix: none published yet\n");
    expect(message).toContain(ALLOW_LIST_FILE);
    const suggested = message
      .split("\n")
      .filter((line) => line.startsWith('  {"id"'))
      .map((line) => JSON.parse(line.trim().replace(/,$/, "")));
    expect(suggested[0]).toMatchObject({ id: "GHSA-4r6h-8v6p-xvw6", package: "xlsx", severity: "high" });
    expect(suggested[0].expires).toBe("2027-02-22");
    // Pasted unedited, the entry is refused: a review needs a reason and a reviewer.
    expect(() => parseAllowList(JSON.stringify({ advisories: suggested }))).toThrow(/advisories\.0\.reason/);
  });

  it("say OK in one line, counting the accepted advisories", () => {
    const comparison = compareWithAllowList(
      advisoriesOf("through-a-dependency.json"),
      [review({}), review({ id: "GHSA-pxg6-pf52-xh8x", package: "cookie", severity: "low" })],
      TODAY,
    );
    expect(describeSuccess(comparison)).toBe(
      "dependency audit OK: no unreviewed advisories in production dependencies " +
        `(2 accepted by a current review in ${ALLOW_LIST_FILE})`,
    );
  });
});

describe("parseAllowList", () => {
  it("accepts complete reviews", () => {
    expect(parseAllowList(JSON.stringify({ advisories: [review({})] }))).toEqual([review({})]);
  });

  it("refuses a review without an expiry, or one meant to hold for more than a year", () => {
    const { expires: _, ...noExpiry } = review({});
    expect(() => parseAllowList(JSON.stringify({ advisories: [noExpiry] }))).toThrow(/advisories\.0\.expires/);
    expect(() => parseAllowList(JSON.stringify({ advisories: [review({ expires: "2028-01-01" })] }))).toThrow(
      /a review holds at most 366 days/,
    );
  });

  it("holds the committed allow-list to the same rules", () => {
    const file = readFileSync(path.resolve(import.meta.dirname, "../..", ALLOW_LIST_FILE), "utf8");
    expect(() => parseAllowList(file)).not.toThrow();
  });
});
