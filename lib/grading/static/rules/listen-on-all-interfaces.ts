import { fail, pass, skipped } from "../../checks/check-spec";
import { LESSONS } from "../../checks/lessons";
import { findServerLaunch, isLoopback } from "../server-launch";
import { at, STATIC, type StaticRule } from "../static-rule";

export const listenOnAllInterfaces: StaticRule = {
  spec: {
    ...STATIC,
    id: "correctness.listen-on-all-interfaces",
    category: "correctness",
    title: "The server listens on all interfaces, not localhost",
    measures:
      "The server started by CMD/ENTRYPOINT (uvicorn, gunicorn, flask run, " +
      "hypercorn, fastapi, streamlit) must bind 0.0.0.0 (or ::), by flag, " +
      "environment variable or config; loopback, including these tools' " +
      "127.0.0.1 defaults, fails.",
    points: 2,
    why:
      "Inside a container, 127.0.0.1 is the container's own loopback: a server " +
      "bound there accepts connections only from inside the same container. " +
      "docker run -p 8000:8000 forwards traffic to the container's network " +
      "interface, where nothing listens, so every request from outside fails " +
      "even though the server looks fine in the logs. uvicorn, gunicorn and " +
      "flask run all default to 127.0.0.1.",
    fix:
      "Bind every interface: uvicorn app.main:app --host 0.0.0.0 --port 8000 " +
      "(gunicorn: --bind 0.0.0.0:8000; flask run: --host 0.0.0.0).",
    lesson: LESSONS.serviceDockerfile,
  },
  run(ctx) {
    const launch = findServerLaunch(ctx);
    if (!launch)
      return skipped(
        "The start command is not a server this check recognises (uvicorn, " +
          "gunicorn, flask run, hypercorn, fastapi, streamlit); the run phase tests " +
          "reachability instead.",
      );
    if (launch.host === undefined)
      return pass(
        `${launch.server} listens on a unix socket or file descriptor, not a TCP address.`,
        launch.instruction.text,
      );
    const host = launch.host.replace(/^\[|\]$/g, "");
    if (!isLoopback(host))
      return pass(
        `${launch.server} binds ${launch.host} (from ${launch.hostSource}), reachable from outside the container.`,
        launch.instruction.text,
      );
    const port = launch.port ?? ctx.checks.run?.port ?? 8000;
    const fix =
      launch.server === "gunicorn" || launch.server === "hypercorn" ? `--bind 0.0.0.0:${port}` : "--host 0.0.0.0";
    return fail({
      message:
        `${launch.server} binds ${launch.host} (${launch.hostSource}), the ` +
        `container's own loopback: requests forwarded from outside the container ` +
        `never reach it.`,
      location: at(launch.instruction.line),
      evidence: launch.instruction.text,
      fix: `Add ${fix} to the ${launch.server} command.`,
    });
  },
};
