import { describe, expect, it } from "vitest";
import { inlineScriptHashes } from "../http/security-headers";
import { deepLinkReturnPage, escapeHtml, pickerAnswerPolicy } from "./lti-pages";

describe("the deep linking answer page", () => {
  it("carries the signed answer to the LMS in a form its own policy lets run and post", () => {
    const html = deepLinkReturnPage("https://lms.example.edu/return?x=1&y=2", "header.payload.signature");
    expect(html).toContain('action="https://lms.example.edu/return?x=1&amp;y=2"');
    expect(html).toContain('name="JWT" value="header.payload.signature"');
    const policy = pickerAnswerPolicy();
    // Its one inline script is allowed by hash, and nothing else inline is.
    for (const hash of inlineScriptHashes(html)) expect(policy).toContain(hash);
    expect(policy).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(policy).toMatch(/form-action 'self' https: http:/);
  });

  it("escapes what it writes into the page", () => {
    expect(escapeHtml(`"><script>alert('x')</script>&`)).toBe(
      "&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;",
    );
    const html = deepLinkReturnPage('https://lms.example.edu/"><script>bad()</script>', "jwt");
    expect(html).not.toContain("<script>bad()");
  });
});
