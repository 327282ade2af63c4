import { LESSONS } from "../../../content/lesson-slugs";
import { type Finding, fail, pass, skipped } from "../../checks/check-spec";
import { lineFix } from "../../static/quick-fix";
import type { StaticRule } from "../../static/static-rule";
import { describeService, expectedWith, withCompose } from "../compose-context";
import { composeFileOf, composeFindingsAt } from "../compose-quick-fix";
import { composeExpectedServices } from "./compose-expected-services";
import { COMPOSE_RULE } from "./compose-rule-base";

/** What Docker gives a container's /dev/shm when nothing asks for more. */
const DOCKER_DEFAULT_SHM_MB = 64;
const MB = 1024 * 1024;

/** The shm_size a fix writes: room for the workers' batches with a margin, in a round unit. */
export function suggestedShmSize(minMB: number): string {
  return minMB <= 512 ? '"1gb"' : `"${Math.ceil((minMB * 2) / 1024)}gb"`;
}

export const composeShmSize: StaticRule = {
  spec: {
    ...COMPOSE_RULE,
    lesson: LESSONS.gpuHost,
    id: "correctness.compose-shm-size",
    category: "correctness",
    title: "Shared memory fits the data-loading workers",
    measures:
      "Each service the exercise gives a shared-memory need (compose.services.<name>.shmMinMB) sets shm_size to at " +
      `least that size; Docker's default /dev/shm is ${DOCKER_DEFAULT_SHM_MB} MB.`,
    points: 2,
    params: ["compose.file", "compose.services"],
    why:
      "Data-loading worker processes (PyTorch's DataLoader with num_workers > 0, or any multiprocessing pool) hand " +
      `batches to the trainer through shared memory in /dev/shm. Docker mounts only ${DOCKER_DEFAULT_SHM_MB} MB ` +
      'there by default: once the batches in flight need more, a worker is killed by SIGBUS ("bus error") in the ' +
      "middle of an epoch. shm_size (docker run --shm-size) raises the limit; it is unrelated to GPU memory, so it " +
      "does nothing for a CUDA out-of-memory error.",
    fix: 'Under the service: shm_size: "1gb" (at least the batches the workers keep in flight).',
  },
  run: (ctx) =>
    withCompose(ctx, ({ file, services, expected }) => {
      const wanted = expectedWith(expected, (e) => e.shmMinMB !== undefined);
      if (wanted.length === 0) return skipped("No service of this exercise needs more shared memory.");
      const findings: Finding[] = [];
      const sized: string[] = [];
      for (const name of wanted) {
        const service = services.find((s) => s.name === name);
        // A missing service is correctness.compose-expected-services' finding.
        if (!service) continue;
        const minMB = expected[name]!.shmMinMB!;
        const fix = suggestedShmSize(minMB);
        const who = describeService(name, expected);
        const shm = service.shmSize;
        if (!shm) {
          findings.push({
            message:
              `${who} sets no shm_size, so its /dev/shm is Docker's ${DOCKER_DEFAULT_SHM_MB} MB; its workers need ` +
              `at least ${minMB} MB there (the batches they keep in flight, with room for the next) and are ` +
              "killed with a bus error.",
            location: file.at(["services", name]),
            fix: `shm_size: ${fix}`,
          });
        } else if (shm.bytes === undefined) {
          findings.push({
            message: `${who} has shm_size: ${shm.text}, which is not a size (bytes, or a number with b, k, m or g).`,
            location: file.at(shm.key),
            evidence: shm.text,
            fix: `shm_size: ${fix}`,
          });
        } else if (shm.bytes < minMB * MB) {
          findings.push({
            message:
              `${who} has shm_size: ${shm.text} (${Math.floor(shm.bytes / MB)} MB), less than the ${minMB} MB its ` +
              "workers need in shared memory (the batches they keep in flight, with room for the next).",
            location: file.at(shm.key),
            evidence: shm.text,
            fix: `shm_size: ${fix}`,
          });
        } else sized.push(`${name} ${shm.text}`);
      }
      if (findings.length) return fail(...findings);
      return sized.length
        ? pass(`Shared memory fits the workers: ${sized.join(", ")}.`)
        : skipped(`None of those services is in the file (see "${composeExpectedServices.spec.title}").`);
    }),
  quickFixFile: composeFileOf,
  quickFix: (text, line, ctx) => {
    const [finding] = composeFindingsAt(composeShmSize.run(ctx), ctx, line);
    if (!finding?.fix) return undefined;
    const lines = text.split("\n");
    const source = lines[line - 1] ?? "";
    const existing = /^(\s*shm_size\s*:\s*)([^#]*?)(\s*(?:#.*)?)$/.exec(source);
    if (existing) {
      const startColumn = existing[1]!.length + 1;
      const endColumn = startColumn + existing[2]!.length;
      const value = finding.fix.slice("shm_size: ".length);
      return lineFix(`Set shm_size to ${value}`, line, startColumn, endColumn, value);
    }
    // The service's own line, `  train:` with its block below: the key goes first in the block, indented like it.
    const service = /^(\s*)[\w.-]+\s*:\s*(?:#.*)?$/.exec(source);
    if (!service) return undefined;
    const child = lines.slice(line).find((l) => l.trim() !== "" && !l.trim().startsWith("#"));
    const indent =
      child && /^\s*/.exec(child)![0].length > service[1]!.length ? /^\s*/.exec(child)![0] : `${service[1]}  `;
    return lineFix(`Add ${finding.fix}`, line + 1, 1, 1, `${indent}${finding.fix}\n`);
  },
};
