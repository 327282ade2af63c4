import { LESSONS } from "../../../content/lesson-slugs";
import { fail, pass, skipped } from "../../checks/check-spec";
import { findingAt, findingFixAsInstruction, insertIntoFinalStage, type QuickFix } from "../quick-fix";
import { finalLineage, lastOf } from "../rule-helpers";
import type { StaticContext } from "../static-context";
import { located, STATIC, type StaticRule } from "../static-rule";

export const healthcheckDeclared: StaticRule = {
  spec: {
    ...STATIC,
    id: "correctness.healthcheck-declared",
    category: "correctness",
    title: "The image declares a HEALTHCHECK",
    measures:
      "When the exercise sets run.requireHealthcheck: the final stage (or a " +
      "stage it is built FROM) must have a HEALTHCHECK other than HEALTHCHECK NONE.",
    points: 1,
    why:
      "A running process is not a working service: a model server can be up but " +
      "deadlocked, or still loading weights. HEALTHCHECK lets Docker (and " +
      "orchestrators that read it) see the difference, mark the container " +
      "unhealthy, and restart or stop routing traffic to it.",
    fix:
      "HEALTHCHECK --interval=30s --timeout=3s --start-period=20s --retries=3 " +
      'CMD python -c "import urllib.request; ' +
      "urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=2)\" || exit 1",
    lesson: LESSONS.health,
    params: ["run.requireHealthcheck", "run.port", "run.health.path"],
    equivalent: "dockle CIS-DI-0006",
  },
  quickFix: declareHealthcheck,
  run(ctx) {
    const run = ctx.checks.run;
    if (!run?.requireHealthcheck) return skipped("This exercise does not require a HEALTHCHECK.");
    if (!ctx.finalStage) return skipped("The Dockerfile has no FROM line.");
    const url = `http://127.0.0.1:${run.port}${run.health.path}`;
    const fix =
      `HEALTHCHECK --interval=30s --timeout=3s --start-period=20s --retries=3 ` +
      `CMD python -c "import urllib.request; urllib.request.urlopen('${url}', ` +
      `timeout=2)" || exit 1`;
    const check = lastOf(finalLineage(ctx), "HEALTHCHECK");
    if (!check)
      return fail({
        message: `The final image declares no HEALTHCHECK, so Docker cannot tell a hung service from a healthy one.`,
        ...located(ctx.finalStage.from),
        fix,
      });
    if (/^NONE$/i.test(check.args.trim()))
      return fail({
        message: "HEALTHCHECK NONE turns health checking off (including any the base image defines).",
        ...located(check),
        fix,
      });
    return pass(`The image declares a health check (Dockerfile:${check.line}).`, check.text);
  },
};

/** HEALTHCHECK NONE rewritten, or the health check added before the final stage's start command. */
function declareHealthcheck(dockerfile: string, line: number, ctx: StaticContext): QuickFix | undefined {
  const title = "Declare a HEALTHCHECK against the health endpoint";
  const replaced = findingFixAsInstruction(
    (c) => healthcheckDeclared.run(c),
    () => title,
  )(dockerfile, line, ctx);
  if (replaced) return replaced;
  const fix = findingAt(healthcheckDeclared.run(ctx), line)?.fix;
  return fix?.startsWith("HEALTHCHECK ") ? insertIntoFinalStage(dockerfile, ctx, title, fix) : undefined;
}
