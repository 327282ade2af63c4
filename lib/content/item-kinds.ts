/**
 * The kinds of course item that earn a score: what a class can assign and an LMS link can point at, in the order
 * pickers and pages list them. Course data's word, below classes, LTI and the work that marks scores due.
 */
export const ASSIGNMENT_KINDS = ["exercise", "lab", "quiz"] as const;
export type AssignmentKind = (typeof ASSIGNMENT_KINDS)[number];
