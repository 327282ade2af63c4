import type { ReactNode } from "react";
import { loadCourse } from "@/lib/content/load-course";
import { LessonTitlesProvider } from "./lesson-link";

/** Server side: gives the reports inside the course's lesson titles (the outline is in memory, so this is cheap). */
export async function CourseLessonTitles({ children }: { children: ReactNode }) {
  const course = await loadCourse();
  const titles = Object.fromEntries(course.lessons.map((l) => [l.slug, l.title]));
  return <LessonTitlesProvider titles={titles}>{children}</LessonTitlesProvider>;
}
