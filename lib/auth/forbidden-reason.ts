import type { Role } from "./current-user";

/**
 * What the 403 page tells the account it refused. Pages are either for staff or for admins only (roles.ts), so the
 * viewer's own role says which kind refused them: an instructor was refused an admin's page, and asking to become an
 * instructor would get them nowhere.
 */
export function forbiddenReason(role: Role | undefined, classStaff = false): string {
  // A class's teaching assistant or instructor has the staff pages; what refused them is an admin's page.
  if (role === "instructor" || role === "admin" || classStaff) {
    return "This page is for admins only. If you need it, ask an admin to do it for you or to make you an admin.";
  }
  return "This page is for instructors. If you teach on Dockyard, ask an admin to make your account an instructor's.";
}
