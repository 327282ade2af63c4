import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { SignInGuessingPanel } from "./sign-in-guessing-panel";

const base = { reportAt: { account: 10, address: 30 }, keptDays: 30 } as const;

describe("the dashboard's sign-in guessing", () => {
  it("lists the accounts guessed at and the addresses guessing, with counts and times, and what to do", () => {
    const markup = renderToStaticMarkup(
      <SignInGuessingPanel
        guessing={{
          ...base,
          accounts: [
            {
              subject: "first-admin@example.test",
              failures: 1234,
              firstFailedAt: new Date("2026-12-17T09:00:00Z"),
              lastFailedAt: new Date("2026-12-17T10:30:00Z"),
            },
          ],
          addresses: [],
        }}
      />,
    );
    expect(markup).toContain("<caption");
    expect(markup).toContain("Accounts being guessed at");
    expect(markup).toContain("first-admin@example.test");
    expect(markup).toContain("1,234");
    expect(markup).toContain('dateTime="2026-12-17T09:00:00.000Z"');
    expect(markup).toContain("17 Dec 2026, 10:30:00 UTC");
    expect(markup).toContain("Addresses guessing: none.");
    expect(markup).toContain("What to do:");
    expect(markup).not.toContain("No guessing recorded");
  });

  it("says so when nothing was recorded", () => {
    const markup = renderToStaticMarkup(<SignInGuessingPanel guessing={{ ...base, accounts: [], addresses: [] }} />);
    expect(markup).toContain("No guessing recorded in the last 30 days.");
  });
});
