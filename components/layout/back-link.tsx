import { TextLink } from "@/components/layout/text-link";

/** The way back to the page above ("← All learners"), on a line of its own at the top of a page. */
export function BackLink({ href, label, className = "text-sm" }: { href: string; label: string; className?: string }) {
  return (
    <p className={className}>
      <TextLink href={href}>{`← ${label}`}</TextLink>
    </p>
  );
}
