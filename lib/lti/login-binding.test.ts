import { describe, expect, it } from "vitest";
import { clearLoginBindingCookie, launchBeganHere, loginBindingCookie } from "./login-binding";

describe("a launch bound to the browser that began it", () => {
  it("is recognised by the cookie its login set, and by no other login's", () => {
    const set = loginBindingCookie("state-a");
    expect(set).toMatch(
      /^dockyard_lti_[0-9a-f]{24}=1; Path=\/api\/lti\/launch; Max-Age=600; HttpOnly; Secure; SameSite=None$/,
    );
    const cookie = `other=1; ${set.split(";")[0]}`;
    expect(launchBeganHere("state-a", cookie)).toBe(true);
    expect(launchBeganHere("state-b", cookie)).toBe(false);
    expect(launchBeganHere("state-a", null)).toBe(false);
    expect(clearLoginBindingCookie("state-a")).toContain("Max-Age=0");
  });
});
