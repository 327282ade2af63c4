import type { Probe } from "../grading/lib";
import { type CheckOutcome, fail, pass, skipped } from "../grading/lib";
import type { ContainerProber } from "./container-prober";
import { describeAnswer, EXITED_REASON } from "./startup-outcomes";

const PROBE_TIMEOUT_MS = 5000;

/** Sends one of the exercise's requests and compares the answer with what it expects. */
export async function endpointProbeOutcome(prober: ContainerProber, probe: Probe, port: number): Promise<CheckOutcome> {
  const started = Date.now();
  const answer = await prober.request({
    method: probe.method,
    path: probe.path,
    body: probe.body,
    timeoutMs: PROBE_TIMEOUT_MS,
  });
  const ms = Date.now() - started;
  if (answer.notRunning) return skipped(EXITED_REASON);
  const withBody = probe.body === undefined ? "" : ` with body ${JSON.stringify(probe.body)}`;
  const request = `${probe.method} http://127.0.0.1:${port}${probe.path}${withBody}`;
  const evidence = `${request} → ${describeAnswer(answer)} (${ms} ms)`;
  const bodyExpectation = probe.expectBodyIncludes ? ` and a body containing "${probe.expectBodyIncludes}"` : "";
  const expected = `status ${probe.expectStatus}${bodyExpectation}`;
  if (answer.status == null) {
    return fail({
      message: `${probe.method} ${probe.path} got no answer: ${answer.error}. Expected ${expected}.`,
      evidence,
    });
  }
  if (answer.status !== probe.expectStatus) {
    return fail({
      message: `${probe.method} ${probe.path} answered ${answer.status}; expected ${probe.expectStatus}.`,
      evidence,
    });
  }
  if (probe.expectBodyIncludes && !answer.body.includes(probe.expectBodyIncludes)) {
    return fail({
      message:
        `${probe.method} ${probe.path} answered ${answer.status}, but its body ` +
        `does not contain "${probe.expectBodyIncludes}".`,
      evidence,
      fix: `Return a body that includes "${probe.expectBodyIncludes}" (the body seen is in the evidence).`,
    });
  }
  return pass(`${probe.method} ${probe.path} answered ${expected} in ${ms} ms.`, evidence);
}
