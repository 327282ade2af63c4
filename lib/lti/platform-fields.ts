import { z } from "zod";
import { lineTextSchema } from "../http/unicode-text";

const text = (what: string, max: number) => lineTextSchema(max, `The ${what}`, `Enter the LMS's ${what}.`);

/** An address the tool calls or trusts: http(s) only, so a registration can never point it at a file or a shell. */
const address = (what: string) =>
  z
    .string()
    .trim()
    .max(2048, `The ${what} can be at most 2048 characters long.`)
    .refine(
      (v) => URL.canParse(v) && ["https:", "http:"].includes(new URL(v).protocol),
      `The ${what} must be a full http(s) address, like https://lms.example.edu/….`,
    );

/** What an admin types to register an LMS (lib/lti/platforms.ts); the form checks the same on submit. */
export const platformFieldsSchema = z
  .object({
    name: text("name", 100),
    issuer: address("issuer"),
    clientId: text("client ID", 255),
    deploymentIds: z
      .array(text("deployment ID", 255))
      .min(1, "Enter at least one deployment ID: a launch from any other deployment is refused.")
      .max(50, "At most 50 deployment IDs."),
    authLoginUrl: address("authorization endpoint"),
    tokenUrl: address("access token URL"),
    jwksUrl: address("keyset URL"),
  })
  .strict();
export type PlatformFields = z.infer<typeof platformFieldsSchema>;
