import type { PhaseName, PhaseResult } from "../grading/lib";
import type { GradingSink } from "../grading-sink";

/** Times a phase and reports its start and end as events. */
export async function runPhase<T>(
  sink: GradingSink,
  phases: PhaseResult[],
  name: PhaseName,
  body: () => Promise<{ status: PhaseResult["status"]; value: T }>,
): Promise<T> {
  const started = performance.now();
  void sink.emit({ type: "phase", data: { name, state: "started" } });
  let status: PhaseResult["status"] = "error";
  try {
    const outcome = await body();
    status = outcome.status;
    return outcome.value;
  } finally {
    const result: PhaseResult = { name, status, ms: Math.round(performance.now() - started) };
    phases.push(result);
    void sink.emit({ type: "phase", data: { name, state: "finished", result } });
  }
}
