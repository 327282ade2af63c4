import { ASSIGNMENT_KINDS, type AssignmentKind } from "../content/item-kinds";

/*
 * What an LMS link opens, written in its custom parameter `item` as kind:slug ("exercise:first-dockerfile",
 * "lab:volumes", "quiz:what-is-a-container" for a lesson's quiz). Deep linking writes it; an admin may type it.
 */

export type ItemRef = { kind: AssignmentKind; slug: string };

export function parseItemRef(value: unknown): ItemRef | undefined {
  if (typeof value !== "string") return undefined;
  const match = /^(exercise|lab|quiz):([a-z0-9][a-z0-9-]{0,99})$/.exec(value.trim());
  if (!match || !ASSIGNMENT_KINDS.includes(match[1] as AssignmentKind)) return undefined;
  return { kind: match[1] as AssignmentKind, slug: match[2] as string };
}

export function itemRefText(item: ItemRef): string {
  return `${item.kind}:${item.slug}`;
}
