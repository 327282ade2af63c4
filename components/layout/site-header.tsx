import Link from "next/link";
import { SearchBox } from "@/components/search/search-box";
import { AccountMenu, StaffLink } from "./account-menu";

/** The same for every reader: the parts that depend on who is signed in fill themselves in in the browser. */
export function SiteHeader() {
  return (
    <header className="border-b border-slate-200 dark:border-slate-800">
      <nav aria-label="Main" className="mx-auto flex max-w-6xl items-center gap-6 px-4 py-3">
        <Link href="/" className="text-lg font-bold text-brand-600 dark:text-sky-300">
          Dockyard
        </Link>
        <Link href="/" className="text-sm hover:underline">
          Course
        </Link>
        <Link href="/exercises" className="text-sm hover:underline">
          Exercises
        </Link>
        <StaffLink />
        <div className="ml-auto flex items-center gap-4 text-sm">
          <SearchBox />
          <AccountMenu />
        </div>
      </nav>
    </header>
  );
}
