import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { nextCookies } from "better-auth/next-js";
import { z } from "zod";
import { env } from "../config/env";
import { prisma } from "../db/client";
import { publicOrigin, servedOverHttps } from "../http/public-origin";
import { sendMail } from "../mail/send-mail";
import { accountFieldProblem } from "./account-fields";
import { passwordResetMail, verificationMail } from "./account-mail";
import {
  accountRetryAfter,
  accountThrottledMessage,
  clearSignInFailures,
  recordSignInFailure,
} from "./sign-in-throttle";
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
      sendResetPassword: async ({ user, url }) => sendMail(passwordResetMail(user, url)).catch(mailFailed),
      // A new password set through the mailed link proves the mailbox: the guesses against the old one stop counting,
      // so the way out the throttle's message names works at once.
      onPasswordReset: async ({ user }) => clearSignInFailures(user.email),
    },
    // Sign-up sends a link that proves the address is the account's. The course is open before that, but an address
    // counts for nothing until it is proven: no class invitation (a roster line, a staff role) goes to it before.
    emailVerification: {
      sendOnSignUp: true,
      autoSignInAfterVerification: true,
      expiresIn: 24 * 60 * 60,
      sendVerificationEmail: async ({ user, url }) => sendMail(verificationMail(user, url)).catch(mailFailed),
    },
    user: {
      additionalFields: {
        // input: false — a learner can never pick their own role at sign-up.
        role: { type: "string", required: false, defaultValue: "learner", input: false },
      },
    },
    // Every write of an account's name or e-mail goes through these (sign-up, update-user, create-admin), so the
    // limits hold whichever endpoint wrote them; the message reaches the form as the error's message.
    databaseHooks: {
      user: {
        create: {
          before: async (user) => ({ data: { ...user, ...withinLimits(user) } }),
        },
        update: { before: async (user) => ({ data: { ...user, ...withinLimits(user) } }) },
      },
    },
    telemetry: { enabled: false },
    // Per network address: a generous ceiling, not the guard against guessing (that is per account, below). A lecture
    // hall behind one campus address signs up and in together; better-auth's own default (3 in 10 s) turned it away.
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
    hooks: { before: refuseThrottledAccount, after: countSignInFailure },
    advanced: {
      // Said outright rather than left to better-auth's guess from baseURL: session cookies carry Secure (and the
      // __Secure- prefix) exactly when browsers reach us over HTTPS, the one rule HSTS follows too.
      useSecureCookies: servedOverHttps(),
      // The sign-in rate limit counts by client address, read from X-Forwarded-For only: scripts/web-server.ts has
      // made it the TCP peer's address, or a trusted proxy's word for it (lib/http/forwarded.ts).
      ipAddress: { ipAddressHeaders: ["x-forwarded-for"] },
    },
    // nextCookies last: it writes the cookies the other plugins set through Next.js.
    plugins: [verifiedSignIn, nextCookies()],
  });
}

const signInBodySchema = z.object({ email: z.string() }).passthrough();

/** A sign-in to an account that failed too often lately waits (lib/auth/sign-in-throttle.ts), right password or not. */
const refuseThrottledAccount = createAuthMiddleware(async (ctx) => {
  if (ctx.path !== "/sign-in/email") return;
  const body = signInBodySchema.safeParse(ctx.body);
  if (!body.success) return;
  const wait = accountRetryAfter(body.data.email);
  if (wait === undefined) return;
  throw new APIError(
    "TOO_MANY_REQUESTS",
    { message: accountThrottledMessage(wait), code: "ACCOUNT_THROTTLED" },
    { "X-Retry-After": String(wait) },
  );
});

/** Counts a failed password sign-in against its account, and clears the count once one works. */
const countSignInFailure = createAuthMiddleware(async (ctx) => {
  if (ctx.path !== "/sign-in/email") return;
  const body = signInBodySchema.safeParse(ctx.body);
  if (!body.success) return;
  const returned = ctx.context.returned as { statusCode?: number } | undefined;
  if (returned instanceof APIError) {
    if (returned.statusCode === 401) recordSignInFailure(body.data.email);
  } else {
    clearSignInFailures(body.data.email);
  }
});

/**
 * A message the mail server refused, or that could not reach it: the account's request still succeeds (a sign-up is
 * not lost because mail is down; the person can ask for the link again), and the operator learns why from the log.
 */
function mailFailed(err: unknown): void {
  console.error(`[mail] sending failed: ${(err as Error).message}`);
}

/** The name and e-mail of an account write, trimmed, or a 400 saying what is wrong with them. */
function withinLimits(user: { name?: unknown; email?: unknown; image?: unknown }): { name?: string; email?: string } {
  const problem = accountFieldProblem(user);
  if (problem) throw new APIError("BAD_REQUEST", { message: problem, code: "INVALID_ACCOUNT_FIELD" });
  return {
    ...(typeof user.name === "string" ? { name: user.name.trim() } : {}),
    ...(typeof user.email === "string" ? { email: user.email.trim() } : {}),
  };
}

export type Auth = ReturnType<typeof createAuth>;

const globalForAuth = globalThis as unknown as { dockyardAuth?: Auth };

/** Created on first use so builds and scripts that never authenticate need no secret. */
export function auth(): Auth {
  globalForAuth.dockyardAuth ??= createAuth();
  return globalForAuth.dockyardAuth;
}
