import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { publicOrigin } from "../http/public-origin";
import { sameSitePath } from "../http/same-site-path";

// Where better-auth sends a browser after a step: a password reset link, an e-mail confirmation, a sign-in.
const TARGETS = ["callbackURL", "redirectTo", "errorCallbackURL", "newUserCallbackURL"] as const;

/**
 * Holds every redirect target a request gives the auth server to the one rule of lib/http/same-site-path.ts.
 * better-auth's own check (trustedOrigins) lets `/.//evil.example` through as a path, and then answers an e-mail
 * confirmation with a bad token with `Location: //evil.example?error=…`, another host (better-auth 1.7). A target
 * is kept only as sameSitePath keeps it unchanged, as a path or as an address on the public origin; anything else is
 * refused with a 400 before any endpoint runs.
 */
export const sameSiteTargets = {
  id: "dockyard-same-site-targets",
  hooks: {
    before: [
      {
        matcher: () => true,
        handler: createAuthMiddleware(async (ctx) => {
          for (const name of TARGETS) {
            const value = (ctx.body as Record<string, unknown> | undefined)?.[name] ?? ctx.query?.[name];
            if (value !== undefined && value !== "" && !onThisSite(value)) {
              throw new APIError("BAD_REQUEST", {
                message: `The ${name} must be a path on this site (${publicOrigin()}), such as /reset-password.`,
              });
            }
          }
        }),
      },
    ],
  },
} satisfies BetterAuthPlugin;

function onThisSite(value: unknown): boolean {
  if (typeof value !== "string") return false;
  if (value.startsWith("/")) return sameSitePath(value) === value;
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  const path = url.pathname + url.search + url.hash;
  return url.origin === publicOrigin() && sameSitePath(path) === path;
}
