import type { ReactNode } from "react";
import { InstructorNav } from "@/components/instructor/instructor-nav";
import { staffPage } from "@/lib/access/roles";
import { openHelpCount } from "@/lib/help/help-threads";

// Each page checks the role itself as well (lib/access/roles.ts): a layout alone does not guard a page.
export default async function InstructorLayout({ children }: { children: ReactNode }) {
  const user = await staffPage("/instructor");
  const openHelp = await openHelpCount(user);
  return (
    <div>
      <InstructorNav admin={user.role === "admin"} openHelp={openHelp} />
      {children}
    </div>
  );
}
