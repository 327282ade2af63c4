import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { nextCookies } from "better-auth/next-js";
import { z } from "zod";
import { env } from "../config/env";
import { prisma } from "../db/client";
import { publicOrigin, servedOverHttps } from "../http/public-origin";
import { mailboxProved } from "../identities/address-proof";
import { mailFailed, sendMail } from "../mail/send-mail";
import { accountFieldProblem } from "./account-fields";
import { claimAddressMail, passwordResetMail, verificationMail } from "./account-mail";
import {
  deviceCookieKey,
  deviceCookieOptions,
  deviceCookiesToDrop,
  issueDeviceCookie,
  trustedNonce,
} from "./device-cookie";
import { sameSiteTargets } from "./same-site-targets";
import {
  type Attempt,
  addressSubject,
  clearSignInFailures,
  judgeSignIn,
  recordSignInFailure,
  recordSignInSuccess,
  throttledMessage,
} from "./sign-in-throttle";
import { CLAIM_REDIRECT, claimUnprovenAddress, isClaimLink } from "./unproven-sign-up";
import { verifiedSignIn } from "./verified-sign-in";

function createAuth() {
  const config = env();
  return betterAuth({
    appName: "Dockyard",
    baseURL: config.APP_URL,
    secret: config.BETTER_AUTH_SECRET,
    trustedOrigins: [publicOrigin()],
    database: prismaAdapter(prisma(), { provider: "postgresql" }),
    emailAndPassword: {
      enabled: true,
      minPasswordLength: 8,
      maxPasswordLength: 128,
      autoSignIn: true,
      // "Forgot your password?": a link good for an hour; setting a new password signs out every other session.
      resetPasswordTokenExpiresIn: 60 * 60,
      revokeSessionsOnPasswordReset: true,
      sendResetPassword: async ({ user, url }) =>
        sendMail(isClaimLink(url) ? claimAddressMail(user, url) : passwordResetMail(user, url)).catch(mailFailed),
      // A new password set through the mailed link proves the mailbox: the guesses against the old one stop counting
      // (the throttle's way out works at once) and identities linked before the proof go (mailboxProved).
      onPasswordReset: async ({ user }) => {
        await clearSignInFailures(user.email);
        await mailboxProved(user.id);
      },
    },
    // Sign-up mails a link that proves the address; until then the course is open, but no class invitation goes to it.
    emailVerification: {
      sendOnSignUp: true,
      autoSignInAfterVerification: true,
      expiresIn: 24 * 60 * 60,
      sendVerificationEmail: async ({ user, url }) => sendMail(verificationMail(user, url)).catch(mailFailed),
      // Whoever opened the link holds the mailbox: no identity linked before the proof outlives it.
      afterEmailVerification: async (user) => {
        await mailboxProved(user.id);
      },
    },
    user: {
      additionalFields: {
        // input: false — a learner can never pick their own role at sign-up.
        role: { type: "string", required: false, defaultValue: "learner", input: false },
      },
    },
    // Every write of an account's name or e-mail goes through these, so the limits hold whichever endpoint wrote them.
    databaseHooks: { user: { create: { before: withinLimits }, update: { before: withinLimits } } },
    telemetry: { enabled: false },
    // Per network address: a generous ceiling, not the guard against guessing (sign-in-throttle.ts). A lecture hall
    // behind one campus address signs up and in together; better-auth's default (3 in 10 s) turned it away.
    rateLimit: {
      enabled: true,
      window: 60,
      max: 1000,
      customRules: {
        "/sign-in/email": { window: 60, max: 300 },
        "/sign-up/email": { window: 60, max: 300 },
        // Each sends mail: fewer, so nobody makes the platform mail an address over and over.
        "/request-password-reset": { window: 60, max: 30 },
        "/send-verification-email": { window: 60, max: 30 },
      },
    },
    hooks: { before: beforeHook, after: countSignIn },
    advanced: {
      // Said outright, not guessed from baseURL: session cookies are Secure exactly when served over HTTPS, as HSTS.
      useSecureCookies: servedOverHttps(),
      // better-auth turns its origin check (Origin, callbackURL and redirectTo against trustedOrigins) off by itself
      // when NODE_ENV is "test": said outright, so tests run the check production runs.
      disableOriginCheck: false,
      // The rate limit counts by X-Forwarded-For only: the web server made it the peer's or a trusted proxy's word.
      ipAddress: { ipAddressHeaders: ["x-forwarded-for"] },
    },
    // nextCookies last: it writes the cookies the other plugins set through Next.js.
    plugins: [verifiedSignIn, sameSiteTargets, nextCookies()],
  });
}

