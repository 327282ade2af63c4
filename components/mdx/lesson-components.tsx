import type { ComponentType, ReactNode } from "react";
import type { LESSON_COMPONENT_NAMES } from "@/lib/content/lesson-component-names";
import { Callout } from "./callout";
import { CodeCompare } from "./code-compare";
import { Comparison } from "./comparison";
import { ExerciseCard } from "./exercise-card";
import { LayerDiagram } from "./layer-diagram";
import { Terminal } from "./terminal";

// biome-ignore lint/suspicious/noExplicitAny: each component takes its own props; MDX passes them as written.
type Components = Record<(typeof LESSON_COMPONENT_NAMES)[number], ComponentType<any>>;

/** Everything a lesson's MDX may use; the content validation allows exactly these names. */
export function lessonComponents({ quiz }: { quiz: ReactNode }): Components {
  return {
    Callout,
    Terminal,
    CodeCompare,
    LayerDiagram,
    Exercise: ExerciseCard,
    Comparison,
    // biome-ignore lint/correctness/noComponentHookFactories: the lesson's own quiz, made once per server render.
    Quiz: () => <>{quiz}</>,
  };
}
