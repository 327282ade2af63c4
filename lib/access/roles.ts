import "server-only";
import { forbidden, redirect } from "next/navigation";
import { type CurrentUser, currentUser, type Role } from "../auth/current-user";
import { RequestError } from "../errors/request-error";
import { hasStaffAccess, staffScope } from "./staff-scope";

/**
 * Who may do what. Every instructor page and API asks here, on the server, on every request: a layout's check is
 * not enough because a page can be fetched on its own. Staff are admins, instructors, and the instructors and
 * teaching assistants of a class (whatever their role on the platform); whose work each of them sees is
 * lib/access/staff-scope.ts's to say.
 */
async function isStaff(user: CurrentUser): Promise<boolean> {
  return hasStaffAccess(await staffScope(user));
}

/** For APIs: 401 without a session, 403 for a learner. */
export async function requireStaff(action: string): Promise<CurrentUser> {
  const user = await currentUser();
  if (!user) throw new RequestError("UNAUTHENTICATED", `Sign in to ${action}.`);
  if (!(await isStaff(user))) throw new RequestError("FORBIDDEN", `Only instructors can ${action}.`);
  return user;
}

/** For APIs: 401 without a session, 403 for anyone but an admin. */
export async function requireAdmin(action: string): Promise<CurrentUser> {
  return requireRole(["admin"], action, "Only admins can");
}

async function requireRole(roles: readonly Role[], action: string, who: string): Promise<CurrentUser> {
  const user = await currentUser();
  if (!user) throw new RequestError("UNAUTHENTICATED", `Sign in to ${action}.`);
  if (!roles.includes(user.role)) throw new RequestError("FORBIDDEN", `${who} ${action}.`);
  return user;
}

/** For pages: a visitor is sent to sign in and comes back; a learner gets the 403 page. */
export async function staffPage(path: string): Promise<CurrentUser> {
  const user = await currentUser();
  if (!user) redirect(`/sign-in?next=${encodeURIComponent(path)}`);
  if (!(await isStaff(user))) forbidden();
  return user;
}

export async function adminPage(path: string): Promise<CurrentUser> {
  return pageFor(["admin"], path);
}

async function pageFor(roles: readonly Role[], path: string): Promise<CurrentUser> {
  const user = await currentUser();
  if (!user) redirect(`/sign-in?next=${encodeURIComponent(path)}`);
  if (!roles.includes(user.role)) forbidden();
  return user;
}
