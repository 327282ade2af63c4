import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";

vi.mock("next/navigation", () => ({ useSearchParams: () => new URLSearchParams("token=abc") }));

const { ForgotPasswordForm, ResetPasswordForm } = await import("./password-reset-forms");

/**
 * The server's HTML of a form that works only through script: its submit button is disabled until React runs, so a
 * click or an Enter before that cannot submit the form as a GET (the address in the URL, and nothing sent).
 */
describe("the password forms before their script runs", () => {
  it("cannot be submitted", () => {
    for (const form of [<ForgotPasswordForm key="forgot" />, <ResetPasswordForm key="reset" />]) {
      const html = renderToStaticMarkup(form);
      expect(html).toMatch(/<button type="submit" disabled=""/);
    }
  });
});