const signInBodySchema = z.object({ email: z.string() }).passthrough();

type HookContext = Parameters<Parameters<typeof createAuthMiddleware>[0]>[0];

/**
 * The password sign-in a hook sees: the account, the client's address (X-Forwarded-For, one address by now) and the
 * nonce of the browser's valid device cookie for that account. Undefined for any other request.
 */
function passwordSignIn(ctx: HookContext): Attempt | undefined {
  const email = ctx.path === "/sign-in/email" ? signInBodySchema.safeParse(ctx.body).data?.email : undefined;
  if (email === undefined) return undefined;
  const key = deviceCookieKey(ctx.context.secret);
  const deviceNonce = trustedNonce(key, email, ctx.headers?.get("cookie"), servedOverHttps());
  return { email, address: addressSubject(ctx.headers?.get("x-forwarded-for")), deviceNonce };
}

/**
 * Before every auth request: an untrusted password sign-in that failed too often lately waits (sign-in-throttle.ts);
 * a sign-up for an address another account holds unproven mails the owner the way to take it (unproven-sign-up.ts).
 */
const beforeHook = createAuthMiddleware(async (ctx) => {
  const attempt = passwordSignIn(ctx);
  const refusal = attempt && (await judgeSignIn(attempt)).refusal;
  if (refusal) {
    const wait = String(refusal.seconds);
    throw new APIError(
      "TOO_MANY_REQUESTS",
      {
        message: throttledMessage(refusal.limit, refusal.seconds),
        code: refusal.limit === "account" ? "ACCOUNT_THROTTLED" : "ADDRESS_THROTTLED",
      },
      // Retry-After for any client; X-Retry-After is the header better-auth's own limit sends, which the form reads.
      { "Retry-After": wait, "X-Retry-After": wait },
    );
  }
  await claimUnprovenAddress(ctx, (email) =>
    auth().api.requestPasswordReset({ body: { email, redirectTo: CLAIM_REDIRECT } }),
  );
});

/** Counts a wrong password; after one that worked, clears what it proves and gives the browser a new device cookie. */
const countSignIn = createAuthMiddleware(async (ctx) => {
  const attempt = passwordSignIn(ctx);
  if (!attempt) return;
  const { trusted } = await judgeSignIn(attempt);
  const returned = ctx.context.returned as { statusCode?: number } | undefined;
  if (returned instanceof APIError) {
    if (returned.statusCode === 401) await recordSignInFailure(attempt, trusted);
    return;
  }
  await recordSignInSuccess(attempt, trusted);
  const secure = servedOverHttps();
  const cookie = issueDeviceCookie(deviceCookieKey(ctx.context.secret), attempt.email, secure);
  for (const name of deviceCookiesToDrop(ctx.headers?.get("cookie"), cookie.name)) {
    ctx.setCookie(name, "", deviceCookieOptions(secure, 0));
  }
  ctx.setCookie(cookie.name, cookie.value, deviceCookieOptions(secure));
});

/** An account write with its name and e-mail trimmed, or a 400 saying what is wrong with them. */
async function withinLimits<User extends { name?: unknown; email?: unknown; image?: unknown }>(user: User) {
  const problem = accountFieldProblem(user);
  if (problem) throw new APIError("BAD_REQUEST", { message: problem, code: "INVALID_ACCOUNT_FIELD" });
  return {
    data: {
      ...user,
      ...(typeof user.name === "string" ? { name: user.name.trim() } : {}),
      ...(typeof user.email === "string" ? { email: user.email.trim() } : {}),
    },
  };
}

export type Auth = ReturnType<typeof createAuth>;

const globalForAuth = globalThis as unknown as { dockyardAuth?: Auth };

/** Created on first use so builds and scripts that never authenticate need no secret. */
export function auth(): Auth {
  globalForAuth.dockyardAuth ??= createAuth();
  return globalForAuth.dockyardAuth;
}
