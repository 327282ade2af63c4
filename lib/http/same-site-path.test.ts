import { describe, expect, it } from "vitest";
import { sameSitePath } from "./same-site-path";

describe("sameSitePath", () => {
  it("keeps a path on this site, with its query and fragment", () => {
    expect(sameSitePath("/exercises/first-image?tab=report#checks")).toBe("/exercises/first-image?tab=report#checks");
    expect(sameSitePath("/")).toBe("/");
  });

  it("sends anything that would leave the site to the home page", () => {
    for (const away of ["//evil.example", "/\\evil.example", "/\\/evil.example", "https://evil.example/", "evil", ""]) {
      expect(sameSitePath(away)).toBe("/");
    }
    expect(sameSitePath(undefined)).toBe("/");
    expect(sameSitePath(`/${"a".repeat(2048)}`)).toBe("/");
  });

  it("keeps what only looks like another host inside a path", () => {
    expect(sameSitePath("/%2F%2Fevil.example")).toBe("/%2F%2Fevil.example");
  });
});
