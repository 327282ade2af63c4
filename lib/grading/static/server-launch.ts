import { programArgv, programName, splitShellCommands } from "../../dockerfile/shell-commands";
import { finalLineage, lastOf } from "./rule-helpers";
import type { DockerInstruction, StaticContext } from "./static-context";

/** How the image's start command runs a web server, as far as the text tells. */
export interface ServerLaunch {
  server: string;
  /** The address it binds; undefined for a unix socket or an address we cannot read. */
  host?: string;
  port?: number;
  /** Where the host came from, for messages: "--host", "its default", "UVICORN_HOST"... */
  hostSource: string;
  instruction: DockerInstruction;
  /** The launching command as written. */
  text: string;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|::1|\[::1\])$/;
export const isLoopback = (host: string): boolean => LOOPBACK.test(host);

/**
 * Finds the server the final image starts (uvicorn, gunicorn, flask run,
 * hypercorn, fastapi, streamlit, python -m http.server) in CMD/ENTRYPOINT,
 * following a "sh -c" script or an entrypoint script from the submitted files.
 */
export function findServerLaunch(ctx: StaticContext): ServerLaunch | undefined {
  if (!launches.has(ctx)) launches.set(ctx, searchLaunch(ctx));
  return launches.get(ctx);
}

// Two rules ask for the same context's launch.
const launches = new WeakMap<StaticContext, ServerLaunch | undefined>();

function searchLaunch(ctx: StaticContext): ServerLaunch | undefined {
  const lineage = finalLineage(ctx);
  const entrypoint = lastOf(lineage, "ENTRYPOINT");
  const cmd = lastOf(lineage, "CMD");
  // ENTRYPOINT ["uvicorn"] + CMD ["app:app", "--host", "0.0.0.0"] run as one command line.
  if (entrypoint?.exec && cmd?.exec) {
    const launch = readLaunch(ctx, entrypoint, programArgv([...entrypoint.exec, ...cmd.exec]));
    if (launch) return launch;
  }
  for (const instruction of [entrypoint, cmd]) {
    if (!instruction) continue;
    for (const argv of startCommands(ctx, instruction)) {
      const launch = readLaunch(ctx, instruction, programArgv(argv));
      if (launch) return launch;
    }
  }
  return undefined;
}

function startCommands(ctx: StaticContext, instruction: DockerInstruction): string[][] {
  const exec = instruction.exec;
  if (!exec) return splitShellCommands(instruction.args).map((c) => c.argv);
  if (/^(ba|da|z)?sh$/.test(programName(exec[0])) && exec[1] === "-c" && exec[2])
    return splitShellCommands(exec[2]).map((c) => c.argv);
  const script = exec[0]?.endsWith(".sh") ? fileNamed(ctx, exec[0]) : undefined;
  return script === undefined ? [exec] : [exec, ...splitShellCommands(script).map((c) => c.argv)];
}

/** The content of the context file with the same name as `path` (the first, if several). */
function fileNamed(ctx: StaticContext, path: string): string | undefined {
  const base = path.slice(path.lastIndexOf("/") + 1);
  for (const [file, content] of ctx.files) if (file === base || file.endsWith(`/${base}`)) return content;
  return undefined;
}

