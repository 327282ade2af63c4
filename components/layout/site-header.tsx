import Link from "next/link";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { SearchBox } from "@/components/search/search-box";
import { currentUser } from "@/lib/auth/current-user";
import { isStaff } from "@/lib/auth/roles";

export async function SiteHeader() {
  const user = await currentUser();
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
        {user && isStaff(user) && (
          <Link href="/instructor" className="text-sm hover:underline" data-testid="instructor-link">
            Instructor
          </Link>
        )}
        <div className="ml-auto flex items-center gap-4 text-sm">
          <SearchBox />
          {user ? (
            <>
              <span data-testid="signed-in-as">
                {user.name} <span className="text-slate-500">({user.role})</span>
              </span>
              <SignOutButton />
            </>
          ) : (
            <>
              <Link href="/sign-in" className="hover:underline">
                Sign in
              </Link>
              <Link
                href="/sign-up"
                className="rounded bg-brand-600 px-3 py-1.5 font-medium text-white hover:bg-brand-700"
              >
                Sign up
              </Link>
            </>
          )}
        </div>
      </nav>
    </header>
  );
}
