import { type Finding, skipped } from "../../checks/check-spec";
import { LESSONS } from "../../checks/lessons";
import { finalLineage, outcome } from "../rule-helpers";
import { findServerLaunch } from "../server-launch";
import type { DockerInstruction, StaticContext } from "../static-context";
import { at, STATIC, type StaticRule } from "../static-rule";

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
        location: at(last.line),
        evidence: last.text,
        fix: `EXPOSE ${port}`,
      });
    } else if (!exposed.some((p) => p.from <= port && port <= p.to)) {
      const last = exposes[exposes.length - 1]!;
      fails.push({
        message:
          `EXPOSE lists ${exposed.map((p) => p.text).join(", ")}, but the service ` +
          `for this exercise listens on port ${port}.`,
        location: at(last.line),
        evidence: last.text,
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
        location: at(launch.instruction.line),
        evidence: launch.instruction.text,
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
