import { LESSONS } from "../../../content/lesson-slugs";
import { fail, pass, skipped } from "../../checks/check-spec";
import { instructionSpan, lineFix, type QuickFix } from "../quick-fix";
import { findServerLaunch, isLoopback } from "../server-launch";
import type { StaticContext } from "../static-context";
import { located, STATIC, type StaticRule } from "../static-rule";

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
  quickFix: bindAllInterfaces,
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
    const fix = allInterfacesFlag(ctx);
    return fail({
      message:
        `${launch.server} binds ${launch.host} (${launch.hostSource}), the ` +
        `container's own loopback: requests forwarded from outside the container ` +
        `never reach it.`,
      ...located(launch.instruction),
      fix: `Add ${fix} to the ${launch.server} command.`,
    });
  },
};

/** The option that makes the launched server listen everywhere. */
function allInterfacesFlag(ctx: StaticContext): string {
  const launch = findServerLaunch(ctx);
  const port = launch?.port ?? ctx.checks.run?.port ?? 8000;
  return launch?.server === "gunicorn" || launch?.server === "hypercorn" ? `--bind 0.0.0.0:${port}` : "--host 0.0.0.0";
}

/**
 * A loopback address written in the start command becomes 0.0.0.0; a server left on its loopback default gets the
 * option added (a JSON array gets it as two more words). An address from ENV or a config file needs a person.
 */
function bindAllInterfaces(dockerfile: string, line: number, ctx: StaticContext): QuickFix | undefined {
  const launch = findServerLaunch(ctx);
  if (!launch?.host || launch.instruction.line !== line || !isLoopback(launch.host.replace(/^\[|\]$/g, "")))
    return undefined;
  const lines = dockerfile.split("\n");
  const { first, last } = instructionSpan(lines, line);
  const title = "Listen on all interfaces (0.0.0.0)";
  const edit = (n: number, start: number, end: number, text: string) => lineFix(title, n, start, end, text);
  if (!launch.hostSource.includes("default")) {
    for (let n = first; n <= last; n++) {
      const at = (lines[n - 1] ?? "").indexOf(launch.host);
      if (at >= 0) return edit(n, at + 1, at + 1 + launch.host.length, "0.0.0.0");
    }
    return undefined;
  }
  const flag = allInterfacesFlag(ctx);
  const end = lines[last - 1] ?? "";
  const instruction = launch.instruction;
  if (instruction.exec) {
    const close = end.lastIndexOf("]");
    if (close < 0 || /^(\/bin\/)?(ba|da)?sh$/.test(instruction.exec[0] ?? "")) return undefined;
    const words = flag
      .split(" ")
      .map((w) => `, "${w}"`)
      .join("");
    return edit(last, close + 1, close + 1, words);
  }
  // Shell form: only a lone command, so the option cannot land on another command of the line.
  if (/[;&|<>`$()]/.test(instruction.args)) return undefined;
  const trimmed = end.trimEnd().length + 1;
  return edit(last, trimmed, end.length + 1, ` ${flag}`);
}
