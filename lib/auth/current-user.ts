import "server-only";
import { headers } from "next/headers";
import { cache } from "react";
import { RequestError } from "../errors/request-error";
import { auth } from "./auth";

export type Role = "learner" | "instructor" | "admin";

export type CurrentUser = { id: string; name: string; email: string; role: Role };

/** The signed-in account, read once per server render: the header, the layouts and the page all ask. */
export const currentUser = cache(async (): Promise<CurrentUser | null> => {
  // headers() first: while Next.js tries a page as static it throws here, before auth needs its secret.
  const requestHeaders = await headers();
  const session = await auth().api.getSession({ headers: requestHeaders });
  if (!session) return null;
  const { id, name, email } = session.user;
  const role = (session.user as { role?: string }).role;
  return { id, name, email, role: role === "admin" || role === "instructor" ? role : "learner" };
});

export async function requireUser(action: string): Promise<CurrentUser> {
  const user = await currentUser();
  if (!user) throw new RequestError("UNAUTHENTICATED", `Sign in to ${action}.`);
  return user;
}
