"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const SECTIONS = [
  { href: "/instructor", label: "Dashboard" },
  { href: "/instructor/classes", label: "Classes" },
  { href: "/instructor/learners", label: "Learners" },
  { href: "/instructor/submissions", label: "Submissions" },
  { href: "/instructor/exercises", label: "Exercises" },
  { href: "/instructor/quizzes", label: "Quizzes" },
  { href: "/instructor/labs", label: "Labs" },
  { href: "/instructor/gradebook", label: "Gradebook" },
  { href: "/instructor/help", label: "Help requests" },
] as const;

const ADMIN_SECTIONS = [
  { href: "/instructor/people", label: "People" },
  { href: "/instructor/admin-log", label: "Admin log" },
  { href: "/instructor/outbox", label: "Outbox" },
  { href: "/instructor/lti", label: "LTI" },
  { href: "/instructor/institutions", label: "Institutions" },
  { href: "/instructor/lab-settings", label: "Lab settings" },
] as const;

/** The number of open help requests beside their section's name. */
const COUNT =
  "ml-1 rounded-full bg-amber-100 px-1.5 text-xs font-semibold text-amber-900 dark:bg-amber-900 dark:text-amber-100";

/** The instructor area's sections, the last six for admins only; Help requests says how many are open. */
export function InstructorNav({ admin, openHelp = 0 }: { admin: boolean; openHelp?: number }) {
  const pathname = usePathname();
  const sections = admin ? [...SECTIONS, ...ADMIN_SECTIONS] : SECTIONS;
  return (
    <nav aria-label="Instructor" className="mb-6 flex flex-wrap gap-1 border-b border-slate-200 dark:border-slate-800">
      {sections.map(({ href, label }) => {
        const current = href === "/instructor" ? pathname === href : pathname.startsWith(href);
        return (
          <Link
            key={href}
            href={href}
            aria-current={current ? "page" : undefined}
            className={
              "-mb-px border-b-2 px-3 py-2 text-sm " +
              (current
                ? "border-brand-600 font-semibold text-brand-700 dark:border-sky-300 dark:text-sky-300"
                : "border-transparent hover:border-slate-300")
            }
          >
            {label}
            {href === "/instructor/help" && openHelp > 0 && (
              <>
                <span className={COUNT} data-testid="help-open-count">
                  {openHelp}
                </span>
                <span className="sr-only"> open</span>
              </>
            )}
          </Link>
        );
      })}
    </nav>
  );
}