function readLaunch(ctx: StaticContext, at: DockerInstruction, argv: string[]): ServerLaunch | undefined {
  let words = argv;
  const name = programName(words[0]);
  if (/^python\d*(\.\d+)?$/.test(name) && words[1] === "-m" && words[2]) words = words.slice(2);
  const program = programName(words[0]);
  const env = (n: string) => ctx.variable(n, at);
  const base = { instruction: at, text: argv.join(" ") };
  const opt = (...names: string[]) => optionValue(words, names);
  switch (program) {
    case "uvicorn": {
      if (opt("--uds", "--fd")) return undefined;
      const flag = opt("--host");
      const envHost = env("UVICORN_HOST");
      return {
        ...base,
        server: "uvicorn",
        host: flag ?? envHost ?? "127.0.0.1",
        hostSource: flag ? "--host" : envHost ? "UVICORN_HOST" : "uvicorn's default",
        port: toPort(opt("--port") ?? env("UVICORN_PORT") ?? "8000"),
      };
    }
    case "gunicorn":
    case "hypercorn": {
      // gunicorn also takes its options from GUNICORN_CMD_ARGS and a config file.
      const gunicorn = program === "gunicorn";
      const bind =
        opt("-b", "--bind") ??
        (gunicorn ? (bindFromArgs(env("GUNICORN_CMD_ARGS")) ?? bindFromConfig(ctx, opt("-c", "--config"))) : undefined);
      return {
        ...base,
        server: program,
        ...parseBind(bind ?? "127.0.0.1:8000"),
        hostSource: bind ? "--bind" : `${program}'s default (127.0.0.1:8000)`,
      };
    }
    case "flask": {
      if (!words.includes("run")) return undefined;
      const flag = opt("--host", "-h");
      const envHost = env("FLASK_RUN_HOST");
      return {
        ...base,
        server: "flask run",
        host: flag ?? envHost ?? "127.0.0.1",
        hostSource: flag ? "--host" : envHost ? "FLASK_RUN_HOST" : "flask run's default",
        port: toPort(opt("--port", "-p") ?? env("FLASK_RUN_PORT") ?? "5000"),
      };
    }
    case "fastapi": {
      const dev = words[1] === "dev";
      if (!dev && words[1] !== "run") return undefined;
      const flag = opt("--host");
      return {
        ...base,
        server: `fastapi ${words[1]}`,
        host: flag ?? (dev ? "127.0.0.1" : "0.0.0.0"),
        hostSource: flag ? "--host" : `fastapi ${words[1]}'s default`,
        port: toPort(opt("--port") ?? "8000"),
      };
    }
    case "streamlit": {
      const flag = opt("--server.address");
      return {
        ...base,
        server: "streamlit",
        host: flag ?? "0.0.0.0",
        hostSource: flag ? "--server.address" : "streamlit's default",
        port: toPort(opt("--server.port") ?? "8501"),
      };
    }
    case "http.server": {
      const flag = opt("-b", "--bind");
      const port = words.slice(1).find((w) => /^\d+$/.test(w));
      return {
        ...base,
        server: "python -m http.server",
        host: flag ?? "0.0.0.0",
        hostSource: flag ? "--bind" : "its default",
        port: toPort(port ?? "8000"),
      };
    }
    default:
      return undefined;
  }
}

function optionValue(words: string[], names: string[]): string | undefined {
  let found: string | undefined;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    for (const n of names) {
      if (w === n && i + 1 < words.length) found = words[i + 1];
      else if (w.startsWith(`${n}=`)) found = w.slice(n.length + 1);
    }
  }
  return found;
}

function bindFromArgs(args: string | undefined): string | undefined {
  return args ? optionValue(splitShellCommands(args)[0]?.argv ?? [], ["-b", "--bind"]) : undefined;
}

/** gunicorn reads ./gunicorn.conf.py by default; a `bind = "0.0.0.0:8000"` there counts. */
function bindFromConfig(ctx: StaticContext, configPath: string | undefined): string | undefined {
  const content = fileNamed(ctx, (configPath ?? "gunicorn.conf.py").replace(/^python:/, "")) ?? "";
  return /^\s*bind\s*=\s*\[?\s*["']([^"']+)["']/m.exec(content)?.[1];
}

function parseBind(bind: string): { host?: string; port?: number } {
  if (bind.startsWith("unix:") || bind.startsWith("fd://")) return {};
  const m = /^(\[[^\]]*\]|[^:]*)(?::(\d+))?$/.exec(bind);
  if (!m) return {};
  // gunicorn and hypercorn treat an empty host (":8000") as every interface.
  return { host: m[1] === "" ? "0.0.0.0" : m[1], port: m[2] ? Number(m[2]) : 8000 };
}

function toPort(text: string): number | undefined {
  return /^\d+$/.test(text) ? Number(text) : undefined;
}
