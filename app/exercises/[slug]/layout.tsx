import type { ReactNode } from "react";
import { CourseLessonTitles } from "@/components/report/course-lesson-titles";

/** An exercise's pages show reports, whose lesson links read as the lessons' titles. */
export default function ExerciseLayout({ children }: { children: ReactNode }) {
  return <CourseLessonTitles>{children}</CourseLessonTitles>;
}
