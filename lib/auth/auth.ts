import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { nextCookies } from "better-auth/next-js";
import { env } from "../config/env";
import { prisma } from "../db/client";
import { publicOrigin, servedOverHttps } from "../http/public-origin";

function createAuth() {
  const config = env();
  return betterAuth({
    appName: "Dockyard",
    baseURL: config.APP_URL,
    secret: config.BETTER_AUTH_SECRET,
    trustedOrigins: [publicOrigin()],
    database: prismaAdapter(prisma(), { provider: "postgresql" }),
    emailAndPassword: { enabled: true, minPasswordLength: 8, maxPasswordLength: 128, autoSignIn: true },
    user: {
      additionalFields: {
        // input: false — a learner can never pick their own role at sign-up.
        role: { type: "string", required: false, defaultValue: "learner", input: false },
      },
    },
    telemetry: { enabled: false },
    advanced: {
      // Said outright rather than left to better-auth's guess from baseURL: session cookies carry Secure (and the
      // __Secure- prefix) exactly when browsers reach us over HTTPS, the one rule HSTS follows too.
      useSecureCookies: servedOverHttps(),
      // The sign-in rate limit counts by client address, read from X-Forwarded-For only: scripts/web-server.ts has
      // made it the TCP peer's address, or a trusted proxy's word for it (lib/http/forwarded.ts).
      ipAddress: { ipAddressHeaders: ["x-forwarded-for"] },
    },
    plugins: [nextCookies()],
  });
}

export type Auth = ReturnType<typeof createAuth>;

const globalForAuth = globalThis as unknown as { dockyardAuth?: Auth };

/** Created on first use so builds and scripts that never authenticate need no secret. */
export function auth(): Auth {
  globalForAuth.dockyardAuth ??= createAuth();
  return globalForAuth.dockyardAuth;
}
