import { AxeBuilder } from "@axe-core/playwright";
import type { Page } from "playwright-core";

/** The WCAG 2.0, 2.1 and 2.2 success criteria at levels A and AA, as axe-core tags its rules. */
export const WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/** The impacts that fail the build: a serious or critical barrier is one a user cannot work around. */
const FAILING = new Set(["serious", "critical"]);

export type Theme = "light" | "dark";

/**
 * Every serious or critical WCAG 2.2 AA violation axe-core finds on the page as loaded, in each of `themes`: the
 * page is shown in a theme by emulating the system's colour scheme (the platform's default setting follows it), so a
 * page is loaded once and checked in both. One line per rule and page, with the first elements it names, so a
 * failure says where to look.
 */
export async function axeProblems(page: Page, themes: readonly Theme[] = ["light", "dark"]): Promise<string[]> {
  const where = new URL(page.url()).pathname + new URL(page.url()).search;
  const problems: string[] = [];
  for (const theme of themes) {
    await page.emulateMedia({ colorScheme: theme });
    const results = await new AxeBuilder({ page }).withTags(WCAG_22_AA).analyze();
    for (const violation of results.violations) {
      if (!FAILING.has(violation.impact ?? "")) continue;
      const targets = violation.nodes.slice(0, 3).map((n) => n.target.join(" "));
      const more = violation.nodes.length > 3 ? ` and ${violation.nodes.length - 3} more` : "";
      const first = violation.nodes[0]?.failureSummary?.split("\n").slice(1, 2).join("").trim() ?? "";
      problems.push(
        `${where} (${theme}): ${violation.id} (${violation.impact}) on ${targets.join(", ")}${more}: ${first}`,
      );
    }
  }
  await page.emulateMedia({ colorScheme: null });
  return problems;
}

/**
 * `axeProblems` for a crawl: once per path, since a query changes what a template shows but not how (the playground
 * takes every lesson's command as `?try=`; checking each would be dozens of checks of one page).
 */
export function axeOncePerPath(): (page: Page) => Promise<string[]> {
  const seen = new Set<string>();
  return async (page) => {
    const path = new URL(page.url()).pathname;
    if (seen.has(path)) return [];
    seen.add(path);
    return axeProblems(page);
  };
}
