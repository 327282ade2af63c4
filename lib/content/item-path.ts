import type { AssignmentKind } from "./item-kinds";

const ITEM_PAGES: Record<AssignmentKind, string> = { exercise: "/exercises/", lab: "/labs/", quiz: "/lessons/" };

/** The page of a course item (a quiz's is its lesson's): where an LMS launch lands and a due list links. */
export const itemPath = (item: { kind: AssignmentKind; slug: string }): string =>
  `${ITEM_PAGES[item.kind]}${item.slug}`;
