import { describe, expect, it } from "vitest";
import { accountEmailSchema, accountFieldProblem, accountNameSchema } from "./account-fields";
import { ACCOUNT_LIMITS, boundedName } from "./account-limits";

describe("account names", () => {
  it("are trimmed and may be 1 to 100 characters of any script", () => {
    expect(accountNameSchema.parse("  Ada Lovelace ")).toBe("Ada Lovelace");
    expect(accountNameSchema.parse("李小龍")).toBe("李小龍");
    expect(accountNameSchema.parse("n".repeat(100))).toHaveLength(100);
  });

  it("refuse blank, overlong, control characters and broken Unicode, each with its own message", () => {
    expect(accountFieldProblem({ name: "   " })).toBe("Enter your name.");
    expect(accountFieldProblem({ name: "n".repeat(101) })).toBe("A name can be at most 100 characters long.");
    expect(accountFieldProblem({ name: "n".repeat(200_000) })).toBe("A name can be at most 100 characters long.");
    expect(accountFieldProblem({ name: "Ada\nLovelace" })).toMatch(/control characters/);
    expect(accountFieldProblem({ name: "Ada\u0000" })).toMatch(/control characters/);
    expect(accountFieldProblem({ name: "Ada \ud800" })).toMatch(/valid Unicode/);
  });
});

describe("account e-mail addresses", () => {
  const at254 = `${"a".repeat(64)}@${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(53)}.example`;

  it("may be up to 254 characters (RFC 5321) of the usual shape", () => {
    expect(at254).toHaveLength(254);
    expect(accountEmailSchema.parse(at254)).toBe(at254);
    expect(accountFieldProblem({ email: " ada@example.org " })).toBeUndefined();
  });

  it("refuse longer addresses and other shapes, saying why", () => {
    expect(accountFieldProblem({ email: `x${at254}` })).toBe(
      `An e-mail address can be at most ${ACCOUNT_LIMITS.emailChars} characters long (RFC 5321).`,
    );
    expect(accountFieldProblem({ email: `${"a".repeat(320)}@example.org` })).toMatch(/at most 254/);
    expect(accountFieldProblem({ email: "not an address" })).toBe(
      "Enter a valid e-mail address, like name@example.com.",
    );
  });
});

describe("accountFieldProblem", () => {
  it("checks only the fields a write carries, and takes no picture address", () => {
    expect(accountFieldProblem({})).toBeUndefined();
    expect(accountFieldProblem({ name: "Ada", image: null })).toBeUndefined();
    expect(accountFieldProblem({ image: "\u0000" })).toMatch(/no profile pictures/);
  });
});

describe("boundedName", () => {
  it("leaves names within the limit alone and cuts longer ones to the limit with an ellipsis", () => {
    expect(boundedName("Ada")).toBe("Ada");
    expect(boundedName("n".repeat(100))).toBe("n".repeat(100));
    const cut = boundedName("n".repeat(200_000));
    expect(cut).toBe(`${"n".repeat(99)}…`);
    expect([...cut]).toHaveLength(ACCOUNT_LIMITS.nameChars);
  });

  it("never splits a character made of two UTF-16 units", () => {
    const cut = boundedName("😀".repeat(150));
    expect(cut.isWellFormed()).toBe(true);
    expect(cut).toBe(`${"😀".repeat(99)}…`);
  });
});
