import { z } from "zod";
import { hasControlCharacter, lineTextSchema } from "../http/unicode-text";

const text = (what: string, max: number) => lineTextSchema(max, `The ${what}`, `Enter the ${what}.`);

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * The provider's issuer: HTTPS, as OpenID Connect requires, except on the loopback address (a provider run beside
 * Dockyard). No query or fragment: discovery appends its well-known path.
 */
const issuerSchema = z
  .string()
  .trim()
  .max(2048, "The issuer can be at most 2048 characters long.")
  .refine((v) => {
    if (!URL.canParse(v)) return false;
    const url = new URL(v);
    const local = url.protocol === "http:" && LOOPBACK.has(url.hostname);
    return (url.protocol === "https:" || local) && !url.search && !url.hash && !url.username && !url.password;
  }, "The issuer must be the provider's https:// address with no query, like https://login.example.edu/realms/staff.");

/** A domain as an e-mail address ends: `example.edu`, lower case, no @. */
const domainSchema = z
  .string()
  .trim()
  .toLowerCase()
  .transform((v) => v.replace(/^@/, ""))
  .pipe(
    z
      .string()
      .max(253, "An e-mail domain can be at most 253 characters long.")
      .regex(
        /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
        "Each e-mail domain must look like example.edu (no @ and no spaces).",
      ),
  );

const common = {
  name: text("institution's name", 100),
  emailDomains: z.array(domainSchema).max(50, "At most 50 e-mail domains."),
  enabled: z.boolean(),
};

/** The most metadata one IdP's EntityDescriptor needs (ADFS's, with its claims and certificates, is about 60 KiB). */
export const METADATA_MAX_CHARS = 256 * 1024;

/**
 * What an admin types to set up an institution's sign-in, by protocol: OpenID Connect's issuer and client (the secret
 * is never read back), or SAML's IdP metadata XML. A body with no protocol is OpenID Connect, as before SAML existed.
 */
export const institutionFieldsSchema = z.preprocess(
  (v) => (v && typeof v === "object" && !Array.isArray(v) && !("protocol" in v) ? { ...v, protocol: "oidc" } : v),
  z.discriminatedUnion(
    "protocol",
    [
      z
        .object({
          protocol: z.literal("oidc"),
          ...common,
          issuer: issuerSchema,
          clientId: text("client ID", 255),
          clientSecret: z
            .string()
            .max(1024, "The client secret can be at most 1024 characters long.")
            .refine((v) => !hasControlCharacter(v), "The client secret cannot contain control characters.")
            .optional(),
        })
        .strict(),
      z
        .object({
          protocol: z.literal("saml"),
          ...common,
          metadataXml: z
            .string()
            .max(METADATA_MAX_CHARS, `The metadata can be at most ${METADATA_MAX_CHARS / 1024} KiB.`)
            .optional(),
        })
        .strict(),
    ],
    { error: 'The protocol must be "oidc" (OpenID Connect) or "saml" (SAML 2.0).' },
  ),
);
export type InstitutionFields = z.infer<typeof institutionFieldsSchema>;

/** The domain of an e-mail address, lower case; undefined when it has none. */
export function emailDomain(email: string): string | undefined {
  const at = email.lastIndexOf("@");
  return at > 0 ? email.slice(at + 1).toLowerCase() : undefined;
}
