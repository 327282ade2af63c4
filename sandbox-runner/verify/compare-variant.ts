import type { ResultDocument, VariantExpect } from "./lib";

export interface VariantVerdict {
  ok: boolean;
  failed: string[];
  problems: string[];
}

/** The solution must pass with no failing and no warning check. */
export function judgeSolution(result: ResultDocument): VariantVerdict {
  const failed = result.checks.filter((c) => c.status === "fail").map((c) => c.id);
  const warned = result.checks.filter((c) => c.status === "warn").map((c) => c.id);
  const problems = [
    ...failed.map(
      (id) => `the solution fails ${id}: ${result.checks.find((c) => c.id === id)!.message.split("\n")[0]}`,
    ),
    ...warned.map(
      (id) => `the solution warns on ${id}: ${result.checks.find((c) => c.id === id)!.message.split("\n")[0]}`,
    ),
  ];
  return { ok: result.status === "passed" && problems.length === 0, failed, problems };
}

/** A variant must fail exactly the checks its expect.yaml names, and warn only where it allows. */
export function judgeVariant(result: ResultDocument, expect: VariantExpect): VariantVerdict {
  const failed = result.checks.filter((c) => c.status === "fail").map((c) => c.id);
  const warned = result.checks.filter((c) => c.status === "warn").map((c) => c.id);
  const problems = [
    ...expect.fails
      .filter((id) => !failed.includes(id))
      .map(
        (id) =>
          `expected ${id} to fail, but it was ${result.checks.find((c) => c.id === id)?.status ?? "not reported"}`,
      ),
    ...failed
      .filter((id) => !expect.fails.includes(id))
      .map((id) => `${id} failed too: ${result.checks.find((c) => c.id === id)!.message.split("\n")[0]}`),
    ...warned
      .filter((id) => !expect.warns.includes(id))
      .map((id) => `${id} warned: ${result.checks.find((c) => c.id === id)!.message.split("\n")[0]}`),
  ];
  if (result.status !== "failed") problems.push(`the variant's status is ${result.status}, not failed`);
  return { ok: problems.length === 0, failed, problems };
}
