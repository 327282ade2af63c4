import { formatRelativeTime } from "@/lib/format/relative-time";

/*
 * Kept labs in words, in binary units labelled GB and MB as the lab's disk and the quota are stated. The server
 * writes the sentences, so the page does not change its text ("3 minutes ago") while it hydrates.
 */

/** "1.2 GB", "350 MB", "under 1 MB". */
export function keptSize(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toLocaleString("en", { maximumFractionDigits: 1 })} GB`;
  if (bytes < 1024 ** 2) return bytes === 0 ? "0 MB" : "under 1 MB";
  return `${Math.round(bytes / 1024 ** 2)} MB`;
}

// A fixed zone, so the text is the same wherever the server runs; the <time> element carries the exact instant.
const day = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });

/** "8 Jan 2027". */
export function keptDate(iso: string): string {
  return day.format(new Date(iso));
}

const days = (n: number) => `${n} day${n === 1 ? "" : "s"}`;

/** A kept lab as its panel and list say it; the ISO instants go in <time> elements beside the words. */
export type KeptLabFacts = ReturnType<typeof keptLabFacts>;

export function keptLabFacts(lab: { bytes: number; keptAt: string; expiresAt: string }, now: Date = new Date()) {
  return {
    size: keptSize(lab.bytes),
    keptAt: lab.keptAt,
    /** "3 hours ago": when the lab closed and was kept. */
    closed: formatRelativeTime(new Date(lab.keptAt), now),
    expiresAt: lab.expiresAt,
    /** "8 Jan 2027": when it goes unless resumed before. */
    until: keptDate(lab.expiresAt),
  };
}

/** "Using 1.2 GB of your 8 GB for kept labs; each is kept 30 days after it closes." */
export function keptUsage(usage: { usedBytes: number; quotaBytes: number; keptDays: number }): string {
  const { usedBytes, quotaBytes, keptDays } = usage;
  return (
    `Using ${keptSize(usedBytes)} of your ${keptSize(quotaBytes)} for kept labs; ` +
    `each is kept ${days(keptDays)} after it closes.`
  );
}

/** What closing a lab does to its work, for the lab page's limits: "kept for 30 days, up to your 8 GB …". */
export function keptTermsSentence({ keptDays, quotaBytes }: { keptDays: number; quotaBytes: number }): string {
  if (quotaBytes === 0) {
    return "Closing it ends its work: containers, images you built, volumes and files go with it.";
  }
  return (
    `Its work is kept for ${days(keptDays)} after it closes, up to ${keptSize(quotaBytes)} for all your kept labs ` +
    "(the oldest make room for the newest): your files, images, volumes and what you pushed to its registry. " +
    "Starting the lab again resumes it, with its containers stopped, as after a restart of the Docker host; " +
    '"Start over" gives you a new Docker host instead.'
  );
}
