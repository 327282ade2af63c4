import { learnerHints } from "@/lib/exercises/hints";
import { solutionView } from "@/lib/solutions/solution";
import { HintsPanel } from "./hints-panel";
import { SolutionPanel } from "./solution-panel";

/** The hints and reference solution for the signed-in learner: only what is open to them reaches the page. */
export async function ExerciseHelp({ exercise, userId }: { exercise: string; userId: string }) {
  const [hints, solution] = await Promise.all([learnerHints(userId, exercise), solutionView(userId, exercise)]);
  return (
    <>
      <HintsPanel exercise={exercise} initial={hints} />
      <SolutionPanel exercise={exercise} initial={solution} />
    </>
  );
}
