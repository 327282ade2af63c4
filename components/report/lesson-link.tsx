"use client";

import { createContext, type ReactNode, use } from "react";

/** Lesson slug → title, for the lessons the course has. */
export type LessonTitles = Readonly<Record<string, string>>;

const Titles = createContext<LessonTitles | undefined>(undefined);

/** Gives the reports below it the course's lesson titles, so a "Learn more" link reads like its lesson. */
export function LessonTitlesProvider({ titles, children }: { titles: LessonTitles; children: ReactNode }) {
  return <Titles value={titles}>{children}</Titles>;
}

/** A link to a lesson by its title; none for a lesson the course lacks (`known`, when there are no titles). */
export function LessonLink({ slug, known = true }: { slug: string; known?: boolean }) {
  const titles = use(Titles);
  const title = titles?.[slug];
  const exists = titles ? title !== undefined : known;
  const name = title ?? slug.replaceAll("-", " ");
  return exists ? (
    <a className="underline" href={`/lessons/${slug}`} data-lesson={slug}>
      {name}
    </a>
  ) : (
    <span>“{name}” (coming soon)</span>
  );
}
