import type { BetterAuthPlugin } from "better-auth";
import { createAuthEndpoint } from "better-auth/api";
import { setSessionCookie } from "better-auth/cookies";
import { z } from "zod";

/**
 * Signs in the account a verified LTI launch names (lib/lti/launch.ts). Server only: better-auth never puts it on
 * its HTTP router, so the only way to it is a launch the tool has checked.
 */
export const ltiSignIn = {
  id: "dockyard-lti-sign-in",
  endpoints: {
    signInByLtiLaunch: createAuthEndpoint.serverOnly(
      { method: "POST", body: z.object({ userId: z.string().min(1) }) },
      async (ctx) => {
        const user = await ctx.context.internalAdapter.findUserById(ctx.body.userId);
        if (!user) throw new Error("The launch named an account that does not exist.");
        const session = await ctx.context.internalAdapter.createSession(user.id);
        await setSessionCookie(ctx, { session, user });
        return ctx.json({ signedIn: true });
      },
    ),
  },
} satisfies BetterAuthPlugin;
