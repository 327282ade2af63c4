import { z } from "zod";
import { prisma } from "../db/client";
import { PlatformFault } from "../errors/platform-fault";
import { auth } from "./auth";

export const adminInputSchema = z.object({
  email: z.string().email(),
  name: z.string().min(1).max(100),
  password: z.string().min(12, "an admin password needs at least 12 characters").max(128),
});

/**
 * Creates the first admin, or promotes an existing account with that email.
 * Goes through better-auth so the password is hashed exactly like a sign-up.
 */
export async function createAdmin(input: z.infer<typeof adminInputSchema>): Promise<{ id: string; created: boolean }> {
  const { email, name, password } = adminInputSchema.parse(input);
  const existing = await prisma().user.findUnique({ where: { email: email.toLowerCase() } });
  if (existing) {
    await prisma().user.update({ where: { id: existing.id }, data: { role: "admin" } });
    return { id: existing.id, created: false };
  }
  const result = await auth().api.signUpEmail({ body: { email, name, password } });
  if (!result?.user) throw new PlatformFault("database", `Could not create the admin account for ${email}.`);
  await prisma().user.update({ where: { id: result.user.id }, data: { role: "admin" } });
  return { id: result.user.id, created: true };
}
