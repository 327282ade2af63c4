import type { Page } from "playwright-core";

/** A phone held upright: the width the header must collapse at and no page may scroll sideways at. */
export const PHONE = { width: 390, height: 844 };

/**
 * What is wrong with the page as a phone shows it: a page wider than the screen (it would scroll sideways), or a
 * header menu that does not open, does not show the account's control (`account`: "Sign in" signed out, "Sign out"
 * signed in) inside the screen, or does not close on Escape with the focus back on its button.
 */
export async function phoneProblems(page: Page, account: "Sign in" | "Sign out"): Promise<string[]> {
  const where = new URL(page.url()).pathname;
  const problems: string[] = [];
  const overflow = await page.evaluate(() => {
    const width = window.innerWidth;
    const scrollWidth = document.documentElement.scrollWidth;
    if (scrollWidth <= width) return null;
    // The first elements that reach past the screen's edge, for the message.
    const past = [...document.querySelectorAll("body *")]
      .filter((e) => e.getBoundingClientRect().right > width + 1)
      .slice(0, 3)
      .map((e) => `<${e.tagName.toLowerCase()} class="${e.getAttribute("class") ?? ""}">`);
    return { scrollWidth, width, past };
  });
  if (overflow) {
    problems.push(
      `${where}: ${overflow.scrollWidth} px wide on a ${overflow.width} px screen; past the edge: ${overflow.past}`,
    );
  }

  const nav = page.getByRole("navigation", { name: "Main" });
  const button = nav.getByRole("button", { name: "Menu", exact: true });
  const menu = page.locator("#site-menu");
  if (!(await button.isVisible())) return [...problems, `${where}: no Menu button in the header`];
  await button.click();
  if ((await button.getAttribute("aria-expanded")) !== "true") problems.push(`${where}: the Menu button opens nothing`);
  const control = menu.getByRole(account === "Sign out" ? "button" : "link", { name: account, exact: true });
  try {
    await control.waitFor({ timeout: 10_000 });
    const box = await control.boundingBox();
    if (!box || box.x < 0 || box.x + box.width > PHONE.width) {
      problems.push(`${where}: "${account}" is outside the screen (${JSON.stringify(box)})`);
    }
  } catch {
    problems.push(`${where}: the open menu shows no "${account}"`);
  }
  await page.keyboard.press("Escape");
  if (await menu.isVisible()) problems.push(`${where}: Escape does not close the menu`);
  if (!(await button.evaluate((b) => b === document.activeElement))) {
    problems.push(`${where}: the focus is not back on the Menu button after Escape`);
  }
  return problems;
}
