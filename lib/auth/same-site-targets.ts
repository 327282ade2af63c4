import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { publicOrigin } from "../http/public-origin";
import { sameSitePath } from "../http/same-site-path";

// Where better-auth sends a browser after a step: a password reset link, an e-mail confirmation, a sign-in.
const TARGETS = ["callbackURL", "redirectTo", "errorCallbackURL", "newUserCallbackURL"] as const;

/**
 * Holds every redirect target a request gives the auth server to lib/http/same-site-path.ts's rule, as a path or an
 * address on the public origin, else 400. better-auth's own check lets `/.//evil.example` through, then answers a bad
 * confirmation token with `Location: //evil.example?error=…`, another host (better-auth 1.7).
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
