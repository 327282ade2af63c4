/** The colours of every "New" and "New feedback" mark, so the learner learns one sign. */
export const newMarkColours = "bg-amber-200 text-amber-950 dark:bg-amber-800 dark:text-amber-50";
