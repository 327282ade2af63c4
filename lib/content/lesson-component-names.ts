/** The JSX components a lesson may use: validation rejects others, which MDX would only fail on when rendering. */
export const LESSON_COMPONENT_NAMES = [
  "Callout",
  "Terminal",
  "CodeCompare",
  "LayerDiagram",
  "Exercise",
  "Comparison",
  "Quiz",
] as const;
