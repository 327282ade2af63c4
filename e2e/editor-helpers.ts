import type { Locator, Page } from "playwright-core";

/** A file's tab; named by what it shows (in a tree, the folder first), then "read-only" for the fixed files. */
export const fileTab = (page: Page, path: string): Locator => page.locator(`[role="tab"][data-file="${path}"]`);

/** The Monaco editor showing `path` (Monaco replaces the page's textarea once it has loaded). */
export const monaco = (page: Page, path: string): Locator =>
  page.locator(`[data-testid="editor-${path}"][data-editor="monaco"]`);

/** Opens the file's tab and waits until Monaco shows it. */
export async function openInEditor(page: Page, path: string): Promise<Locator> {
  await fileTab(page, path).click();
  const editor = monaco(page, path);
  await editor.locator(".view-line").first().waitFor();
  return editor;
}

/**
 * Replaces a file's text the way a learner would: click in, select all, paste. A paste is one edit whatever its
 * size; typed input (keyboard.insertText) takes Chromium quadratic time, over a minute for 64 KiB.
 */
export async function setEditorText(page: Page, path: string, text: string): Promise<void> {
  const editor = await openInEditor(page, path);
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(page.url()).origin });
  await editor.locator(".view-lines").click();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.press("Delete");
  if (!text) return;
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.keyboard.press("ControlOrMeta+V");
}

/**
 * The text Monaco shows for a file, read from its rendered lines (Monaco renders the lines in view, so this suits
 * files that fit the editor, which grows with its content up to 640 px).
 */
export async function editorText(page: Page, path: string): Promise<string> {
  const editor = await openInEditor(page, path);
  return editor.locator(".view-lines").evaluate((lines) =>
    [...lines.querySelectorAll<HTMLElement>(".view-line")]
      .map((line) => ({ top: Number.parseFloat(line.style.top), text: line.textContent ?? "" }))
      .sort((a, b) => a.top - b.top)
      .map((line) => line.text.replace(/\u00a0/g, " "))
      .join("\n"),
  );
}
