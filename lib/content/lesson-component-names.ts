/**
 * The JSX components a lesson may use. The content validation rejects any other capitalised tag, because MDX only fails
 * on an unknown component when the page renders — in front of a learner.
 */
export const LESSON_COMPONENT_NAMES = [
  "Callout",
  "Terminal",
  "CodeCompare",
  "LayerDiagram",
  "Exercise",
  "Comparison",
  "Quiz",
] as const;
