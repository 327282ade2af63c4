import { z } from "zod";
import {
  DATABASE_SETTINGS,
  ENGINE_SETTINGS,
  FILES_SETTINGS,
  GRADING_SETTINGS,
  given,
  LAB_SETTINGS,
  LIVENESS_SETTINGS,
  parseSettings,
  RUNNER_SETTINGS,
  settingsReader,
  VERIFY_SETTINGS,
} from "./settings";

// The web side and the scripts name a runner's hosts too (lib/host-roles); declared with RUNNER_HOSTS in ./settings.ts.
export { HOST_KINDS, type HostKind } from "./settings";

/** The address ranges TRUSTED_PROXY's keywords stand for. */
const PROXY_KEYWORDS: Record<string, string[]> = {
  loopback: ["127.0.0.0/8", "::1/128"],
  // Docker's and most data centres' internal networks: a proxy in front of instances that publish no port.
  private: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7", "127.0.0.0/8", "::1/128"],
};
const proxyAddress = z.union([z.ipv4(), z.ipv6()]);
const proxyRange = z.union([z.cidrv4(), z.cidrv6()]);

/**
 * TRUSTED_PROXY: comma-separated addresses, CIDR ranges and keywords, as CIDR ranges (a lone address is a range of
 * one). Empty: no proxy is trusted.
 */
const trustedProxySchema = z
  .string()
  .default("")
  .transform((value, ctx) => {
    const ranges: string[] = [];
    for (const entry of value.split(",").map((part) => part.trim())) {
      if (entry === "") continue;
      const keyword = entry.toLowerCase();
      if (Object.hasOwn(PROXY_KEYWORDS, keyword)) ranges.push(...PROXY_KEYWORDS[keyword]!);
      else if (proxyAddress.safeParse(entry).success) ranges.push(`${entry}/${entry.includes(":") ? 128 : 32}`);
      else if (proxyRange.safeParse(entry).success) ranges.push(entry);
      else {
        ctx.addIssue({
          code: "custom",
          message:
            `"${entry}" is not an IP address, a CIDR range (such as 10.0.0.0/8), "loopback" or "private"; ` +
            "list the reverse proxies in front of the web app, separated by commas",
        });
      }
    }
    return ranges;
  });

/**
 * The web app's and the scripts' environment: the shared pieces (./settings.ts), which runners read piecemeal, and
 * the web's own. Defaults describe the single-machine set-up started by `npm start`; production overrides them.
 */
const envSchema = z.object({
  ...DATABASE_SETTINGS,
  ...FILES_SETTINGS,
  ...ENGINE_SETTINGS,
  ...VERIFY_SETTINGS,
  ...LIVENESS_SETTINGS,
  ...RUNNER_SETTINGS,
  ...GRADING_SETTINGS,
  ...LAB_SETTINGS,
  /**
   * The public URL: the address learners type, https:// behind TLS. Cookies (Secure or not), HSTS, the origin that
   * state-changing requests must come from (lib/http/origin-check.ts) and links in exports are made from it.
   */
  APP_URL: z
    .string()
    .url()
    .refine((url) => /^https?:\/\//i.test(url), "the public URL must start with http:// or https://")
    .default("http://localhost:3000"),
  /**
   * The reverse proxies in front of the web app (lib/http/forwarded.ts): only a request whose TCP peer is one of them
   * may say, in X-Forwarded-For/-Proto/-Host, who the client is and how it connected. From anybody else those
   * headers are replaced, so nobody can pick the address the sign-in rate limit counts or claim HTTPS.
   */
  TRUSTED_PROXY: trustedProxySchema,
  BETTER_AUTH_SECRET: z.string().min(32).optional(),
  /** `npm start`: the web app's port and interface, and the port of its embedded PostgreSQL. */
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  /** `npm run create-admin`: the new administrator's password, kept out of shell history. */
  DOCKYARD_ADMIN_PASSWORD: z.string().optional(),
  /**
   * Where mail goes (lib/mail/send-mail.ts): an SMTP server (`smtp://user:pass@host:587`, `smtps://…:465`), or, unset,
   * the outbox admins read. Set it wherever more than one web instance runs: each would keep an outbox of its own.
   */
  SMTP_URL: z
    .string()
    .url()
    .refine((url) => /^smtps?:\/\//i.test(url), "SMTP_URL must start with smtp:// or smtps://")
    .optional(),
  /** The From header of mail; the default names the platform at the public URL's host. */
  MAIL_FROM: z.string().min(3).max(200).optional(),
  /**
   * The flood limit: at most SUBMISSION_RATE_LIMIT of a learner's own submissions in any SUBMISSION_RATE_WINDOW_SECONDS
   * (re-grades and submissions the platform failed are not counted). A learner iterating quickly, one submission at a
   * time with failed checks back in seconds, stays well below it; a script resubmitting in a loop does not.
   */
  SUBMISSION_RATE_LIMIT: z.coerce.number().int().min(1).max(10_000).default(20),
  SUBMISSION_RATE_WINDOW_SECONDS: z.coerce.number().int().min(60).max(86_400).default(600),
});

export type Env = z.infer<typeof envSchema>;

/** The name of every setting: what a deployment may set in an app process's environment. */
export const SETTINGS = Object.keys(envSchema.shape) as (keyof Env)[];

/** The web app's settings (and the scripts'): every piece of ./settings.ts and the web's own. */
export const env: () => Env = settingsReader(envSchema.shape);

/** Whether the operator gave a setting, rather than its default applying (`npm start` then skips its own database). */
export function isSet(name: keyof Env, source: Record<string, string | undefined> = process.env): boolean {
  return given(source)[name] !== undefined;
}

/** Validates a set of variables; an empty one means "not set", as in a shell (`DATABASE_URL= npm start`). */
export function parseEnv(source: Record<string, string | undefined>): Env {
  return parseSettings(envSchema, source);
}
