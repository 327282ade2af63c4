import type { BetterAuthPlugin } from "better-auth";
import { createAuthEndpoint } from "better-auth/api";
import { setSessionCookie } from "better-auth/cookies";
import { z } from "zod";

/**
 * Signs in an account whose identity something else has verified: an LTI launch (lib/lti/launch.ts, the LMS's signed
 * id_token) or an institution's OpenID Connect sign-in (lib/institutions/callback.ts, the provider's ID token). The
 * one place outside better-auth's own password sign-in that makes a session. Server only: better-auth never puts it
 * on its HTTP router, so the only way to it is a route that has done that verification first.
 */
export const verifiedSignIn = {
  id: "dockyard-verified-sign-in",
  endpoints: {
    signInVerifiedAccount: createAuthEndpoint.serverOnly(
      { method: "POST", body: z.object({ userId: z.string().min(1) }) },
      async (ctx) => {
        const user = await ctx.context.internalAdapter.findUserById(ctx.body.userId);
        if (!user) throw new Error("The verified sign-in named an account that does not exist.");
        const session = await ctx.context.internalAdapter.createSession(user.id);
        await setSessionCookie(ctx, { session, user });
        return ctx.json({ signedIn: true });
      },
    ),
  },
} satisfies BetterAuthPlugin;
