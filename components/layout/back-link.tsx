import Link from "next/link";

/** The way back to the page above ("← All learners"), on a line of its own at the top of a page. */
export function BackLink({ href, label, className = "text-sm" }: { href: string; label: string; className?: string }) {
  return (
    <p className={className}>
      <Link href={href} className="text-brand-600 underline dark:text-sky-300">
        {`← ${label}`}
      </Link>
    </p>
  );
}
