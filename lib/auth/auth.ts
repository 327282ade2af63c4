import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { nextCookies } from "better-auth/next-js";
import { env } from "../config/env";
import { prisma } from "../db/client";

function createAuth() {
  const config = env();
  return betterAuth({
    appName: "Dockyard",
    baseURL: config.APP_URL,
    secret: config.BETTER_AUTH_SECRET,
    trustedOrigins: [config.APP_URL],
    database: prismaAdapter(prisma(), { provider: "postgresql" }),
    emailAndPassword: { enabled: true, minPasswordLength: 8, maxPasswordLength: 128, autoSignIn: true },
    user: {
      additionalFields: {
        // input: false — a learner can never pick their own role at sign-up.
        role: { type: "string", required: false, defaultValue: "learner", input: false },
      },
    },
    telemetry: { enabled: false },
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
