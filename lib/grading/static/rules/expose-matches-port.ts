import { LESSONS } from "../../../content/lesson-slugs";
import { type Finding, skipped } from "../../checks/check-spec";
import { findingAt, findingFixAsInstruction, insertIntoFinalStage, instructionSpan, type QuickFix } from "../quick-fix";
import { finalLineage, outcome } from "../rule-helpers";
import { findServerLaunch } from "../server-launch";
import type { DockerInstruction, StaticContext } from "../static-context";
import { at, located, STATIC, type StaticRule } from "../static-rule";

export const exposeMatchesPort: StaticRule = {
  spec: {
    ...STATIC,
    id: "correctness.expose-matches-port",
    category: "correctness",
    title: "EXPOSE and the server's port match the service port",
    measures:
      "With run.port set: EXPOSE in the final image and the port a recognised " +
      "server command listens on (uvicorn --port, gunicorn --bind, …) must " +
      "equal run.port; no EXPOSE at all only warns.",
    points: 1,
    why:
      "EXPOSE documents which port the service listens on; docker run -P and " +
      "many platforms read it to wire up traffic. An EXPOSE that disagrees with " +
      "the port the server actually binds sends users (and load balancers) to a " +
      "closed port.",
    fix: "EXPOSE 8000, and start the server on that same port (e.g. uvicorn ... --port 8000).",
    lesson: LESSONS.serviceDockerfile,
    params: ["run.port"],
  },
  quickFix: exposeServicePort,
  run(ctx) {
    const port = ctx.checks.run?.port;
    if (port === undefined) return skipped("This exercise does not run the service, so there is no expected port.");
    const fails: Finding[] = [];
    const warns: Finding[] = [];
    const exposes = finalLineage(ctx).filter((i) => i.keyword === "EXPOSE");
    const exposed = exposes.flatMap((i) => exposedPorts(ctx, i).map((p) => ({ ...p, instruction: i })));
    if (exposes.length === 0) {
      warns.push({
        message: `The final image has no EXPOSE, so nothing documents that the service listens on port ${port}.`,
        location: ctx.finalStage ? at(ctx.finalStage.from.line) : undefined,
        fix: `EXPOSE ${port}`,
      });
    } else if (exposed.length === 0) {
      const last = exposes[exposes.length - 1]!;
      warns.push({
        message:
          `EXPOSE ${last.args} uses a variable with no default, so the exposed port ` +
          `cannot be compared with ${port} here.`,
        ...located(last),
        fix: `EXPOSE ${port}`,
      });
    } else if (!exposed.some((p) => p.from <= port && port <= p.to)) {
      const last = exposes[exposes.length - 1]!;
      fails.push({
        message:
          `EXPOSE lists ${exposed.map((p) => p.text).join(", ")}, but the service ` +
          `for this exercise listens on port ${port}.`,
        ...located(last),
        fix: `EXPOSE ${port}`,
      });
    }
    const launch = findServerLaunch(ctx);
    if (launch?.port !== undefined && launch.port !== port) {
      const flag =
        launch.server === "gunicorn" || launch.server === "hypercorn" ? `--bind 0.0.0.0:${port}` : `--port ${port}`;
      fails.push({
        message:
          `${launch.server} is started on port ${launch.port}, but the service for ` +
          `this exercise must listen on port ${port}.`,
        ...located(launch.instruction),
        fix: `Start it with port ${port}, e.g. ${flag}`,
      });
    }
    return outcome(
      fails,
      warns,
      `EXPOSE ${port} matches the port the service listens on.`,
      exposes.map((i) => i.text).join("\n") || undefined,
    );
  },
};

function exposedPorts(ctx: StaticContext, i: DockerInstruction): { from: number; to: number; text: string }[] {
  return ctx
    .expand(i.args, i)
    .split(/\s+/)
    .flatMap((word) => {
      const m = /^(\d+)(?:-(\d+))?(?:\/(tcp|udp|sctp))?$/i.exec(word);
      return m ? [{ from: Number(m[1]), to: Number(m[2] ?? m[1]), text: word }] : [];
    });
}

/** The wrong EXPOSE rewritten, or the missing one added to the final stage. The server's own port needs a person. */
function exposeServicePort(dockerfile: string, line: number, ctx: StaticContext): QuickFix | undefined {
  const replaced = findingFixAsInstruction(
    (c) => exposeMatchesPort.run(c),
    (fix) => `Write ${fix}`,
  )(dockerfile, line, ctx);
  if (replaced) return replaced;
  const fix = findingAt(exposeMatchesPort.run(ctx), line)?.fix;
  if (fix?.startsWith("Start it with port")) return serverOnServicePort(dockerfile, line, ctx);
  if (!fix?.startsWith("EXPOSE ") || ctx.instructions.some((i) => i.keyword === "EXPOSE" && i.line === line))
    return undefined;
  return insertIntoFinalStage(dockerfile, ctx, `Add ${fix}`, fix);
}

/** The server's port number swapped for the service port, where the start command writes it exactly once. */
function serverOnServicePort(dockerfile: string, line: number, ctx: StaticContext): QuickFix | undefined {
  const launch = findServerLaunch(ctx);
  const port = ctx.checks.run?.port;
  if (launch?.port === undefined || port === undefined || launch.instruction.line !== line) return undefined;
  const lines = dockerfile.split("\n");
  const { first, last } = instructionSpan(lines, line);
  const old = new RegExp(`(?<![\\w.])${launch.port}(?![\\w.])`, "g");
  const hits = lines
    .slice(first - 1, last)
    .flatMap((text, k) => [...text.matchAll(old)].map((m) => ({ n: first + k, m })));
  if (hits.length !== 1) return undefined;
  const { n, m } = hits[0]!;
  const column = m.index + 1;
  return {
    title: `Start ${launch.server} on port ${port}`,
    edits: [{ startLine: n, startColumn: column, endLine: n, endColumn: column + m[0].length, text: String(port) }],
  };
}
