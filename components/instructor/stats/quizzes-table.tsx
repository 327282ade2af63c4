import { TextLink } from "@/components/layout/text-link";
import { None } from "@/components/table/none";
import { formatCount } from "@/lib/format/numbers";
import type { QuizSummary } from "@/lib/instructor/quiz-stats";
import { quizStatsPath } from "../paths";
import { DataTable, RowHeader, ShareCell, Td, Ths, Tr } from "../tables/data-table";
import { FLAGS } from "./flag";

/** Every lesson quiz in course order; each row opens the quiz's per-question statistics, for the same class. */
export function QuizzesStatsTable({ quizzes, classId }: { quizzes: QuizSummary[]; classId?: string | null }) {
  return (
    <DataTable
      caption="Every lesson quiz in course order, with learners and flagged questions"
      testId="quiz-stats"
      className="mt-6"
      size="w-full min-w-[44rem]"
      valign="middle"
      head={
        <Ths
          labels={["Lesson", "Questions", "Learners", "Average first-attempt score", "Flagged questions"]}
          numeric={["Questions", "Learners"]}
          classes={{ "Average first-attempt score": "w-1/4" }}
        />
      }
    >
      {quizzes.map((q) => (
        <Tr
          key={q.lesson.slug}
          data-testid={`quiz-stats-${q.lesson.slug}`}
          data-flagged={q.flagged.hard + q.flagged.easy}
        >
          <RowHeader>
            <TextLink href={quizStatsPath(q.lesson.slug, classId)} className="font-medium">
              {q.lesson.title}
            </TextLink>
          </RowHeader>
          <Td numeric>{formatCount(q.questions)}</Td>
          <Td numeric data-testid="quiz-learners">
            {formatCount(q.learners)}
          </Td>
          <Td>
            <ShareCell share={q.averageFirstScore} none="no attempts yet" />
          </Td>
          <Td data-testid="quiz-flagged">
            {q.flagged.hard + q.flagged.easy === 0 ? (
              <None label="none" />
            ) : (
              <TextLink href={quizStatsPath(q.lesson.slug, classId)}>
                {[
                  q.flagged.hard > 0 && `${q.flagged.hard} ${FLAGS.hard.label.toLowerCase()}`,
                  q.flagged.easy > 0 && `${q.flagged.easy} ${FLAGS.easy.label.toLowerCase()}`,
                ]
                  .filter(Boolean)
                  .join(", ")}
              </TextLink>
            )}
          </Td>
        </Tr>
      ))}
    </DataTable>
  );
}
