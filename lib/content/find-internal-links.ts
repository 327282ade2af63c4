/**
 * Every site-internal reference in a lesson body, as written (/lessons/layer-caching#why): Markdown links, hrefs and
 * <Exercise slug="..."/> embeds (as /exercises/<slug>). Code is skipped: a path shown in code is an example.
 */
export function findInternalLinks(body: string, firstLine = 1) {
  const links: { target: string; line: number }[] = [];
  let inFence = false;
  body.split("\n").forEach((text, i) => {
    if (/^\s*(```|~~~)/.test(text)) inFence = !inFence;
    if (inFence) return;
    const line = firstLine + i;
    const withoutInlineCode = text.replace(/`[^`]*`/g, "");
    for (const m of withoutInlineCode.matchAll(/\]\((\/[^)\s]*)\)|href=["'{`]*(\/[^"'`}\s]*)/g))
      links.push({ target: (m[1] ?? m[2])!, line });
    for (const m of withoutInlineCode.matchAll(/<Exercise\b[^>]*\bslug=["']([^"']+)["']/g))
      links.push({ target: `/exercises/${m[1]}`, line });
  });
  return links;
}
