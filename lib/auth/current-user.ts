import "server-only";
import { headers } from "next/headers";
import { RequestError } from "../errors/request-error";
import { auth } from "./auth";

export type Role = "learner" | "instructor" | "admin";

export interface CurrentUser {
  id: string;
  name: string;
  email: string;
  role: Role;
}

export async function currentUser(): Promise<CurrentUser | null> {
  const session = await auth().api.getSession({ headers: await headers() });
  if (!session) return null;
  const { id, name, email } = session.user;
  const role = (session.user as { role?: string }).role;
  return { id, name, email, role: role === "admin" || role === "instructor" ? role : "learner" };
}

export async function requireUser(action: string): Promise<CurrentUser> {
  const user = await currentUser();
  if (!user) throw new RequestError("UNAUTHENTICATED", `Sign in to ${action}.`);
  return user;
}
