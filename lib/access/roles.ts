import "server-only";
import { forbidden, redirect } from "next/navigation";
import { type CurrentUser, currentUser } from "../auth/current-user";
import { RequestError } from "../errors/request-error";
import { hasStaffAccess, staffScope } from "./staff-scope";

/**
 * Who may do what. Every instructor page and API asks here, on the server, on every request: a layout's check is
 * not enough because a page can be fetched on its own. Staff are admins, instructors, and the instructors and
 * teaching assistants of a class (whatever their role on the platform); whose work each of them sees is
 * lib/access/staff-scope.ts's to say.
 */
const isStaff = async (user: CurrentUser) => hasStaffAccess(await staffScope(user));

const isAdmin = (user: CurrentUser) => user.role === "admin";

type Check = (user: CurrentUser) => boolean | Promise<boolean>;

async function requireUser(action: string, who: string, may: Check): Promise<CurrentUser> {
  const user = await currentUser();
  if (!user) throw new RequestError("UNAUTHENTICATED", `Sign in to ${action}.`);
  if (!(await may(user))) throw new RequestError("FORBIDDEN", `${who} can ${action}.`);
  return user;
}

/** For APIs: 401 without a session, 403 for a learner. */
export const requireStaff = (action: string) => requireUser(action, "Only instructors", isStaff);

/** For APIs: 401 without a session, 403 for anyone but an admin. */
export const requireAdmin = (action: string) => requireUser(action, "Only admins", isAdmin);

async function pageFor(path: string, may: Check): Promise<CurrentUser> {
  const user = await currentUser();
  if (!user) redirect(`/sign-in?next=${encodeURIComponent(path)}`);
  if (!(await may(user))) forbidden();
  return user;
}

/** For pages any account may see: a visitor is sent to sign in and comes back. */
export const signedInPage = (path: string) => pageFor(path, () => true);

/** For pages: a visitor is sent to sign in and comes back; a learner gets the 403 page. */
export const staffPage = (path: string) => pageFor(path, isStaff);

export const adminPage = (path: string) => pageFor(path, isAdmin);
