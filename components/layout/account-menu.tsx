"use client";

import Link from "next/link";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { useViewer } from "@/components/viewer/viewer";

/** The header's right-hand side: filled in by the browser, so the header (and every page under it) can be static. */
export function AccountMenu() {
  const { viewer } = useViewer();
  // Holds its place while the platform answers, so nothing moves when it does.
  if (!viewer) return <span className="inline-block w-40" aria-hidden="true" />;
  const { user } = viewer;
  if (!user) {
    return (
      <>
        <Link href="/sign-in" className="hover:underline">
          Sign in
        </Link>
        <Link href="/sign-up" className="rounded bg-brand-600 px-3 py-1.5 font-medium text-white hover:bg-brand-700">
          Sign up
        </Link>
      </>
    );
  }
  return (
    <>
      {["Classes", "Due", "Account"].map((label) => (
        <Link
          key={label}
          href={`/${label.toLowerCase()}`}
          className="hover:underline"
          data-testid={`${label.toLowerCase()}-link`}
        >
          {label}
        </Link>
      ))}
      {/* A long name is cut short in the header (the whole of it in the title) rather than widening every page. */}
      <span data-testid="signed-in-as" className="flex min-w-0 items-baseline gap-1">
        <span className="max-w-48 truncate" title={user.name}>
          {user.name}
        </span>{" "}
        <span className="text-slate-500 dark:text-slate-400">({user.part})</span>
      </span>
      <SignOutButton />
    </>
  );
}

/** The "Instructor" link, for staff only. */
export function StaffLink() {
  const { viewer } = useViewer();
  if (!viewer?.user?.staff) return null;
  return (
    <Link href="/instructor" className="text-sm hover:underline" data-testid="instructor-link">
      Instructor
    </Link>
  );
}
