/** Where the staff's help pages live, for the nav, the inbox and the pages themselves. */
export const HELP_INBOX_PATH = "/instructor/help";

export const helpRequestPath = (id: string) => `${HELP_INBOX_PATH}/${encodeURIComponent(id)}`;
