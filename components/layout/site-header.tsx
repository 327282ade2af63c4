import Link from "next/link";
import { SearchBox } from "@/components/search/search-box";
import { AccountMenu, StaffLink } from "./account-menu";
import { CollapsibleNav } from "./collapsible-nav";
import { NotInLmsFrame } from "./not-in-lms-frame";
import { ThemeSwitch } from "./theme-switch";

/** The same for every reader: the parts that depend on who is signed in fill themselves in in the browser. */
export function SiteHeader() {
  return (
    <NotInLmsFrame>
      <header className="border-b border-slate-200 dark:border-slate-800">
        <nav aria-label="Main" className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-3 px-4 py-3">
          <Link href="/" className="text-lg font-bold text-brand-600 dark:text-sky-300">
            Dockyard
          </Link>
          <CollapsibleNav>
            {(
              [
                ["/", "Course"],
                ["/exercises", "Exercises"],
                ["/labs", "Labs"],
              ] as const
            ).map(([href, label]) => (
              <Link key={href} href={href} className="hover:underline">
                {label}
              </Link>
            ))}
            <StaffLink />
            <div className="flex min-w-0 flex-wrap items-center gap-4 lg:ml-auto lg:flex-nowrap">
              <SearchBox />
              <AccountMenu />
              <ThemeSwitch />
            </div>
          </CollapsibleNav>
        </nav>
      </header>
    </NotInLmsFrame>
  );
}
