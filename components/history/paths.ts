/** Where the history pages live, in one place for the pages, the panel and the links between them. */
export const historyPath = (exercise: string) => `/exercises/${exercise}/history`;

export const attemptPath = (exercise: string, id: string) => `${historyPath(exercise)}/${id}`;

export const comparePath = (exercise: string, from: string, to: string) =>
  `${historyPath(exercise)}/compare?${new URLSearchParams({ from, to })}`;
