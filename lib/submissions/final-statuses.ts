/** Statuses after which a submission never changes again. Kept free of imports so browser code can use it. */
export const FINAL_STATUSES = ["passed", "failed", "error"] as const;

export function isFinalStatus(status: string): boolean {
  return (FINAL_STATUSES as readonly string[]).includes(status);
}
