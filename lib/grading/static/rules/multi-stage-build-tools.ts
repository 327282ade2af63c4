import { LESSONS } from "../../../content/lesson-slugs";
import type { Finding } from "../../checks/check-spec";
import { apkCall, aptCall } from "../apt-commands";
import { listing, outcome, runCommandsIn, shippedInstructions } from "../rule-helpers";
import type { DockerInstruction } from "../static-context";
import { located, STATIC, type StaticRule } from "../static-rule";

const BUILD_TOOLS = [
  "build-essential",
  "build-base",
  String.raw`gcc(-\d+)?`,
  String.raw`g\+\+(-\d+)?`,
  String.raw`clang(-\d+)?`,
  "gfortran",
  "make",
  "cmake",
  "ninja-build",
  "autoconf",
  "automake",
  "libtool",
  "pkg-config",
  "pkgconf",
  "git",
  "cargo",
  "rustc",
  "musl-dev",
  "linux-headers",
  // Any -dev/-devel package: headers are needed to build, not to run.
  "[a-z0-9.+-]+-dev(el)?",
];
const BUILD_TOOL = new RegExp(`^(${BUILD_TOOLS.join("|")})$`);

export const multiStageBuildTools: StaticRule = {
  spec: {
    ...STATIC,
    id: "size.multi-stage-build-tools",
    category: "size",
    title: "Build tools stay out of the final image",
    measures:
      "apt-get install / apk add in the stages that make up the final image " +
      "must not install compilers and build tools (build-essential, gcc, g++, " +
      "make, cmake, git, *-dev headers) unless the same RUN removes them again.",
    points: 2,
    why:
      "Compilers and headers are needed to build wheels (numpy from source, " +
      "psycopg2, custom C extensions), not to run them. Left in the final image " +
      "they add hundreds of MB and hand anyone who gets a shell in your " +
      "container a complete toolchain.",
    fix:
      "Install build tools in a builder stage (FROM python:3.11-slim AS " +
      "builder), build wheels or a virtualenv there, then COPY --from=builder " +
      "only the result into a clean final stage that installs just the runtime " +
      "libraries (e.g. libpq5 instead of libpq-dev).",
    lesson: LESSONS.multiStage,
  },
  run(ctx) {
    const fails: Finding[] = [];
    const reported = new Set<DockerInstruction>();
    for (const { instruction, command, index } of runCommandsIn(shippedInstructions(ctx))) {
      const call = aptCall(command.argv) ?? apkCall(command.argv);
      if (!call || (call.sub !== "install" && call.sub !== "add") || reported.has(instruction)) continue;
      const tools = call.packages.map((p) => p.split("=")[0]!).filter((p) => BUILD_TOOL.test(p));
      const removed = removedLater(instruction, index);
      const virtualGroupRemoved =
        call.tool === "apk" &&
        removed.size > 0 &&
        call.options.some((o) => o.startsWith("--virtual") || o.startsWith("-t="));
      const kept = virtualGroupRemoved ? [] : tools.filter((t) => !removed.has(t));
      if (kept.length === 0) continue;
      reported.add(instruction);
      fails.push({
        message: `The final image installs ${listing(kept)}: build tools your service does not need at run time.`,
        ...located(command),
        fix:
          `Move this install into a builder stage, build wheels there, and install them in the final stage ` +
          `through a bind mount of the builder, so the wheel files never become a layer of the image ` +
          `(a COPY --from of /wheels would keep them even if a later RUN deletes them):\n` +
          `FROM python:3.11-slim AS builder\n${instruction.text}\nCOPY requirements.txt .\n` +
          `RUN pip wheel --no-cache-dir --wheel-dir /wheels -r requirements.txt\n\n` +
          `FROM python:3.11-slim\nCOPY requirements.txt .\n` +
          `RUN --mount=type=bind,from=builder,source=/wheels,target=/wheels \\\n` +
          `    pip install --no-cache-dir --no-index --find-links=/wheels -r requirements.txt`,
      });
    }
    return outcome(fails, [], "The final image installs no compilers or build tools.");
  },
};

/** Packages purged in the same RUN after being installed never reach the layer. */
function removedLater(instruction: DockerInstruction, after: number): Set<string> {
  const removed = new Set<string>();
  for (const c of instruction.commands.slice(after + 1)) {
    const call = aptCall(c.argv) ?? apkCall(c.argv);
    if (call && ["purge", "remove", "del", "autoremove"].includes(call.sub))
      for (const p of call.packages) removed.add(p);
  }
  return removed;
}
