import Link from "next/link";
import type { Course } from "@/lib/content/load-course";
import { CompletedMark, LessonsProgress } from "./progress-marks";

/** The course outline beside a lesson: every module, its progress, and where the learner is. */
export function CourseOutline({ course, currentSlug }: { course: Course; currentSlug: string }) {
  return (
    <nav aria-label="Course outline" data-testid="course-outline" className="text-sm">
      <ol className="space-y-4">
        {course.modules.map((module, m) => {
          const isCurrent = module.lessons.some((l) => l.slug === currentSlug);
          return (
            <li key={module.slug}>
              <details open={isCurrent}>
                <summary className="cursor-pointer font-medium">
                  {m + 1}. {module.title}
                </summary>
                <LessonsProgress slugs={module.lessons.map((l) => l.slug)} label={module.title} />
                <ol className="mt-2 space-y-1 border-l border-slate-200 pl-3 dark:border-slate-800">
                  {module.lessons.map((lesson) => (
                    <li key={lesson.slug}>
                      <Link
                        href={`/lessons/${lesson.slug}`}
                        aria-current={lesson.slug === currentSlug ? "page" : undefined}
                        className={
                          lesson.slug === currentSlug
                            ? "font-semibold text-brand-600 dark:text-sky-300"
                            : "hover:underline"
                        }
                      >
                        {lesson.title}
                      </Link>
                      <CompletedMark slug={lesson.slug} />
                    </li>
                  ))}
                </ol>
              </details>
            </li>
          );
        })}
      </ol>
      <p className="mt-6 border-t border-slate-200 pt-3 dark:border-slate-800">
        <Link href="/exercises" className="font-medium hover:underline">
          All exercises →
        </Link>
      </p>
    </nav>
  );
}
