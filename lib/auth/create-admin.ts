import { z } from "zod";
import { recordAdminAction } from "../audit/action-log";
import { prisma } from "../db/client";
import { PlatformFault } from "../errors/platform-fault";
import { RequestError } from "../errors/request-error";
import type { Role } from "../generated/prisma/enums";
import { makeAccountAdmin } from "../identities/accounts";
import { accountEmailSchema, accountNameSchema } from "./account-fields";
import { auth } from "./auth";

export const adminInputSchema = z.object({
  email: accountEmailSchema,
  name: accountNameSchema,
  password: z.string().min(12, "an admin password needs at least 12 characters").max(128),
});

/**
 * Creates the first admin, or promotes an existing account with that email.
 * Goes through better-auth so the password is hashed exactly like a sign-up. The role and its admin log entry (the
 * actor is the command line: whoever ran it had the server's shell, not an account) commit together.
 */
export async function createAdmin(input: z.infer<typeof adminInputSchema>): Promise<{ id: string; created: boolean }> {
  const { email, name, password } = adminInputSchema.parse(input);
  const existing = await prisma().user.findUnique({ where: { email: email.toLowerCase() } });
  if (existing) {
    // Anyone may have signed up with the address first: an account that never proved it is nobody's to promote.
    if (!existing.emailVerified)
      throw new RequestError(
        "CONFLICT",
        `An account with ${existing.email} exists but has not confirmed that address, so it may not be the person ` +
          "meant. Have them open the confirmation link (the outbox at /instructor/outbox keeps it when no SMTP_URL " +
          "is set), or remove that account, then run this again.",
      );
    await makeAdmin(existing, existing.role);
    return { id: existing.id, created: false };
  }
  const result = await auth().api.signUpEmail({ body: { email, name, password } });
  if (!result?.user) throw new PlatformFault("database", `Could not create the admin account for ${email}.`);
  await makeAdmin(result.user, null);
  return { id: result.user.id, created: true };
}

/**
 * `from`: the existing account's role, or null for an account just signed up, whose address the operator typed on
 * the server's own command line: proven as far as this platform can tell.
 */
async function makeAdmin(user: { id: string; name: string; email: string }, from: Role | null): Promise<void> {
  await prisma().$transaction(async (tx) => {
    await makeAccountAdmin(tx, user.id, from === null);
    await recordAdminAction(tx, "command-line", {
      action: "admin_created",
      target: { id: user.id, label: user.name },
      details: { email: user.email, promoted: from !== null, from },
    });
  });
}
