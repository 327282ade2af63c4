import type { Page } from "playwright-core";

/** What xterm shows, a line per row (its DOM renderer writes each row as a text element). */
export async function terminalScreen(page: Page): Promise<string> {
  const rows = await page.getByTestId("shell-terminal").locator(".xterm-rows > div").allTextContents();
  return rows.map((row) => row.replaceAll("\u00a0", " ").trimEnd()).join("\n");
}
